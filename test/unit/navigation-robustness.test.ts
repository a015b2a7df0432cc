/** The navigation features never throw and give well-formed ranges, at every offset of sound and broken files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definitionAt } from '../../server/src/core/features/definition';
import { documentLinks } from '../../server/src/core/features/documentLinks';
import { documentSymbols, type DocumentSymbol } from '../../server/src/core/features/documentSymbols';
import { offsetIn } from '../../server/src/core/features/locate';
import { referencesAt } from '../../server/src/core/features/references';
import { encodeTokens, semanticTokens } from '../../server/src/core/features/semanticTokens';
import { workspaceSymbols } from '../../server/src/core/features/workspaceSymbols';
import type { Range } from '../../server/src/core/model';
import { FILES, fixtureCorpus, ROOT } from '../support/navigationFixture';

const BROKEN: Record<string, string> = {
  'broken/dossier.yaml': 'entities: [a, b]\nquantities:\n  q: 42\nquotes:\n  x: { speaker: 42 }\n  y: { speaker: \n',
  'broken/a.txt': 'x\r\ny "z\r\n\r\n',
  'broken/a.ann.yaml':
    "source: 5\nannotations:\n  - kind: entity\n    text: [1,2]\n    entity: {a: 1}\n  - 7\n  - kind: quote\n    text: 'y \"z'\n    speaker: ''\n  - kind: figure\n    text: x\n    quantity: [unclosed\n",
  'broken/empty.ann.yaml': '',
  'broken/empty.txt': '',
};

function wellFormed(range: Range, what: string): void {
  const { start, end } = range;
  assert.ok(start.line >= 0 && start.character >= 0, what);
  assert.ok(end.line > start.line || (end.line === start.line && end.character >= start.character), what);
}

function checkSymbols(symbols: readonly DocumentSymbol[], what: string): void {
  for (const s of symbols) {
    assert.ok(s.name.length > 0, `${what}: empty symbol name`);
    wellFormed(s.range, what);
    wellFormed(s.selectionRange, what);
    checkSymbols(s.children ?? [], what);
  }
}

test('every offset of every file, sound or broken', async () => {
  const c = await fixtureCorpus(BROKEN);
  for (const [name, text] of Object.entries({ ...FILES, ...BROKEN })) {
    const uri = ROOT + name;
    for (let offset = -1; offset <= text.length + 1; offset++) {
      for (const l of definitionAt(c, uri, offset)) wellFormed(l.range, `${name}@${offset} definition`);
      for (const includeDeclaration of [true, false]) {
        for (const l of referencesAt(c, uri, offset, { includeDeclaration })) wellFormed(l.range, `${name}@${offset} references`);
      }
    }
    for (const l of documentLinks(c, uri)) wellFormed(l.range, `${name} link`);
    checkSymbols(documentSymbols(c, uri), name);
    const data = encodeTokens(semanticTokens(c, uri));
    assert.ok(data.every((n) => Number.isInteger(n) && n >= 0), `${name} tokens`);
    offsetIn(c, uri, { line: Number.NaN, character: -4 }); // must not throw
    offsetIn(c, uri, { line: 1e9, character: 1e9 });
  }
  for (const query of ['', ' ', 'ü', '.*', 'x'.repeat(500), undefined as unknown as string]) {
    for (const s of workspaceSymbols(c, query)) {
      assert.ok(s.name.length > 0);
      wellFormed(s.location.range, `symbol ${s.name}`);
    }
  }
});
