/**
 * Property-based tests of the anchoring engine: after any sequence of random
 * edits of an article, every annotation the engine attaches (placed, moved,
 * drifted) sits on text that matches it at or above the threshold, measured
 * independently (our own normalisation, fastest-levenshtein); results are
 * deterministic and the same alone or in a batch; spans are whole (no split
 * surrogate pair or CRLF) and inside the article.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { anchor, anchorAll, disambiguate } from '../../server/src/core/anchoring';
import type { AnchorQuery, AnchorResult } from '../../server/src/core/model';
import { anyString, applyEdit, articleArb, editArb, normalise, params, similarity } from '../support/reliability';

/** What the test asserts about one result. */
export function checkResult(article: string, q: AnchorQuery, r: AnchorResult, threshold: number, what = ''): void {
  const spans = [...(r.span ? [r.span] : []), ...(r.candidates ?? []), ...(r.nearest ? [r.nearest] : [])];
  for (const s of spans) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= article.length, `${what} span ${JSON.stringify(s)} outside the article`);
    for (const at of [s.start, s.end]) {
      const before = article.charCodeAt(at - 1);
      const after = article.charCodeAt(at);
      assert.ok(!(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff), `${what} span splits a surrogate pair at ${at}`);
      assert.ok(!(before === 13 && after === 10), `${what} span splits a CRLF at ${at}`);
    }
  }
  if (r.state === 'placed' || r.state === 'moved' || r.state === 'drifted') {
    assert.ok(r.span, `${what} ${r.state} without a span`);
    const found = article.slice(r.span.start, r.span.end);
    const sim = similarity(found, q.text);
    assert.ok(sim >= threshold - 1e-9, `${what} ${r.state} on ${JSON.stringify(found)} for ${JSON.stringify(q.text)}: similarity ${sim.toFixed(4)} < ${threshold}`);
    if (r.state !== 'drifted') assert.equal(sim, 1, `${what} ${r.state} must be an exact or typographic match`);
  } else {
    assert.equal(r.span, undefined, `${what} ${r.state} must not be attached`);
  }
}

interface Case {
  readonly original: string;
  readonly queries: AnchorQuery[];
}

/** An article and annotations taken from it the way an annotator would (text, sometimes context and start). */
const caseArb: fc.Arbitrary<Case> = articleArb.chain((original) =>
  fc
    .array(
      fc.record({
        start: fc.nat(Math.max(0, original.length - 1)),
        length: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 12, max: 120 })),
        context: fc.constantFrom('none', 'disambiguate', 'words', 'start', 'both'),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((picks) => ({
      original,
      queries: picks.map(({ start: from, length, context }) => {
        // A selection in an editor never splits a character or a CRLF.
        const start = snap(original, from, -1);
        const end = Math.max(start, snap(original, Math.min(original.length, from + length), 1));
        const text = original.slice(start, end);
        const q: { -readonly [K in keyof AnchorQuery]: AnchorQuery[K] } = { text };
        if (context === 'disambiguate' || context === 'both') Object.assign(q, disambiguate(original, { start, end }));
        if (context === 'words') {
          q.prefix = original.slice(Math.max(0, start - 24), start);
          q.suffix = original.slice(end, end + 24);
        }
        if (context === 'start' || context === 'both') q.start = start;
        return q;
      }),
    })),
);

/** `at` moved off the middle of a surrogate pair or a CRLF, in direction `dir`. */
function snap(s: string, at: number, dir: -1 | 1): number {
  const b = s.charCodeAt(at - 1);
  const a = s.charCodeAt(at);
  const inside = (b >= 0xd800 && b <= 0xdbff && a >= 0xdc00 && a <= 0xdfff) || (b === 13 && a === 10);
  return inside ? at + dir : at;
}

const thresholdArb = fc.oneof(fc.constant(0.75), fc.double({ min: 0.5, max: 1, noNaN: true }), fc.constantFrom(0, -1, 2, Number.NaN));

function effective(t: number): number {
  return Number.isFinite(t) ? Math.min(1, Math.max(0.5, t)) : 0.75;
}

describe('anchoring properties', () => {
  test('after random edit sequences, nothing is attached to text below the threshold', () => {
    fc.assert(
      fc.property(caseArb, fc.array(editArb, { minLength: 0, maxLength: 6 }), thresholdArb, ({ original, queries }, edits, t) => {
        const article = edits.reduce(applyEdit, original);
        const results = anchorAll(article, queries, { threshold: t });
        assert.equal(results.length, queries.length);
        results.forEach((r, i) => checkResult(article, queries[i], r, effective(t), `#${i}`));
      }),
      params(45),
    );
  });

  test('unedited: every annotation taken from the article is found (never orphaned) and the exact text is where it was taken when start is given', () => {
    fc.assert(
      fc.property(caseArb, ({ original, queries }) => {
        anchorAll(original, queries).forEach((r, i) => {
          checkResult(original, queries[i], r, 0.75, `#${i}`);
          if (normalise(queries[i].text) === '') return; // nothing but spaces and invisible characters: nothing to find
          assert.notEqual(r.state, 'orphaned', `#${i} ${JSON.stringify(queries[i])} orphaned in its own article`);
          if (queries[i].start !== undefined && r.span) assert.equal(r.state, 'placed');
        });
      }),
      params(10),
    );
  });

  test('deterministic, and the same alone as in a batch', () => {
    fc.assert(
      fc.property(caseArb, fc.array(editArb, { maxLength: 3 }), ({ original, queries }, edits) => {
        const article = edits.reduce(applyEdit, original);
        const a = anchorAll(article, queries);
        const b = anchorAll(article, queries);
        assert.deepEqual(a, b);
        queries.forEach((q, i) => assert.deepEqual(anchor(article, q), a[i]));
      }),
      params(8),
    );
  });

  test('hostile queries and articles: never throws, results well formed', () => {
    const hostileQuery = fc.record(
      {
        text: fc.oneof(anyString, fc.constant(undefined as unknown as string), fc.integer() as unknown as fc.Arbitrary<string>),
        prefix: fc.oneof(anyString, fc.constant({} as unknown as string)),
        suffix: anyString,
        start: fc.oneof(fc.integer(), fc.double(), fc.constant('3' as unknown as number)),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(articleArb, anyString), fc.array(hostileQuery, { maxLength: 6 }), thresholdArb, (article, queries, t) => {
        const results = anchorAll(article, queries as AnchorQuery[], { threshold: t });
        assert.equal(results.length, queries.length);
        results.forEach((r, i) => {
          const q = queries[i] as AnchorQuery;
          if (typeof q.text === 'string') checkResult(article, q, r, effective(t), `#${i}`);
          else assert.equal(r.state, 'orphaned');
        });
      }),
      params(7),
    );
  });
});
