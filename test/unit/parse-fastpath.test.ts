/**
 * The fast YAML path (js-yaml events, server/src/core/parse/fastYaml.ts)
 * against the `yaml` package path it stands in for: on generated companions,
 * dossiers and odd YAML, parseYaml, parseCompanion and parseDossier give
 * deep-equal results whichever path reads the file; and every construct the
 * fast path does not model makes it step aside.
 *
 * Case counts: CORROBORATE_PROPERTY_RUNS, as the reliability suites.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseCompanion } from '../../server/src/core/parse/companion';
import { parseDossier } from '../../server/src/core/parse/dossier';
import { resolvePlain } from '../../server/src/core/parse/fastYaml';
import { parseYaml, type ParseYamlOptions } from '../../server/src/core/parse/yamlTree';
import { params } from '../support/reliability';

// ---------------------------------------------------------------------------
// A YAML model with its layout, and its rendering

type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded';
interface Scalar {
  readonly t: 'scalar';
  readonly text: string;
  readonly style: Style;
  readonly chomp: '' | '-' | '+';
  /** Block scalars: the lines' extra indentation; others: where a long one is broken over two lines. */
  readonly step: number;
}
interface Entry {
  readonly key: string;
  readonly value: Value | null;
  readonly before: Trivia;
  readonly comment: string;
}
interface MapV {
  readonly t: 'map';
  readonly entries: readonly Entry[];
  readonly flow: boolean;
  readonly step: number;
  readonly compact: boolean;
}
interface SeqV {
  readonly t: 'seq';
  readonly items: ReadonlyArray<{ readonly value: Value | null; readonly before: Trivia; readonly comment: string }>;
  readonly flow: boolean;
  readonly step: number;
  readonly compact: boolean;
}
type Value = Scalar | MapV | SeqV;
/** Blank lines and comment lines (each with a column) before an entry. */
type Trivia = ReadonlyArray<{ readonly column: number; readonly comment: string | null }>;

const NUMBERISH = [
  '1', '-0', '+12', '007', '08', '0o17', '0o8', '0x1F', '0x1f', '0xG', '1_000', '1.5', '1.', '.5', '+.5', '-.5e-5', '1e3', '1.2E-3', '-1E+2', '1e', 'e1',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE',
  'no', 'yes', 'on', 'off', 'y', '2026-03-05', '2026-03-05T10:00:00Z', '2026-3-5', '12:30', '1:20:30', '0b101', '1__2', '123456789012345678901234567890', '0.1e1', '44,000', '€1.2', '40%',
];
const PLAIN = [
  'c1', 'q-14-the-figures-we', 'Valdera Wire', 'Port Amsel', 'denies', 'about', 'é à ü', 'naïve café', '北京', '日本語', '😀 ok', '“quoted”', '‘single’',
  'x  y', "it's", 'a#b', 'a, b', 'a]b', 'a}b', 'more than 44,000 households', 'https://example.org/a?b=c#d', 'line — dash', 'e\u0301', 'nbsp\u00a0here', 'sep\u2028arated', 'nel\u0085x',
];
/** Plain scalars that also fit inside flow collections. */
const PLAIN_FLOW = ['c1', 'Port Amsel', 'é', '日本', 'x  y', "it's", 'a#b', 'x:y', 'https://e.org/p'];
const KEYS = ['id', 'kind', 'text', 'start', 'note', 'k-1', 'a.b', 'Key', 'é', '日本', 'x y', 'a/b', 'tag_2', '$ref', '1', '0x1F', 'true', 'null', '~', '2026-03-05', '-x'];
const QUOTED_KEYS = ['a: b', 'a #b', ' lead', 'q"q', "it's", '', '\\', '<<', 'line\nbreak', 'tab\there', '?x', '- x', '[x]'];

const quotedText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERISH, ...PLAIN, '', ' ', '  two  ', '#', ': ', '- ', '\\', '"', "'", 'a\nb', 'a\n\nb', ' \n ') },
);
const blockText = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PLAIN, ...NUMBERISH, 'more: text # not a comment', '- not a list') }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('  indented more', '   x') }), { minLength: 1, maxLength: 5 })
  .filter((lines) => lines[0] !== '' && !lines[0].startsWith(' '))
  .map((lines) => lines.join('\n'));

