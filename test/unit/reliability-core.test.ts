/**
 * Property-based tests of the core on random and mutated inputs: the corpus
 * and every feature entry point never throw, every range they report lies
 * inside its document, and indexing is deterministic.
 *
 * Case counts: see test/support/reliability.ts (CORROBORATE_PROPERTY_RUNS).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyChanges, type EditPlan } from '../../server/src/core/edit/changes';
import { Corpus } from '../../server/src/core/corpus';
import { annotateActions } from '../../server/src/core/features/annotate';
import { completions } from '../../server/src/core/features/completion';
import { definitionAt } from '../../server/src/core/features/definition';
import { documentLinks } from '../../server/src/core/features/documentLinks';
import { documentSymbols, type DocumentSymbol } from '../../server/src/core/features/documentSymbols';
import { hover } from '../../server/src/core/features/hover';
import type { CoreCodeAction, EditInputs } from '../../server/src/core/features/inputs';
import { fixAllActions, quickFixes, type DiagnosticInput } from '../../server/src/core/features/quickfix';
import { referencesAt, REFERENCE_CONTRIBUTORS } from '../../server/src/core/features/references';
import { renameKey, renameTarget } from '../../server/src/core/features/rename';
import { encodeTokens, semanticTokens } from '../../server/src/core/features/semanticTokens';
import { workspaceSymbols } from '../../server/src/core/features/workspaceSymbols';
import { decode, rangeOf } from '../../server/src/core/text';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import {
  aliasYaml,
  annotationArb,
  anyString,
  anyValue,
  articleArb,
  assertRangeIn,
  companionYaml,
  deepYaml,
  dossierArb,
  lineLengths,
  mutate,
  params,
} from '../support/reliability';

const W = 'file:///ws/';
const ARTICLE = W + 'a.txt';
const COMPANION = W + 'a.ann.yaml';
const DOSSIER = W + 'dossier.yaml';
const OTHER = W + 'sub/b.txt';
const OTHER_ANN = W + 'sub/b.ann.yaml';
const TODAY = new Date(Date.UTC(2026, 2, 5));

interface Files {
  [uri: string]: string | Uint8Array;
}

/** A workspace: an article with a companion (both maybe mutated), a dossier, and a second source. */
const filesArb: fc.Arbitrary<Files> = articleArb.chain((article) =>
  fc
    .record({
      article: mutate(article),
      companion: fc.oneof(
        { weight: 6, arbitrary: fc.tuple(fc.array(annotationArb(article), { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).chain(([specs, eol]) => mutate(companionYaml(specs, eol))) },
        { weight: 1, arbitrary: deepYaml },
        { weight: 1, arbitrary: aliasYaml },
        { weight: 1, arbitrary: anyValue.map((source) => companionYaml([], '\n', source)) },
      ),
      dossier: fc.oneof({ weight: 4, arbitrary: dossierArb.chain(mutate) }, { weight: 1, arbitrary: aliasYaml }, { weight: 1, arbitrary: deepYaml }),
      other: fc.oneof(fc.constant<string | Uint8Array>('Jane Roe said the strike is legal.\n'), fc.uint8Array({ maxLength: 64 }), anyString),
      otherAnn: fc.array(annotationArb('Jane Roe said the strike is legal.\n'), { maxLength: 4 }).map((s) => companionYaml(s)),
    })
    .map((f) => ({ [ARTICLE]: f.article, [COMPANION]: f.companion, [DOSSIER]: f.dossier, [OTHER]: f.other, [OTHER_ANN]: f.otherAnn })),
);

/** The text of a file as the core sees it ('' when it is not text). */
function textOf(files: Files, uri: string): string {
  const c = files[uri];
  if (c === undefined) return '';
  const d = decode(c);
  return d.ok ? d.text : '';
}

async function corpusOf(files: Files): Promise<{ corpus: Corpus; inputs: EditInputs }> {
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const inputs: EditInputs = { corpus, text: (uri) => (files[uri] === undefined ? undefined : textOf(files, uri)), canCreateFiles: true };
  return { corpus, inputs };
}

function checkSymbols(lines: number[], symbols: readonly DocumentSymbol[], what: string): void {
  for (const s of symbols) {
    assert.ok(typeof s.name === 'string' && s.name.length > 0, `${what}: empty name`);
    assertRangeIn(lines, s.range, what);
    assertRangeIn(lines, s.selectionRange, what);
    checkSymbols(lines, s.children ?? [], what);
  }
}

/** A plan's changes fit the current text of each file they change. */
function checkPlan(files: Files, plan: EditPlan | undefined, what: string): void {
  for (const f of plan?.files ?? []) {
    const base = f.create ? '' : textOf(files, f.uri);
    assert.equal(f.base, base, `${what}: plan computed on a stale text of ${f.uri}`);
    for (const c of f.changes) {
      assert.ok(Number.isInteger(c.start) && Number.isInteger(c.end) && 0 <= c.start && c.start <= c.end && c.end <= base.length, `${what}: change outside ${f.uri}`);
      assert.equal(typeof c.newText, 'string');
    }
    applyChanges(base, f.changes);
  }
}

function checkActions(files: Files, actions: readonly CoreCodeAction[], what: string): void {
  for (const a of actions) {
    assert.ok(a.title.length > 0, `${what}: untitled action`);
    checkPlan(files, a.plan, `${what} "${a.title}"`);
  }
}

/** Every entry point at the given offsets of every file; checks every range. */
function exercise(files: Files, corpus: Corpus, inputs: EditInputs, offsets: readonly number[]): void {
  const lines = new Map<string, number[]>();
  const linesOf = (uri: string) => {
    let l = lines.get(uri);
    if (!l) lines.set(uri, (l = lineLengths(textOf(files, uri))));
    return l;
  };
  const uris = [...Object.keys(files), W + 'missing.txt', W + 'missing.ann.yaml', 'untitled:x.txt', W + 'notes.md'];
  for (const uri of uris) {
    const text = textOf(files, uri);
    for (const d of corpus.diagnostics(uri)) {
      assertRangeIn(linesOf(d.uri), d.range, `diagnostic ${d.code} on ${uri}`);
      assert.equal(d.uri, uri);
      for (const r of d.related ?? []) assertRangeIn(linesOf(r.uri), r.range, `related of ${d.code} on ${uri}`);
    }
    checkSymbols(linesOf(uri), documentSymbols(corpus, uri), `symbols of ${uri}`);
    for (const l of documentLinks(corpus, uri)) {
      assertRangeIn(linesOf(uri), l.range, `link in ${uri}`);
      const m = /#L(\d+),(\d+)$/.exec(l.target);
      assert.ok(m, `link target ${l.target}`);
      const target = l.target.slice(0, m.index);
      assertRangeIn(linesOf(target), rangeOf([0], { start: 0, end: 0 }), 'link target');
      const tl = linesOf(target);
      assert.ok(+m[1] - 1 < tl.length && +m[2] - 1 <= tl[+m[1] - 1], `link target ${l.target} outside ${target}`);
    }
    const tokens = semanticTokens(corpus, uri);
    for (const t of tokens) {
      const ll = linesOf(uri);
      assert.ok(t.line < ll.length && t.length > 0 && t.character + t.length <= ll[t.line], `token ${JSON.stringify(t)} outside ${uri}`);
    }
    assert.ok(encodeTokens(tokens).every((n) => Number.isInteger(n) && n >= 0));
    checkActions(files, fixAllActions(inputs, uri), `fix-all on ${uri}`);
    const diagnostics: DiagnosticInput[] = corpus.diagnostics(uri);
    checkActions(files, quickFixes(inputs, uri, diagnostics), `quick fixes on ${uri}`);
    // Diagnostics as a client may send them back: any code, any data.
    checkActions(files, quickFixes(inputs, uri, diagnostics.map((d, i) => ({ ...d, data: i % 2 ? null : { start: -1, found: 7, span: { start: 'x' }, candidates: [1, null], key: 5 } }))), `bogus quick fixes on ${uri}`);

    for (const offset of offsets) {
      const at = Math.round(offset * (text.length + 4)) - 2;
      const h = hover(corpus, uri, at);
      if (h) {
        assert.equal(typeof h.markdown, 'string');
        if (h.span) assertRangeIn(linesOf(uri), rangeOf(corpus.lineStartsOf(uri) ?? [0], h.span, text.length), `hover span in ${uri}@${at}`);
      }
      for (const l of definitionAt(corpus, uri, at)) assertRangeIn(linesOf(l.uri), l.range, `definition from ${uri}@${at}`);
      for (const includeDeclaration of [true, false]) {
        for (const l of referencesAt(corpus, uri, at, { includeDeclaration, contributors: REFERENCE_CONTRIBUTORS })) {
          assertRangeIn(linesOf(l.uri), l.range, `reference from ${uri}@${at}`);
        }
      }
      const clamped = Math.max(0, Math.min(text.length, at));
      for (const c of completions(inputs, uri, text, clamped, TODAY)) {
        assert.ok(c.replace.start >= 0 && c.replace.start <= c.replace.end && c.replace.end <= text.length, `completion range in ${uri}@${at}`);
      }
      const end = Math.min(text.length, clamped + 1 + (at % 37 + 37) % 37);
      checkActions(files, annotateActions(inputs, uri, { start: clamped, end }), `annotate ${uri}@${at}`);
      const target = renameTarget(inputs, uri, at);
      if (target) {
        assertRangeIn(linesOf(uri), rangeOf(corpus.lineStartsOf(uri) ?? [0], target.span), `rename target in ${uri}@${at}`);
        for (const name of ['renamed-key', '', 'bad name', target.key, '\ud800']) {
          const r = renameKey(inputs, uri, at, name);
          if ('plan' in r) checkPlan(files, r.plan, `rename ${uri}@${at} to ${name}`);
          else assert.equal(typeof r.error, 'string');
        }
      }
    }
  }
  for (const q of ['', 'roe', '\ud800', 'x'.repeat(300)]) {
    for (const s of workspaceSymbols(corpus, q)) assertRangeIn(linesOf(s.location.uri), s.location.range, `workspace symbol ${s.name}`);
  }
}

function snapshot(corpus: Corpus, uris: readonly string[]): string {
  return JSON.stringify(
    uris.map((u) => [
      u,
      corpus.diagnostics(u),
      corpus.anchorsOf(u),
      documentSymbols(corpus, u),
      semanticTokens(corpus, u),
    ]),
  );
}

describe('core properties', () => {
  test('index, diagnostics and every feature at random offsets: no throw, ranges inside their documents', async () => {
    await fc.assert(
      fc.asyncProperty(filesArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }), async (files, offsets) => {
        const { corpus, inputs } = await corpusOf(files);
        exercise(files, corpus, inputs, offsets);
      }),
      params(3),
    );
  });

  test('updateText with random and mutated contents keeps the corpus answering and consistent with a fresh index', async () => {
    await fc.assert(
      fc.asyncProperty(filesArb, fc.array(fc.tuple(fc.constantFrom(ARTICLE, COMPANION, DOSSIER, OTHER_ANN), fc.oneof(articleArb, anyString, aliasYaml, dossierArb)), { minLength: 1, maxLength: 5 }), async (files, changes) => {
        const { corpus } = await corpusOf(files);
        const now: Files = { ...files };
        for (const [uri, text] of changes) {
          await corpus.updateText(uri, text);
          now[uri] = text;
        }
        const fresh = await corpusOf(now);
        for (const uri of Object.keys(now)) {
          const lines = lineLengths(textOf(now, uri));
          for (const d of corpus.diagnostics(uri)) assertRangeIn(lines, d.range, `diagnostic ${d.code} on ${uri} after updates`);
        }
        // Incremental updates end where a fresh index of the same files does.
        const uris = Object.keys(now);
        assert.equal(snapshot(corpus, uris), snapshot(fresh.corpus, uris));
      }),
      params(2),
    );
  });

  test('indexing is deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(filesArb, async (files) => {
        const a = await corpusOf(files);
        const b = await corpusOf(files);
        const uris = Object.keys(files);
        assert.equal(snapshot(a.corpus, uris), snapshot(b.corpus, uris));
      }),
      params(1),
    );
  });
});
