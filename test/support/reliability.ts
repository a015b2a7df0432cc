/**
 * Shared pieces of the reliability suites: how many property cases to run,
 * generators (fast-check arbitraries) of articles, companions and dossiers
 * (sound, mutated and hostile), an independent typographic normaliser and
 * similarity (fastest-levenshtein, not the engine's own distance), and range
 * checks against a document's text.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import type { Range } from '../../server/src/core/model';
import { DOSSIER } from './navigationFixture';

// ---------------------------------------------------------------------------
// Case counts

/**
 * Total property cases for the whole reliability suite: env
 * CORROBORATE_PROPERTY_RUNS (the nightly script sets >= 100,000), default 3,000.
 * Each property takes a share (its weight, out of 100).
 */
const DEFAULT_TOTAL_RUNS = 3000;
export const TOTAL_RUNS = (() => {
  const n = Number(process.env.CORROBORATE_PROPERTY_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_TOTAL_RUNS;
})();

export function runsFor(weightPercent: number): number {
  return Math.max(10, Math.round((TOTAL_RUNS * weightPercent) / 100));
}

/** A fixed seed unless CORROBORATE_PROPERTY_SEED is set (the nightly run varies it). */
export const SEED = (() => {
  const n = Number(process.env.CORROBORATE_PROPERTY_SEED);
  return Number.isFinite(n) ? Math.floor(n) : 20260305;
})();

/** fast-check parameters for `numRuns` cases on the project's seed. */
function onSeed(numRuns: number): fc.Parameters<unknown> {
  return { numRuns, seed: SEED, includeErrorInReport: true, endOnFailure: process.env.CORROBORATE_PROPERTY_SHRINK === '0' };
}

/** fast-check parameters for a property with this weight. */
export function params(weightPercent: number): fc.Parameters<unknown> {
  return onSeed(runsFor(weightPercent));
}

/**
 * fast-check parameters for a property outside the reliability suites, which
 * sizes itself: `runs` cases at the default total, scaled with
 * CORROBORATE_PROPERTY_RUNS (the nightly run's 100,000 gives each about 33
 * times as many), on the project's seed. So `npm test` runs the same cases
 * every time, and a new counterexample turns up in the nightly run, with a
 * seed to replay it, rather than by chance in CI.
 */
export function seeded(runs: number): fc.Parameters<unknown> {
  return onSeed(Math.max(1, Math.round((runs * TOTAL_RUNS) / DEFAULT_TOTAL_RUNS)));
}

// ---------------------------------------------------------------------------
// Independent typographic normalisation and similarity

const QUOTE1 = /[\u2018\u2019\u201a\u201b\u2032\u2039\u203a]/g;
const QUOTE2 = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASH = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;
const SPACE_RUN = /[\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** Quotes, dashes, ellipsis, invisible characters and white space runs folded; trimmed. */
export function normalise(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(QUOTE1, "'")
    .replace(QUOTE2, '"')
    .replace(DASH, '-')
    .replace(/\u2026/g, '...')
    .replace(SPACE_RUN, ' ')
    .trim();
}

/** 1 - Levenshtein(found, text) / |text|, both normalised (the engine's documented measure, computed independently). */
export function similarity(found: string, text: string): number {
  const a = normalise(found);
  const b = normalise(text);
  if (b.length === 0) return a.length === 0 ? 1 : 0;
  return 1 - distance(a, b) / b.length;
}

// ---------------------------------------------------------------------------
// Ranges

/** Line lengths (line breaks excluded) as the core counts lines: \n, \r\n and a lone \r end one. */
export function lineLengths(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      out.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push(text.length - start);
  return out;
}

export function assertPositionIn(lines: readonly number[], p: { line: number; character: number }, what: string): void {
  assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: non-integer position ${JSON.stringify(p)}`);
  assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} outside 0..${lines.length - 1}`);
  assert.ok(p.character >= 0 && p.character <= lines[p.line], `${what}: character ${p.character} past line ${p.line}'s length ${lines[p.line]}`);
}

export function assertRangeIn(lines: readonly number[], r: Range, what: string): void {
  assertPositionIn(lines, r.start, what);
  assertPositionIn(lines, r.end, what);
  const ordered = r.end.line > r.start.line || (r.end.line === r.start.line && r.end.character >= r.start.character);
  assert.ok(ordered, `${what}: range ends before it starts ${JSON.stringify(r)}`);
}

// ---------------------------------------------------------------------------
// Generators

const WORDS = (
  'the port authority said on Wednesday that about 8,000 dockworkers had walked out over pay and automation ' +
  'union leader Jane Roe told reporters "we will not go back" until demands are met police estimated ' +
  'lorries queued for twelve kilometres minister Marco Ferrer called for talks €1.2 billion 40% per cent ' +
  'Almará Crónica señor naïve café 北京 Zürich — – … “quoted” ‘single’ 1,250 3.5m March 4 2026'
).split(' ');

/** Characters that stress text handling: astral plane, combining marks, RTL, invisible, line separators, lone surrogates. */
const ODD = ['😀', '𝔘', '👩‍👩‍👧', 'e\u0301', '\u202e', '\u200b', '\u00ad', '\u2028', '\u0085', '\ud800', '\udfff', '\u0000', '\t', '\r', '\r\n', '\n\n', '\ufeff', 'ﬁ', '\u00a0'];

export const word = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) });