function scalarArb(inFlow: boolean): fc.Arbitrary<Scalar> {
  const plain = fc.constantFrom(...(inFlow ? PLAIN_FLOW : PLAIN), ...NUMBERISH.filter((s) => !inFlow || !/[,%]/.test(s)));
  const styles: Array<fc.WeightedArbitrary<Scalar>> = [
    { weight: 5, arbitrary: fc.tuple(plain, fc.nat(30)).map(([text, step]) => ({ t: 'scalar', text, style: 'plain', chomp: '', step })) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('scalar'), text: quotedText, style: fc.constantFrom('single', 'double'), chomp: fc.constant(''), step: fc.nat(30) }) },
  ];
  if (!inFlow) {
    styles.push({
      weight: 2,
      arbitrary: fc.record({ t: fc.constant('scalar'), text: blockText, style: fc.constantFrom('literal', 'folded'), chomp: fc.constantFrom('', '-', '+'), step: fc.integer({ min: 1, max: 3 }) }),
    });
  }
  return fc.oneof(...styles) as fc.Arbitrary<Scalar>;
}

const comment = fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' # note', '  #x', ' #', ' # a: b', ' # - c') });
const trivia: fc.Arbitrary<Trivia> = fc.oneof(
  { weight: 4, arbitrary: fc.constant([]) },
  { weight: 2, arbitrary: fc.array(fc.record({ column: fc.nat(8), comment: fc.oneof(fc.constant(null), fc.constantFrom('note', 'x: y', '- z', '')) }), { minLength: 1, maxLength: 3 }) },
);
const keyArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS).map((k) => ({ k, q: '' })) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...KEYS, ...QUOTED_KEYS), fc.constantFrom('"', "'")).map(([k, q]) => ({ k, q })) }).map(({ k, q }) => (q === '' ? k : quote(k, q === '"' ? 'double' : 'single')));

