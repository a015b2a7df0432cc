/** Semantic tokens on an in-memory corpus: kinds, nesting, lines, ranges, modifiers and the wire encoding. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  anchorStateModifiers,
  encodeTokens,
  flatten,
  semanticTokens,
  type SemanticToken,
  type TokenModifierProvider,
} from '../../server/src/core/features/semanticTokens';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { fixtureCorpus, U } from '../support/navigationFixture';

const show = (ts: SemanticToken[]) => ts.map((t) => `${t.line}:${t.character}+${t.length} ${t.type}${t.modifiers.length ? '.' + t.modifiers.join('.') : ''}`);

describe('semantic tokens', () => {
  test('one token per annotated piece, multi-line quotes split per line, nested words cut out of the claim', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(show(semanticTokens(c, U.gazette)), [
      '0:21+19 figure',
      '0:57+14 entity',
      '1:1+19 quote',
      '2:0+19 quote',
      '2:27+8 entity',
      '3:0+21 claim',
      '3:21+3 entity',
      '3:24+5 claim',
    ]);
  });

  test('a client with multi-line support gets the quote whole', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(show(semanticTokens(c, U.gazette, { multiline: true })).slice(2, 4), ['1:1+39 quote', '2:27+8 entity']);
  });

  test('a range request gets only the tokens that meet the range', async () => {
    const c = await fixtureCorpus();
    const range = { start: { line: 2, character: 10 }, end: { line: 3, character: 5 } };
    assert.deepEqual(show(semanticTokens(c, U.gazette, { range })), ['2:0+19 quote', '2:27+8 entity', '3:0+21 claim']);
  });

  test('orphaned annotations, companions and unknown files give no tokens', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(show(semanticTokens(c, U.herald)), ['0:0+25 figure', '0:59+8 entity', '1:22+19 claim']);
    assert.deepEqual(semanticTokens(c, U.heraldAnn), []);
    assert.deepEqual(semanticTokens(c, 'file:///w/none.txt'), []);
  });

  test('modifier providers: merged, filtered to known modifiers, a throwing one skipped', async () => {
    const c = await fixtureCorpus();
    const conflicts: TokenModifierProvider = () => new Map([[0, ['conflict', 'conflict']], [3, ['contested']]]);
    const bogus: TokenModifierProvider = () => new Map([[0, ['sparkly' as never]]]);
    const broken: TokenModifierProvider = () => {
      throw new Error('boom');
    };
    const tokens = semanticTokens(c, U.gazette, { providers: [broken, conflicts, bogus] });
    assert.deepEqual(show(tokens).slice(0, 5), ['0:21+19 figure.conflict', '0:57+14 entity', '1:1+19 quote', '2:0+19 quote', '2:27+8 entity.contested']);
  });

  test('anchor states give drifted and ambiguous', async () => {
    const c = new Corpus(
      new InMemoryWorkspace({
        'file:///a/x.txt': 'one two one\n',
        'file:///a/x.ann.yaml': 'source:\n  outlet: X\nannotations:\n  - kind: figure\n    text: one\n  - kind: figure\n    text: two\n',
      }),
    );
    await c.indexAll();
    assert.deepEqual([...anchorStateModifiers(c, 'file:///a/x.txt')], [[0, ['ambiguous']]]);
  });

  test('flatten: the shortest piece wins where pieces overlap', () => {
    const piece = (start: number, end: number, order: number) => ({ span: { start, end }, type: 'claim' as const, modifiers: [], weight: end - start, order });
    const out = flatten([piece(0, 10, 0), piece(2, 4, 1), piece(3, 8, 2), piece(20, 22, 3)]);
    assert.deepEqual(out.map((p) => [p.order, p.span.start, p.span.end]), [[0, 0, 2], [1, 2, 4], [2, 4, 8], [0, 8, 10], [3, 20, 22]]);
  });

  test('the wire encoding is relative to the previous token', () => {
    const data = encodeTokens([
      { line: 0, character: 21, length: 19, type: 'figure', modifiers: [] },
      { line: 0, character: 57, length: 14, type: 'entity', modifiers: ['drifted', 'conflict'] },
      { line: 2, character: 3, length: 4, type: 'note', modifiers: ['contested'] },
    ]);
    assert.deepEqual(data, [0, 21, 19, 0, 0, 0, 36, 14, 2, 0b101, 2, 3, 4, 5, 0b1000]);
  });
});