/** A realistic-looking article with paragraphs, and a sprinkling of hostile characters. */
export const articleArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.array(word, { minLength: 3, maxLength: 30 }), { minLength: 1, maxLength: 8 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  )
  .map(([paras, eol, bom]) => (bom ? '\ufeff' : '') + paras.map((p) => p.join(' ') + '.').join(eol + eol) + eol);

/** Any string at all, including lone surrogates and control characters. */
export const anyString = fc.string({ unit: 'binary', maxLength: 40 });

/** A value of any YAML-ish type, for "every field of the wrong type". */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  anyString,
  fc.array(fc.oneof(fc.integer(), anyString), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), anyString), { maxKeys: 3 }),
);

/** Writes a value as YAML: flow JSON-ish for collections, double-quoted strings with escapes. */
export function yamlOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/\\u([dD][89abAB][0-9a-fA-F]{2})/g, '\\u$1');
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '.nan';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(yamlOf).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${yamlOf(x)}`).join(', ')}}`;
  return 'null';
}

const KIND_VALUES = ['figure', 'quote', 'entity', 'claim', 'date', 'note'];
const KEYS = ['jane-roe', 'port-authority', 'strikers', 'strike-legal', 'not-back', 'ghost'];

export interface AnnotationSpec {
  readonly kind: unknown;
  readonly text: unknown;
  readonly extra: ReadonlyArray<readonly [string, unknown]>;
}

/** An annotation, mostly well formed, anchored on a slice of `article` (or not). */
export function annotationArb(article: string): fc.Arbitrary<AnnotationSpec> {
  const n = article.length;
  const slice = fc.tuple(fc.nat(Math.max(0, n)), fc.integer({ min: 1, max: 80 })).map(([s, len]) => article.slice(s, Math.min(n, s + len)));
  const text = fc.oneof({ weight: 6, arbitrary: slice }, { weight: 1, arbitrary: anyString }, { weight: 1, arbitrary: anyValue });
  const extraField = fc.oneof(
    fc.tuple(fc.constantFrom('entity', 'speaker', 'claimant', 'quantity', 'claim', 'quote'), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: anyValue })),
    fc.tuple(fc.constant('start'), fc.oneof(fc.nat(n + 5), fc.integer(), fc.double(), anyValue)),
    fc.tuple(fc.constantFrom('prefix', 'suffix', 'note', 'id'), fc.oneof(slice, anyString, anyValue)),
    fc.tuple(fc.constant('value'), fc.oneof(fc.double(), fc.integer(), anyValue)),
    fc.tuple(fc.constantFrom('approx', 'stance', 'unit', 'date', 'as_of'), fc.oneof(fc.constantFrom('about', 'over', 'asserts', 'denies', '2026-03-04', 'workers'), anyValue)),
    fc.tuple(fc.string({ maxLength: 8 }), anyValue),
  );
  return fc.record({
    kind: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...KIND_VALUES) }, { weight: 1, arbitrary: anyValue }),
    text,
    extra: fc.array(extraField, { maxLength: 5 }),
  });
}

export function companionYaml(specs: readonly AnnotationSpec[], eol = '\n', source: unknown = { outlet: 'The Gazette', published: '2026-03-05' }): string {
  const lines = ['# generated', `source: ${yamlOf(source)}`, 'annotations:'];
  for (const a of specs) {
    lines.push(`  - kind: ${yamlOf(a.kind)}`, `    text: ${yamlOf(a.text)}`);
    const seen = new Set(['kind', 'text']);
    for (const [k, v] of a.extra) {
      if (seen.has(k) || !/^[A-Za-z_][\w-]*$/.test(k)) continue;
      seen.add(k);
      lines.push(`    ${k}: ${yamlOf(v)}`);
    }
  }
  return lines.join(eol) + eol;
}