/** Keys that read the same (quoted or not, null in any spelling) count as one, so maps rarely repeat a key. */
function sameKey(k: string): string {
  const bare = k.replace(/^(['"])(.*)\1$/s, '$2');
  return ['', '~', 'null'].includes(bare) ? 'null' : bare;
}

function valueArb(keys: fc.Arbitrary<string>, depth: number, inFlow: boolean): fc.Arbitrary<Value | null> {
  const scalar = scalarArb(inFlow);
  if (depth <= 0) return inFlow ? scalar : fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: fc.constant(null) });
  const child = valueArb(keys, depth - 1, inFlow);
  const flowChild = valueArb(keys, depth - 1, true);
  const mapArb = (flow: boolean) =>
    fc.record({
      t: fc.constant('map' as const),
      entries: fc.uniqueArray(fc.record({ key: keys, value: flow ? flowChild : child, before: flow ? fc.constant([]) : trivia, comment: flow ? fc.constant('') : comment }), { minLength: 1, maxLength: 4, selector: (e) => sameKey(e.key) }),
      flow: fc.constant(flow),
      step: fc.integer({ min: 1, max: 4 }),
      compact: fc.boolean(),
    });
  const seqArb = (flow: boolean) =>
    fc.record({
      t: fc.constant('seq' as const),
      items: fc.array(fc.record({ value: flow ? flowChild : child, before: flow ? fc.constant([]) : trivia, comment: flow ? fc.constant('') : comment }), { minLength: flow ? 0 : 1, maxLength: 4 }),
      flow: fc.constant(flow),
      step: fc.integer({ min: 0, max: 3 }),
      compact: fc.boolean(),
    });
  const options: Array<fc.WeightedArbitrary<Value | null>> = [
    { weight: 5, arbitrary: scalar },
    { weight: 2, arbitrary: mapArb(true) },
    { weight: 2, arbitrary: seqArb(true) },
  ];
  if (!inFlow) options.push({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: mapArb(false) }, { weight: 3, arbitrary: seqArb(false) });
  return fc.oneof(...options);
}

function quote(text: string, style: 'single' | 'double'): string {
  // (A line break inside single quotes would be folded: those go double-quoted.)
  if (style === 'single' && !/[\r\n]/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  // JSON escapes are YAML escapes; lone surrogates stay escaped.
  return JSON.stringify(text).replace(/\\u([dD][89abAB][0-9a-fA-F]{2})/g, '\\u$1');
}

/** A plain or quoted scalar, broken over two lines at a space when `step` says so (continuation at `col`). */
function inline(s: Scalar, col: number): string {
  const q = s.style === 'plain' ? s.text : quote(s.text, s.style as 'single' | 'double');
  const at = q.indexOf(' ', Math.max(1, s.step));
  if (s.step < 15 || at <= 0 || at >= q.length - 1 || q[at - 1] === '\\') return q;
  return `${q.slice(0, at)}\n${' '.repeat(col)}${q.slice(at + 1)}`;
}

function flowText(v: Value | null, col: number): string {
  if (v === null) return '';
  if (v.t === 'scalar') return inline(v, col);
  const sep = v.step === 4 ? `,\n${' '.repeat(col)}` : v.step === 3 ? ' , ' : ', ';
  const trail = v.compact && v.step !== 4 && (v.t === 'map' ? v.entries : v.items).length > 0 ? ',' : '';
  if (v.t === 'seq') return `[${v.items.map((i) => flowText(i.value, col + 1)).join(sep)}${trail}]`;
  return `{ ${v.entries.map((e) => `${e.key}: ${flowText(e.value, col + 1)}`).join(sep)}${trail} }`;
}

function triviaText(t: Trivia): string {
  return t.map((l) => (l.comment === null ? ' '.repeat(l.column % 3) : `${' '.repeat(l.column)}# ${l.comment}`) + '\n').join('');
}

/** The text after `key:` or `-` (at column `col`), through the end of its line(s). */
function after(v: Value | null, col: number, comment: string, inSeq: boolean): string {
  if (v === null) return `${comment}\n`;
  if (v.t === 'scalar') {
    if (v.style === 'plain' || v.style === 'single' || v.style === 'double') return ` ${inline(v, col + 1)}${comment}\n`;
    const indent = ' '.repeat(col + v.step);
    const lines = v.text.split('\n').map((l) => (l === '' ? ' '.repeat(Math.min(v.step, 1)) : indent + l));
    return ` ${v.style === 'literal' ? '|' : '>'}${v.chomp}${comment}\n${lines.join('\n')}\n`;
  }
  if (v.flow) return ` ${flowText(v, col + 2)}${comment}\n`;
  if (v.compact && inSeq) {
    // `- key: value` / `- - item`: the first entry on the dash's line.
    const inner = block(v, col + 2);
    return ' ' + inner.replace(/^(?:[ ]*(?:#.*)?\n)*[ ]*/, '');
  }
  const step = v.t === 'seq' && !inSeq ? v.step : Math.max(1, v.step);
  return `${comment}\n${block(v, col + step)}`;
}

function block(v: MapV | SeqV, col: number): string {
  const pad = ' '.repeat(col);
  if (v.t === 'map') return v.entries.map((e) => `${triviaText(e.before)}${pad}${e.key}:${after(e.value, col, e.comment, false)}`).join('');
  return v.items.map((i) => `${triviaText(i.before)}${pad}-${after(i.value, col, i.comment, true)}`).join('');
}

interface Doc {
  readonly root: MapV | SeqV;
  readonly column: number;
  readonly tail: Trivia;
  readonly crlf: boolean;
  readonly finalNewline: boolean;
}

function render(d: Doc): string {
  let text = block(d.root, d.column) + triviaText(d.tail);
  if (!d.finalNewline) text = text.replace(/\n$/, '');
  return d.crlf ? text.replace(/\n/g, '\r\n') : text;
}

function docArb(root: fc.Arbitrary<MapV | SeqV>): fc.Arbitrary<Doc> {
  return fc.record({
    root,
    column: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
    tail: trivia,
    crlf: fc.boolean(),
    finalNewline: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  });
}

const entries = (pairs: fc.Arbitrary<ReadonlyArray<readonly [string, Value | null]>>) =>
  fc.tuple(pairs, fc.array(trivia, { minLength: 8, maxLength: 8 }), fc.array(comment, { minLength: 8, maxLength: 8 })).map(([ps, bs, cs]) =>
    ps.map(([key, value], i) => ({ key, value, before: bs[i % 8], comment: value && value.t !== 'scalar' ? '' : cs[i % 8] })),
  );
const blockMap = (pairs: fc.Arbitrary<ReadonlyArray<readonly [string, Value | null]>>): fc.Arbitrary<MapV> =>
  fc.record({ t: fc.constant('map' as const), entries: entries(pairs), flow: fc.constant(false), step: fc.integer({ min: 1, max: 4 }), compact: fc.boolean() });

const anyValue = valueArb(keyArb, 2, false);
const field = (names: readonly string[]) => fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: keyArb }), anyValue);

const SOURCE_FIELDS = ['outlet', 'published', 'title', 'url', 'byline', 'language', 'translated_from'];
const ANNOTATION_FIELDS = ['id', 'kind', 'text', 'start', 'prefix', 'suffix', 'note', 'entity', 'speaker', 'quote', 'quantity', 'value', 'approx', 'claimant', 'claim', 'stance', 'date'];
const annotation = blockMap(fc.uniqueArray(field(ANNOTATION_FIELDS), { minLength: 1, maxLength: 7, selector: ([k]) => sameKey(k) }));
const companionArb = docArb(
  blockMap(
    fc.tuple(
      blockMap(fc.uniqueArray(field(SOURCE_FIELDS), { minLength: 1, maxLength: 5, selector: ([k]) => sameKey(k) })),
      fc.record({
        t: fc.constant('seq' as const),
        items: fc.array(fc.record({ value: annotation, before: trivia, comment: fc.constant('') }), { minLength: 1, maxLength: 5 }),
        flow: fc.constant(false),
        step: fc.integer({ min: 0, max: 3 }),
        compact: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      }),
      fc.array(field(['title', 'other', 'annotations']), { maxLength: 1 }),
    ).map(([source, list, extra]): Array<readonly [string, Value | null]> => [['source', source], ['annotations', list], ...extra]),
  ),
);

const DEFINITION_FIELDS = ['name', 'label', 'aliases', 'type', 'role', 'unit', 'speaker', 'text'];
const definitions = blockMap(fc.uniqueArray(fc.tuple(keyArb, fc.oneof(blockMap(fc.uniqueArray(field(DEFINITION_FIELDS), { maxLength: 4, minLength: 1, selector: ([k]) => sameKey(k) })), anyValue)), { minLength: 1, maxLength: 4, selector: ([k]) => sameKey(k) }));
const dossierArb = docArb(
  blockMap(
    fc.uniqueArray(fc.tuple(fc.constantFrom('title', 'entities', 'quantities', 'claims', 'quotes', 'other'), fc.oneof(definitions, anyValue)), { minLength: 1, maxLength: 5, selector: ([k]) => sameKey(k) }),
  ),
);
const genericArb = docArb(valueArb(keyArb, 3, false).filter((v): v is MapV | SeqV => v !== null && v.t !== 'scalar' && !v.flow));

// ---------------------------------------------------------------------------
// The properties

/** How many generated files the fast path read, to show the properties test something. */
const tally = { fast: 0, all: 0 };

function assertSamePaths(text: string): void {
  const fast = parseYaml(text);
  const slow = parseYaml(text, { forceFallback: true });
  tally.all++;
  if (fast.fast) tally.fast++;
  assert.equal(slow.fast, false);
  assert.deepStrictEqual({ ...fast, fast: false }, slow, `parseYaml differs for ${JSON.stringify(text)}`);
}

/** For generated files: `read` (and parseYaml) give deep-equal results on the fast path and forced onto the yaml package. */
function sameOnBothPaths(docs: fc.Arbitrary<Doc>, read: (text: string, options: ParseYamlOptions) => unknown, weight: number): void {
  fc.assert(
    fc.property(docs, (d) => {
      const text = render(d);
      assertSamePaths(text);
      assert.deepStrictEqual(read(text, {}), read(text, { forceFallback: true }), JSON.stringify(text));
    }),
    params(weight),
  );
}

describe('fast YAML path', () => {
  test('companions: parseCompanion gives the same result on both paths', () => {
    sameOnBothPaths(companionArb, (text, options) => parseCompanion('file:///w/a.ann.yaml', text, options), 4);
  });

  test('dossiers: parseDossier gives the same result on both paths', () => {
    sameOnBothPaths(dossierArb, (text, options) => parseDossier('file:///w/dossier.yaml', text, options), 3);
  });

  test('any YAML of these shapes, and mutations of it: the same tree and problems on both paths', () => {
    const mutated = genericArb.chain((d) => {
      const text = render(d);
      return fc.oneof(
        { weight: 2, arbitrary: fc.constant(text) },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.tuple(fc.nat(text.length), fc.nat(3), fc.constantFrom('', ' ', '  ', '\n', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '?', 'é')), { minLength: 1, maxLength: 3 })
            .map((edits) => edits.reduce((t, [at, del, ins]) => t.slice(0, at) + ins + t.slice(at + del), text)),
        },
      );
    });
    fc.assert(fc.property(mutated, (text) => assertSamePaths(text)), params(4));
  });

  test('the fast path reads most generated files (the properties above compare something)', () => {
    assert.ok(tally.all > 0);
    assert.ok(tally.fast / tally.all > 0.5, `fast path read ${tally.fast} of ${tally.all} files`);
  });

  test('plain scalars resolve as the yaml package resolves them (core schema)', () => {
    const plainish = fc.stringMatching(/^[-+.0-9eEoxXa-fA-FinfINFnaNlLuUtTrsS_~:]{1,10}$/);
    fc.assert(
      fc.property(plainish, (s) => {
        const text = `v: ${s}\n`;
        assertSamePaths(text);
        const slow = parseYaml(text, { forceFallback: true });
        if (slow.problems.length === 0) assert.deepStrictEqual(resolvePlain(s), parse(text).v, s);
      }),
      params(2),
    );
  });
});

