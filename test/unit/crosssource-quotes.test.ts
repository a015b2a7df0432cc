/** The quote index kept between analyses gives the same counterparts as one built anew. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normaliseWords, quoteSimilarity } from '../../server/src/core/analysis/quotes';
import { listing } from '../../server/src/core/crossSource/related';
import { QuoteIndex } from '../../server/src/core/crossSource/quotes';
import type { QuoteReading } from '../../server/src/core/crossSource/readings';
import { seeded } from '../support/reliability';

const SENTENCES = [
  'We will not go back until the port pays what it owes',
  'We will not go back',
  'Every day this port stays shut costs the country money it does not have',
  'Each day the port is closed is costing the country money it simply does not have',
  'There will be no negotiation while a single crane stands idle',
  'Our offer stands and it is the last one',
  'The strike is illegal and must end',
];

function quote(companion: number, index: number, words: string, key?: string): QuoteReading {
  return {
    companion: { uri: `file:///w/c${companion}.ann.yaml`, articleUri: `file:///w/c${companion}.txt` },
    annotation: { index, span: { start: 0, end: 0 }, fields: {} },
    anchor: { state: 'placed', score: 1 },
    outlet: `Outlet ${companion}`,
    text: words,
    words,
    quoteKey: key,
  } as unknown as QuoteReading;
}

/** Every quote's counterparts, in the order the index gives them (by source, then position). */
const summary = (index: QuoteIndex, quotes: readonly QuoteReading[]) =>
  quotes
    .map((q) => [`${q.companion.uri}#${q.annotation.index}`, index.get(`${q.companion.uri}#${q.annotation.index}`) ?? []] as const)
    .filter(([, cs]) => cs.length)
    .map(([k, cs]) => `${k}->${cs.map((c) => `${c.other.companion.uri}#${c.other.annotation.index}@${c.score}${c.identical ? '=' : ''}${c.fragment ? '<' : ''}`).join(',')}`)
    .sort();

test('incremental updates agree with a fresh build', () => {
  const arbQuote = fc.record({
    companion: fc.integer({ min: 0, max: 5 }),
    sentence: fc.integer({ min: 0, max: SENTENCES.length - 1 }),
    key: fc.constantFrom(undefined, undefined, 'k1', 'k2'),
  });
  fc.assert(
    fc.property(fc.array(arbQuote, { maxLength: 14 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 6 }), (rows, drops) => {
      const all = rows.map((r, i) => quote(r.companion, i, SENTENCES[r.sentence], r.key));
      const kept = all.filter((_, i) => !drops.includes(i));
      // Some keyed: a key's new wording is compared with its others (a fragment of one, or not) as it comes.
      const extra = drops.map((d, i) => quote((d % 6) as number, 100 + i, SENTENCES[d % SENTENCES.length], [undefined, 'k1', 'k2'][d % 3]));
      const index = new QuoteIndex(0.4);
      index.update(all);
      index.findings(all, undefined); // cached, to be reused where nothing changed
      index.update([...kept, ...extra]);
      const fresh = new QuoteIndex(0.4);
      fresh.update([...kept, ...extra]);
      assert.deepEqual(summary(index, [...kept, ...extra]), summary(fresh, [...kept, ...extra]));
      const findings = (i: QuoteIndex) => i.findings([...kept, ...extra], undefined).map((f) => `${f.uri}#${f.annotation}:${f.code}:${f.message}`);
      assert.deepEqual(findings(index), findings(fresh));
    }),
    seeded(300),
  );
});

test('keyed quotes pair by key only; unkeyed by wording; never within one source', () => {
  const index = new QuoteIndex(0.4);
  const quotes = [quote(0, 0, SENTENCES[0]), quote(1, 0, SENTENCES[1]), quote(1, 1, SENTENCES[0], 'k1'), quote(2, 0, SENTENCES[4], 'k1'), quote(0, 1, SENTENCES[0])];
  index.update(quotes);
  const s = summary(index, quotes).map((line) => line.replace(/@[^,]*/g, ''));
  assert.deepEqual(s, [
    'file:///w/c0.ann.yaml#0->file:///w/c1.ann.yaml#0',
    'file:///w/c0.ann.yaml#1->file:///w/c1.ann.yaml#0',
    'file:///w/c1.ann.yaml#0->file:///w/c0.ann.yaml#0,file:///w/c0.ann.yaml#1',
    'file:///w/c1.ann.yaml#1->file:///w/c2.ann.yaml#0',
    'file:///w/c2.ann.yaml#0->file:///w/c1.ann.yaml#1',
  ]);
});

test('counterparts are every pair a brute-force comparison finds: same key, or unkeyed and alike enough, in other sources', () => {
  const arbQuote = fc.record({
    companion: fc.integer({ min: 0, max: 4 }),
    sentence: fc.integer({ min: 0, max: SENTENCES.length - 1 }),
    key: fc.constantFrom(undefined, undefined, 'k1', 'k2'),
  });
  fc.assert(
    fc.property(fc.array(arbQuote, { maxLength: 16 }), (rows) => {
      const quotes = rows.map((r, i) => quote(r.companion, i, SENTENCES[r.sentence], r.key));
      const index = new QuoteIndex(0.4);
      index.update(quotes);
      for (const q of quotes) {
        const expected = quotes
          .filter((o) => o.companion.uri !== q.companion.uri)
          .filter((o) => (q.quoteKey !== undefined ? o.quoteKey === q.quoteKey : o.quoteKey === undefined && quoteSimilarity(q.words, o.words).score >= 0.4))
          .map((o) => `${o.companion.uri}#${o.annotation.index}`)
          .sort();
        const got = (index.get(`${q.companion.uri}#${q.annotation.index}`) ?? []).map((c) => `${c.other.companion.uri}#${c.other.annotation.index}`);
        assert.deepEqual(got, expected);
      }
    }),
    seeded(300),
  );
});

test('a source quoting the same words twice does not count against itself', () => {
  const field = { value: 'x', key: { start: 0, end: 0 }, node: { start: 0, end: 0 } };
  const speaker = (q: QuoteReading, s: string) => ({ ...q, speaker: s, annotation: { ...q.annotation, fields: { text: field, speaker: field } } }) as QuoteReading;
  const quotes = [
    speaker(quote(0, 0, SENTENCES[0], 'k1'), 'roe'),
    speaker(quote(0, 1, SENTENCES[0], 'k1'), 'doe'), // the same source, another speaker: not a counterpart
    speaker(quote(1, 0, SENTENCES[0], 'k1'), 'roe'),
    speaker(quote(2, 0, SENTENCES[0], 'k1'), 'roe'),
  ];
  const index = new QuoteIndex(0.4);
  index.update(quotes);
  const found = index.findings(quotes, undefined).map((f) => `${f.uri.slice(-11)}#${f.annotation}:${f.code}:${f.message}`);
  assert.deepEqual(found, [
    'c0.ann.yaml#1:quote-misattributed:This quote is attributed here to doe, but to roe by Outlet 1 and roe by Outlet 2.',
    'c1.ann.yaml#0:quote-misattributed:This quote is attributed here to roe, but to doe by Outlet 0.',
    'c2.ann.yaml#0:quote-misattributed:This quote is attributed here to roe, but to doe by Outlet 0.',
  ]);
});

test('findings say what a pair-by-pair comparison finds: who words it differently, who names another speaker', () => {
  const field = { value: 'x', key: { start: 0, end: 0 }, node: { start: 0, end: 0 } };
  const arbQuote = fc.record({
    companion: fc.integer({ min: 0, max: 7 }),
    sentence: fc.integer({ min: 0, max: SENTENCES.length - 1 }),
    key: fc.constantFrom(undefined, 'k1', 'k1', 'k2'),
    speaker: fc.constantFrom(undefined, 'roe', 'roe', 'doe'),
  });
  const place = (q: QuoteReading) => `${q.companion.uri}#${q.annotation.index}`;
  const same = (a: string, b: string) => normaliseWords(a).join(' ') === normaliseWords(b).join(' ');
  fc.assert(
    fc.property(fc.array(arbQuote, { maxLength: 24 }), (rows) => {
      const quotes = rows.map((r, i) => {
        const q = quote(r.companion, i, SENTENCES[r.sentence], r.key);
        // Two companions per outlet, so outlets are counted apart from sources.
        const outlet = `Outlet ${r.companion % 4}`;
        return { ...q, outlet, speaker: r.speaker, annotation: { ...q.annotation, fields: { text: field, ...(r.speaker ? { speaker: field } : {}) } } } as QuoteReading;
      });
      const index = new QuoteIndex(0.4);
      index.update(quotes);
      const found = index.findings(quotes, undefined);
      for (const q of quotes) {
        const counterparts = quotes
          .filter((o) => o.companion.uri !== q.companion.uri)
          .filter((o) => (q.quoteKey !== undefined ? o.quoteKey === q.quoteKey : o.quoteKey === undefined && quoteSimilarity(q.words, o.words).score >= 0.4))
          .sort((a, b) => (place(a) < place(b) ? -1 : 1));
        const mine = found.filter((f) => f.uri === q.companion.uri && f.annotation === q.annotation.index);
        const divergent = counterparts.filter((o) => !same(q.words, o.words) && !quoteSimilarity(q.words, o.words).fragment);
        const d = mine.find((f) => f.code === 'quote-divergent');
        assert.equal(!!d, divergent.length > 0, `${place(q)} divergent`);
        if (d) {
          const outlets = [...new Set(divergent.map((o) => o.outlet))];
          assert.ok(d.message.startsWith(`${listing(outlets)} ${divergent.length === 1 ? 'words' : 'word'} this quote differently (`), d.message);
          assert.equal((d.message.match(/% alike/g) ?? []).length, Math.min(4, divergent.length));
          assert.deepEqual(
            d.related?.map((r) => r.message),
            divergent.slice(0, 4).map((o) => `${o.outlet}: “${o.words}”`),
          );
        }
        const others = q.speaker ? counterparts.filter((o) => o.speaker && o.speaker !== q.speaker) : [];
        const m = mine.find((f) => f.code === 'quote-misattributed');
        assert.equal(!!m, others.length > 0, `${place(q)} misattributed`);
        if (m) assert.equal(m.message, `This quote is attributed here to ${q.speaker}, but to ${listing(others.map((o) => `${o.speaker} by ${o.outlet}`))}.`);
      }
    }),
    seeded(300),
  );
});

test('edit after edit, with findings read between, the kept index says what a fresh one says', () => {
  // Each quote's words at a place of their own, so a related place tells which quote it follows.
  const field = (companion: number, index: number) => ({ value: 'x', key: { start: 0, end: 0 }, node: { start: companion * 100 + index * 10, end: companion * 100 + index * 10 + 5 } });
  const row = fc.record({
    sentence: fc.integer({ min: 0, max: SENTENCES.length - 1 }),
    key: fc.constantFrom(undefined, 'k1', 'k1', 'k2'),
    speaker: fc.constantFrom(undefined, 'roe', 'roe', 'doe'),
  });
  const COMPANIONS = 12;
  const make = (companion: number, index: number, r: { sentence: number; key?: string; speaker?: string }) => {
    const q = quote(companion, index, SENTENCES[r.sentence], r.key);
    // Two companions per outlet, so outlets are counted apart from sources.
    const f = field(companion, index);
    return { ...q, outlet: `Outlet ${companion % 4}`, speaker: r.speaker, annotation: { ...q.annotation, fields: { text: f, ...(r.speaker ? { speaker: f } : {}) } } } as QuoteReading;
  };
  const key = (q: QuoteReading) => `${q.companion.uri}#${q.annotation.index}`;
  // What a user is shown: each finding's place, code, message and data, and where and what its related places say.
  const shown = (index: QuoteIndex, quotes: readonly QuoteReading[]) =>
    index.findings(quotes, undefined).map((f) => `${f.uri}#${f.annotation}:${f.code}:${f.message}:${JSON.stringify(f.data)}:${(f.related ?? []).map((r) => `${r.uri}@${r.span.start} ${r.message}`).join('|')}`);
  fc.assert(
    fc.property(
      fc.array(fc.array(row, { maxLength: 3 }), { minLength: COMPANIONS, maxLength: COMPANIONS }),
      fc.array(
        fc.record({
          companion: fc.integer({ min: 0, max: COMPANIONS - 1 }),
          rows: fc.array(row, { maxLength: 3 }),
          keep: fc.boolean(),
          // Or one quote reworded, all else the same (typing in its text): it moves to other words of its key.
          reword: fc.option(fc.record({ at: fc.nat(), sentence: fc.integer({ min: 0, max: SENTENCES.length - 1 }) }), { freq: 2 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      (initial, edits) => {
        let byCompanion = initial.map((rows, c) => rows.map((r, i) => make(c, i, r)));
        const rowsOf = new Map<QuoteReading, { sentence: number; key?: string; speaker?: string }>();
        byCompanion.forEach((quotes, c) => quotes.forEach((q, i) => rowsOf.set(q, initial[c][i])));
        const index = new QuoteIndex(0.4);
        index.update(byCompanion.flat());
        shown(index, byCompanion.flat()); // worked out and kept, to be reused where nothing changed
        for (const e of edits) {
          // An edit makes new readings; one that says the same may be kept (the same object, see readings.carryOver).
          const old = byCompanion[e.companion];
          const reworded = (i: number) => {
            const r = { ...rowsOf.get(old[i])!, sentence: e.reword!.sentence };
            const q = make(e.companion, i, r);
            rowsOf.set(q, r);
            return q;
          };
          const next =
            e.reword && old.length
              ? old.map((q, i) => (i === e.reword!.at % old.length ? reworded(i) : q))
              : e.rows.map((r, i) => {
                  if (e.keep && old[i]) return old[i];
                  const q = make(e.companion, i, r);
                  rowsOf.set(q, r);
                  return q;
                });
          byCompanion = byCompanion.map((rows, c) => (c === e.companion ? next : rows));
          const quotes = byCompanion.flat();
          index.update(quotes);
          index.placeAgain(byCompanion[e.companion]);
          const fresh = new QuoteIndex(0.4);
          fresh.update(quotes);
          assert.deepEqual(shown(index, quotes), shown(fresh, quotes), `after an edit of c${e.companion}: ${byCompanion[e.companion].map(key)}`);
        }
      },
    ),
    seeded(300),
  );
});

test('many quotes of a key coming and going between two readings: the kept index says what a fresh one says', () => {
  // A key's view is patched quote by quote after a few changes, and made again after many (CHANGES_MAX): both must agree with a fresh index.
  const make = (companion: number, index: number, sentence: number, speaker: string) => {
    const q = quote(companion, index, SENTENCES[sentence], 'k1');
    const f = { value: 'x', key: { start: 0, end: 0 }, node: { start: companion * 1000 + index * 10, end: companion * 1000 + index * 10 + 5 } };
    return { ...q, outlet: `Outlet ${companion % 7}`, speaker, annotation: { ...q.annotation, fields: { text: f, speaker: f } } } as QuoteReading;
  };
  const row = fc.record({ companion: fc.integer({ min: 0, max: 24 }), sentence: fc.integer({ min: 0, max: SENTENCES.length - 1 }), speaker: fc.constantFrom('roe', 'roe', 'doe') });
  fc.assert(
    fc.property(fc.array(row, { minLength: 20, maxLength: 60 }), fc.array(row, { maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (rows, added, dropped) => {
      const all = rows.map((r, i) => make(r.companion, i, r.sentence, r.speaker));
      const next = [...all.slice(dropped), ...added.map((r, i) => make(r.companion, 100 + i, r.sentence, r.speaker))];
      const shown = (i: QuoteIndex) =>
        i.findings(next, undefined).map((f) => `${f.uri}#${f.annotation}:${f.code}:${f.message}:${JSON.stringify(f.data)}:${(f.related ?? []).map((r) => `${r.uri}@${r.span.start} ${r.message}`).join('|')}`);
      const index = new QuoteIndex(0.4);
      index.update(all);
      assert.ok(index.findings(all, undefined).length > 0, 'a key in several wordings and speakers has findings');
      index.update(next);
      const fresh = new QuoteIndex(0.4);
      fresh.update(next);
      assert.deepEqual(shown(index), shown(fresh));
      assert.deepEqual(summary(index, next), summary(fresh, next));
    }),
    seeded(200),
  );
});

test("a source's other quote of a key goes: its remaining quote is worked out with every source again", () => {
  // Beta's quote in c20 was worked out leaving out c20, whose other wording was a counterpart of its own.
  // Once that one is gone (and Beta quotes the other wording in c30 instead), what the wording's quotes
  // share reads the same, but c20's quote must now count Beta too.
  const at = (companion: number, index: number, sentence: number, outlet: string) => {
    const q = quote(companion, index, SENTENCES[sentence], 'k1');
    const f = { value: 'x', key: { start: 0, end: 0 }, node: { start: index * 10, end: index * 10 + 5 } };
    return { ...q, outlet, speaker: 'roe', annotation: { ...q.annotation, fields: { text: f, speaker: f } } } as QuoteReading;
  };
  const alpha = [0, 1, 2, 3, 4].map((i) => at(10, i, 2, 'Alpha'));
  const [gone, stays] = [at(20, 0, 2, 'Beta'), at(20, 1, 0, 'Beta')];
  const came = at(30, 0, 2, 'Beta');
  const divergent = (index: QuoteIndex, quotes: readonly QuoteReading[]) =>
    index.findings(quotes, undefined).find((f) => f.uri === stays.companion.uri && f.annotation === stays.annotation.index)?.message;
  const index = new QuoteIndex(0.4);
  index.update([...alpha, gone, stays]);
  assert.match(divergent(index, [...alpha, gone, stays]) ?? '', /^Alpha word this quote differently/);
  const next = [...alpha, stays, came];
  index.update(next);
  assert.match(divergent(index, next) ?? '', /^Alpha and Beta word this quote differently/);
});