/** The shared test dossier (the navigation fixture's). */
export const DOSSIER_BASE = DOSSIER;

/** A dossier: the sound one, or one with definitions of random shapes. */
export const dossierArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant(DOSSIER_BASE),
  fc
    .array(
      fc.tuple(fc.constantFrom('entities', 'quantities', 'claims', 'quotes', 'title', 'other'), fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), anyValue),
      { maxLength: 8 },
    )
    .map((defs) => {
      const bySection = new Map<string, string[]>();
      for (const [section, key, value] of defs) {
        const list = bySection.get(section) ?? [];
        list.push(`  ${JSON.stringify(key)}: ${yamlOf(value)}`);
        bySection.set(section, list);
      }
      return [...bySection].map(([s, items]) => `${s}:\n${items.join('\n')}`).join('\n') + '\n';
    }),
);

/** Deeply nested flow or block YAML. */
export const deepYaml = fc.tuple(fc.integer({ min: 10, max: 3000 }), fc.boolean()).map(([depth, flow]) =>
  flow ? 'annotations: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n' : 'annotations:\n' + Array.from({ length: Math.min(depth, 400) }, (_, i) => ' '.repeat(i * 2 + 2) + '- a:').join('\n') + '\n',
);

/** Anchors and aliases, including exponential ones (billion laughs, kept small for the property). */
export const aliasYaml = fc.integer({ min: 1, max: 9 }).map((levels) => {
  const lines = ['source: &s { outlet: &o Gazette }', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('annotations:', `  - &item { kind: entity, text: *o, entity: *a${levels} }`, '  - *item', `  - *a${levels}`, '  - <<: *item');
  return lines.join('\n') + '\n';
});

/** Mutations of a file's text: truncation, random bytes spliced in, CRLF, BOM, a huge string. */
export function mutate(text: string): fc.Arbitrary<string> {
  const n = text.length;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(text) },
    { weight: 2, arbitrary: fc.nat(n).map((k) => text.slice(0, k)) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(n), fc.nat(n), anyString).map(([a, b, s]) => text.slice(0, Math.min(a, b)) + s + text.slice(Math.max(a, b))) },
    { weight: 1, arbitrary: fc.constant(text.replace(/\r?\n/g, '\r\n')) },
    { weight: 1, arbitrary: fc.constant('\ufeff' + text) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(n), fc.integer({ min: 1000, max: 60_000 })).map(([k, len]) => text.slice(0, k) + 'x'.repeat(len) + text.slice(k)) },
    { weight: 1, arbitrary: fc.constantFrom('', '\ufeff', '---\n...\n', '- a\n- b\n', '"unterminated', 'a: b: c', '\t\tbad: tabs\n', '%YAML 1.1\n---\nannotations: !!binary aGVsbG8=\n') },
  );
}

/** Random edits of an article: insertions, deletions and replacements of words or characters. */
export type ArticleEdit =
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'replace'; readonly at: number; readonly length: number; readonly text: string }
  | { readonly op: 'typography' }
  | { readonly op: 'crlf' }
  | { readonly op: 'reflow'; readonly width: number };

export const editArb: fc.Arbitrary<ArticleEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(word, fc.array(word, { maxLength: 12 }).map((w) => w.join(' ') + ' ')) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 12 }), text: word }) },
  { weight: 1, arbitrary: fc.constant({ op: 'typography' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reflow' as const), width: fc.integer({ min: 20, max: 100 }) }) },
);

/** Applies one edit (positions are fractions of the length). */
export function applyEdit(text: string, e: ArticleEdit): string {
  const at = (x: number) => Math.min(text.length, Math.floor(x * text.length));
  switch (e.op) {
    case 'insert':
      return text.slice(0, at(e.at)) + e.text + text.slice(at(e.at));
    case 'delete':
      return text.slice(0, at(e.at)) + text.slice(at(e.at) + e.length);
    case 'replace':
      return text.slice(0, at(e.at)) + e.text + text.slice(at(e.at) + e.length);
    case 'typography':
      return text.replace(/"([^"\n]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019').replace(/ - /g, ' \u2014 ');
    case 'crlf':
      return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
    case 'reflow':
      return reflow(text, e.width);
  }
}

/** Re-wraps every paragraph at `width` columns (paragraphs = blocks separated by a blank line). */
export function reflow(text: string, width: number): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => {
      const words = p.split(/[ \t\r\n]+/).filter(Boolean);
      const lines: string[] = [];
      let line = '';
      for (const w of words) {
        if (line && line.length + 1 + w.length > width) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      if (line) lines.push(line);
      return lines.join(eol);
    })
    .join(eol + eol);
}