describe('fast YAML path: what it reads and what it leaves to the yaml package', () => {
  const reads = (text: string) => {
    assertSamePaths(text);
    return parseYaml(text).fast;
  };

  test('a plain companion is read by the fast path, with dates and odd numbers as the yaml package reads them', () => {
    const text = 'source:\n  outlet: Wire\n  published: 2026-03-05\nannotations:\n  - id: 1_000\n    start: 0o17\n    value: 0x1F\n    note: ~\n    text: .inf\n    prefix: True\n';
    assert.equal(reads(text), true);
    const c = parseCompanion('file:///w/a.ann.yaml', text);
    assert.equal(c.source.published, '2026-03-05');
    assert.deepStrictEqual(
      Object.fromEntries(Object.entries(c.annotations[0].fields).map(([k, f]) => [k, f.value])),
      { id: '1_000', start: 15, value: 31, note: null, text: Infinity, prefix: true },
    );
  });

  test('comments, blank lines, empty values, CRLF, block scalars and flow collections stay on the fast path', () => {
    for (const text of [
      'a:\n  - x\n    # indented\n\n  # at the list\nb: # after\n  k:\n\n# end\n',
      'a: |\r\n  one\r\n\r\n  two\r\nb: >-\r\n  folded\r\n  text\r\n',
      'k: [a, "b", {c: 1, d: [ ]}, ]  # flow\nj: { }\n',
      'empty:\nlist:\n  -\n  - x\n',
    ]) {
      assert.equal(reads(text), true, JSON.stringify(text));
    }
  });

  test('each thing the fast path does not model falls back to the yaml package', () => {
    const cases: Record<string, string> = {
      'syntax error (js-yaml throws)': 'a: b: c\n',
      'unterminated quote': 'a: "open\n',
      'duplicate key': 'a: 1\na: 2\n',
      'keys equal as keyName sees them': '1: a\n"1": b\n',
      'several documents': 'a: 1\n---\nb: 2\n',
      'document start marker': '---\na: 1\n',
      'document end marker': 'a: 1\n...\n',
      'directive': '%YAML 1.2\n---\na: 1\n',
      anchor: 'a: &x 1\n',
      alias: 'a: &x 1\nb: *x\n',
      tag: 'a: !!str 1\n',
      'merge key': 'base: {x: 1}\nm:\n  <<: {y: 2}\n',
      'explicit key': '? a\n: b\n',
      tab: 'a:\tb\n',
      'byte order mark': '\ufeffa: 1\n',
      'lone carriage return': 'a: 1\rb: 2\n',
      'block scalar indentation indicator': 'a: |2\n   x\n',
      'empty block scalar': 'a: |\nb: 1\n',
      'pair inside a flow sequence': 'a: [b: 1]\n',
      'flow map key without value': 'a: {b, c: 1}\n',
      'collection as key': '[a]: 1\n',
      // The yaml package reads "on - y" as one item here, and "v: on" with "w: y" as a key on one line.
      'plain scalar below a comment no more indented than its list': '- x\n-\n#c\n  on\n- y\n',
      'plain scalar below a comment no more indented than its map': 'k:\n  v:\n #c\n     on\n  w: y\n',
    };
    for (const [what, text] of Object.entries(cases)) assert.equal(reads(text), false, `${what}: ${JSON.stringify(text)}`);
  });

  test('the flow nesting guard still runs first, with its message', () => {
    const text = 'annotations: ' + '['.repeat(300) + ']'.repeat(300) + '\n';
    const r = parseYaml(text);
    assert.equal(r.fast, false);
    assert.match(r.problems[0].message, /nested more than 256 levels/);
    assert.deepStrictEqual(parseCompanion('file:///w/a.ann.yaml', text), parseCompanion('file:///w/a.ann.yaml', text, { forceFallback: true }));
  });

  test('syntax errors keep the yaml package messages', () => {
    const text = 'source:\n  outlet: "X\nannotations: []\n';
    const c = parseCompanion('file:///w/a.ann.yaml', text);
    assert.equal(c.hasSyntaxError, true);
    assert.deepStrictEqual(c, parseCompanion('file:///w/a.ann.yaml', text, { forceFallback: true }));
    assert.match(c.problems[0].message, /^YAML syntax error: /);
  });
});
