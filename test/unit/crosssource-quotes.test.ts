/** The quote index kept between analyses gives the same counterparts as one built anew. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { QuoteIndex } from '../../server/src/core/crossSource/quotes';
import type { QuoteReading } from '../../server/src/core/crossSource/readings';

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

const summary = (m: Map<string, { other: QuoteReading; score: number }[]>) =>
  [...m].map(([k, cs]) => `${k}->${cs.map((c) => `${c.other.companion.uri}#${c.other.annotation.index}`).sort().join(',')}`).sort();

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
      const extra = drops.map((d, i) => quote((d % 6) as number, 100 + i, SENTENCES[d % SENTENCES.length]));
      const index = new QuoteIndex(0.4);
      index.update(all);
      const ok = index.update([...kept, ...extra]);
      const fresh = new QuoteIndex(0.4);
      fresh.update([...kept, ...extra]);
      if (ok) assert.deepEqual(summary(index.counterparts()), summary(fresh.counterparts()));
    }),
    { numRuns: Number(process.env.CORROBORATE_PROPERTY_RUNS ?? 300) },
  );
});

test('keyed quotes pair by key only; unkeyed by wording; never within one source', () => {
  const index = new QuoteIndex(0.4);
  index.update([quote(0, 0, SENTENCES[0]), quote(1, 0, SENTENCES[1]), quote(1, 1, SENTENCES[0], 'k1'), quote(2, 0, SENTENCES[4], 'k1'), quote(0, 1, SENTENCES[0])]);
  const s = summary(index.counterparts());
  assert.deepEqual(s, [
    'file:///w/c0.ann.yaml#0->file:///w/c1.ann.yaml#0',
    'file:///w/c0.ann.yaml#1->file:///w/c1.ann.yaml#0',
    'file:///w/c1.ann.yaml#0->file:///w/c0.ann.yaml#0,file:///w/c0.ann.yaml#1',
    'file:///w/c1.ann.yaml#1->file:///w/c2.ann.yaml#0',
    'file:///w/c2.ann.yaml#0->file:///w/c1.ann.yaml#1',
  ]);
});
