import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type * as Asm from 'approx-string-match' with { 'resolution-mode': 'import' };
import { seeded } from '../support/reliability';
import { MYERS_MAX, START_WORK, myersSearch } from '../../server/src/core/anchoring/myers';
import { approxSearch } from '../../server/src/core/anchoring/search';

/** The package the specialised search stands in for, as search.ts loads it. */
const mod = require('approx-string-match') as typeof Asm | typeof Asm.default;
const packageSearch = typeof mod === 'function' ? mod : mod.default;

/**
 * Texts and patterns over a few letters, so that near matches and ties are
 * common, with units above the direct lookup table (accented, CJK, a
 * surrogate pair) mixed in.
 */
const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '\u4e2d', '\ud83d', '\ude00', '\u0100');
const join = (a: string[]) => a.join('');
const text = fc.array(unit, { maxLength: 400, size: 'max' }).map(join);
const patternOf = (min: number, max: number) => fc.array(unit, { minLength: min, maxLength: max, size: 'max' }).map(join);
const errors = fc.integer({ min: 0, max: 70 });

/**
 * A pattern and a text holding one to three copies of it, each with a few
 * units changed, dropped or added, as an edited article would (a quote
 * repeated, a name recurring).
 */
const planted = (min: number, max: number) => {
  const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('change', 'drop', 'add'), unit), { maxLength: 6 });
  const filler = fc.array(unit, { maxLength: 150, size: 'max' }).map(join);
  return fc.tuple(patternOf(min, max), fc.array(fc.tuple(filler, edits), { minLength: 1, maxLength: 3 }), filler).map(([p, copies, after]) => {
    let t = '';
    for (const [before, changes] of copies) {
      let copy = p;
      for (const [at, how, u] of changes) {
        const i = at % (copy.length + 1);
        copy = copy.slice(0, i) + (how === 'drop' ? '' : u) + copy.slice(how === 'add' ? i : i + 1);
      }
      t += before + copy;
    }
    return { p, t: t + after };
  });
};

/** `search` answers as the package does (hits compared as plain objects). */
function agrees(t: string, p: string, k: number, search: (t: string, p: string, k: number) => readonly object[] = myersSearch): void {
  assert.deepEqual(
    search(t, p, k).map((h) => ({ ...h })),
    packageSearch(t, p, k),
  );
}

describe('the specialised approximate search', () => {
  it('finds what approx-string-match finds, for patterns of one and two blocks', () => {
    fc.assert(
      fc.property(text, patternOf(1, MYERS_MAX), errors, (t, p, k) => agrees(t, p, k)),
      seeded(3000),
    );
  });

  it('finds what approx-string-match finds where the text holds edited copies of the pattern', () => {
    fc.assert(
      fc.property(planted(1, MYERS_MAX), errors, ({ p, t }, k) => agrees(t, p, k)),
      seeded(3000),
    );
  });

  it('finds what approx-string-match finds at the block boundaries (31 to 33 and 63, 64 units)', () => {
    const boundary = fc.constantFrom(31, 32, 33, 63, 64).chain((n) => planted(n, n));
    fc.assert(
      fc.property(boundary, errors, ({ p, t }, k) => agrees(t, p, k)),
      seeded(1500),
    );
  });

  it('finds what approx-string-match finds for patterns of three to seven blocks', () => {
    fc.assert(
      fc.property(planted(MYERS_MAX + 1, 220), fc.integer({ min: 0, max: 120 }), ({ p, t }, k) => agrees(t, p, k)),
      seeded(600),
    );
  });

  it('a long pattern tied at thousands of ends in a run of one letter: one hit per run, not one per end', () => {
    // The package answers this with 9,000 hits, each found by a search back
    // over 3,004 units in 94 blocks; a 33,853-unit pattern of the same kind
    // kept a test run busy for hours. Past START_WORK only the first end of a
    // run of ends gets a start.
    const pattern = 'true' + 'x'.repeat(3000);
    const text = 'back ' + 'x'.repeat(12000) + ' end';
    const perEnd = (pattern.length + 4) * Math.ceil(pattern.length / 32);
    assert.ok(9000 * perEnd > START_WORK, 'the case is past the budget');
    const hits = myersSearch(text, pattern, 256);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].errors, 4);
    assert.equal(hits[0].end - hits[0].start, pattern.length);
    assert.equal(text.slice(hits[0].start + 4, hits[0].end), 'x'.repeat(3000));
  });

  it('is what anchoring searches with, at every length', () => {
    fc.assert(
      fc.property(planted(1, 100), errors, ({ p, t }, k) => agrees(t, p, k, approxSearch)),
      seeded(1000),
    );
  });

  it('reports the edited sentence where it is, with its error count', () => {
    const article = 'The port authority said 1,200 workers were evacuated on Tuesday night.';
    const hits = myersSearch(article, '1,300 workers were evacuated', 3);
    assert.deepEqual(
      hits.map((h) => ({ ...h })),
      [{ start: 24, end: 52, errors: 1 }],
    );
    assert.equal(article.slice(hits[0].start, hits[0].end), '1,200 workers were evacuated');
    assert.deepEqual(myersSearch(article, 'nothing like this at all', 2), []);
  });
});
