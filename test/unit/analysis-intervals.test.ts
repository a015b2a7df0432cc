import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFigure, type ParsedFigure } from '../../server/src/core/analysis/numbers';
import {
  ABOUT_TOLERANCE,
  BOUND_MARGIN,
  CONVERSION_TOLERANCE,
  alignFigures,
  compareFigures,
  figureInterval,
  intervalsAgree,
  overlap,
} from '../../server/src/core/analysis/intervals';

function fig(text: string): ParsedFigure {
  const f = parseFigure(text);
  assert.ok(f, `expected a reading of ${JSON.stringify(text)}`);
  return f;
}

function interval(text: string): { lo: number; hi: number } {
  const i = figureInterval(fig(text));
  assert.ok(i, text);
  return i;
}

describe('figureInterval: one rule per qualifier', () => {
  it('uses the documented constants', () => {
    assert.equal(ABOUT_TOLERANCE, 0.1);
    assert.equal(BOUND_MARGIN, 0.5);
    assert.equal(CONVERSION_TOLERANCE, 0.05);
  });
  it('exact: ± half the precision', () => {
    assert.deepEqual(interval('10,000'), { lo: 9500, hi: 10500 });
    assert.deepEqual(interval('1,000'), { lo: 950, hi: 1050 });
    assert.deepEqual(interval('8,000'), { lo: 7950, hi: 8050 });
    assert.deepEqual(interval('8,200'), { lo: 8150, hi: 8250 });
    assert.deepEqual(interval('654,430'), { lo: 654429.5, hi: 654430.5 });
    assert.deepEqual(interval('654,000'), { lo: 653500, hi: 654500 });
    assert.deepEqual(interval('$59bn'), { lo: 58.5e9, hi: 59.5e9 });
  });
  it('about: ± the larger of the precision and 10%', () => {
    assert.deepEqual(interval('about 10,000'), { lo: 9000, hi: 11000 });
    assert.deepEqual(interval('about 8,200'), { lo: 7380, hi: 9020 });
    assert.deepEqual(interval('a dozen'), { lo: 10.8, hi: 13.2 });
  });
  it('nearly: up to the number, from 10% (or one precision unit) below', () => {
    assert.deepEqual(interval('nearly 10,000'), { lo: 9000, hi: 10000 });
    assert.deepEqual(interval('nearly 12,000'), { lo: 10800, hi: 12000 });
  });
  it('over and at least: from the number to 50% (or one precision unit) above', () => {
    assert.deepEqual(interval('over 1,000'), { lo: 1000, hi: 1500 });
    assert.deepEqual(interval('more than 10,000'), { lo: 10000, hi: 15000 });
    assert.deepEqual(interval('at least 10,000'), { lo: 10000, hi: 15000 });
  });
  it('up to and under: from 50% (or one precision unit) below to the number', () => {
    assert.deepEqual(interval('up to 12,000'), { lo: 6000, hi: 12000 });
    assert.deepEqual(interval('as many as 11,000'), { lo: 5500, hi: 11000 });
    assert.deepEqual(interval('fewer than 100'), { lo: 50, hi: 100 });
    assert.deepEqual(interval('under 5'), { lo: 2.5, hi: 5 });
  });
  it('ranges: the qualifier rule applied to low and high', () => {
    assert.deepEqual(interval('10,000-12,000'), { lo: 9500, hi: 12500 });
    assert.deepEqual(interval('about 10,000-12,000'), { lo: 8800, hi: 13200 });
    assert.deepEqual(interval('up to 10,000-12,000'), { lo: 4000, hi: 12000 });
  });
  it('vague amounts: their bounds as read', () => {
    assert.deepEqual(interval('hundreds of'), { lo: 200, hi: 1000 });
    assert.deepEqual(interval('tens of thousands'), { lo: 20000, hi: 100000 });
  });
  it('negative values keep lo ≤ hi', () => {
    assert.deepEqual(interval('-3.2%'), { lo: -3.25, hi: -3.15 });
    assert.deepEqual(figureInterval({ value: -10, approx: 'over', precision: 1 }), { lo: -10, hi: -5 });
  });
  it('takes the fields directly, without parsing', () => {
    assert.deepEqual(figureInterval({ value: 100, approx: 'exact', precision: 10 }), { lo: 95, hi: 105 });
    assert.deepEqual(figureInterval({ value: 11, low: 12, high: 10, approx: 'exact', precision: 1 }), { lo: 9.5, hi: 12.5 });
    // an unusable precision counts as 0: the number itself
    assert.deepEqual(figureInterval({ value: 100, approx: 'exact', precision: Number.NaN }), { lo: 100, hi: 100 });
  });
  it('returns undefined for values that are not numbers', () => {
    assert.equal(figureInterval({ value: Number.NaN, approx: 'exact', precision: 1 }), undefined);
    assert.equal(figureInterval({ value: 1, low: Number.POSITIVE_INFINITY, approx: 'exact', precision: 1 }), undefined);
    assert.equal(figureInterval(null as never), undefined);
  });
});

describe('overlap and intervalsAgree', () => {
  it('overlap is the common part', () => {
    assert.deepEqual(overlap({ lo: 0, hi: 10 }, { lo: 5, hi: 20 }), { lo: 5, hi: 10 });
    assert.equal(overlap({ lo: 0, hi: 1 }, { lo: 2, hi: 3 }), undefined);
    assert.deepEqual(overlap({ lo: 0, hi: 1 }, { lo: 1, hi: 3 }), { lo: 1, hi: 1 });
    assert.equal(overlap({ lo: 2, hi: 1 }, { lo: 0, hi: 3 }), undefined);
  });
  it('touching ends do not agree; a point inside or on an end does', () => {
    assert.equal(intervalsAgree({ lo: 0, hi: 10 }, { lo: 5, hi: 20 }), true);
    assert.equal(intervalsAgree({ lo: 0, hi: 1 }, { lo: 1, hi: 3 }), false);
    assert.equal(intervalsAgree({ lo: 1, hi: 1 }, { lo: 1, hi: 3 }), true);
    assert.equal(intervalsAgree({ lo: 2, hi: 2 }, { lo: 1, hi: 3 }), true);
    assert.equal(intervalsAgree({ lo: Number.NaN, hi: 2 }, { lo: 1, hi: 3 }), false);
  });
});

describe('compareFigures: the cases the figure check is built on', () => {
  const cases: Array<[string, string, 'agree' | 'disagree' | 'incomparable']> = [
    ['about 10,000', 'nearly 10,000', 'agree'],
    ['over 1,000', '1,000', 'agree'],
    ['more than 1,000', '1,040', 'agree'],
    ['more than 1,000', '990', 'disagree'],
    ['up to 12,000', 'nearly 12,000', 'agree'],
    ['8,000', '10,000', 'disagree'],
    ['about 10,000', '12,000', 'disagree'],
    ['about 10,000', '11,000', 'agree'],
    ['as many as 11,000', 'up to 12,000', 'agree'],
    ['654,430', '654,000', 'agree'],
    ['654,430', '650,000', 'agree'],
    ['654,430', '654,600', 'disagree'],
    ['654,430', '654,431', 'disagree'],
    ['$59bn', '$60bn', 'disagree'],
    ['nearly $60bn', '$59bn', 'agree'],
    ['10,000-12,000', '11,000', 'agree'],
    ['10,000-12,000', '13,000', 'disagree'],
    ['between 10,000 and 12,000', 'about 12,000', 'agree'],
    ['fewer than 100', '120', 'disagree'],
    ['hundreds of', '150', 'disagree'],
    ['hundreds of', '650', 'agree'],
    ['tens of thousands of people', '40,000 people', 'agree'],
    ['a dozen', '12', 'agree'],
    ['six', '6', 'agree'],
    ['12%', '12 per cent', 'agree'],
    ['12%', '14%', 'disagree'],
    ['3.4 million', '3,400,000', 'agree'],
    ['1.5', '1.6', 'disagree'],
  ];
  for (const [a, b, verdict] of cases) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${verdict}`, () => {
      assert.equal(compareFigures(fig(a), fig(b)), verdict);
      assert.equal(compareFigures(fig(b), fig(a)), verdict, 'the verdict does not depend on the order');
    });
  }
});

describe('compareFigures: units', () => {
  it('converts between km and miles, allowing for loosely rounded conversions', () => {
    assert.equal(compareFigures(fig('50km'), fig('31 miles')), 'agree');
    assert.equal(compareFigures(fig('50km'), fig('30 miles')), 'agree');
    assert.equal(compareFigures(fig('50km'), fig('35 miles')), 'disagree');
    assert.equal(compareFigures(fig('30 miles'), fig('50 kilometres')), 'agree');
  });
  it('uses the unit written in parentheses', () => {
    assert.equal(compareFigures(fig('50km (30 miles)'), fig('30 miles')), 'agree');
    assert.equal(compareFigures(fig('£100m ($125m)'), fig('$125m')), 'agree');
    assert.equal(compareFigures(fig('£100m ($125m)'), fig('$150m')), 'disagree');
    assert.equal(compareFigures(fig('$150m'), fig('£100m ($125m)')), 'disagree');
  });
  it('never compares different currencies or unrelated units', () => {
    assert.equal(compareFigures(fig('€59bn'), fig('$59bn')), 'incomparable');
    assert.equal(compareFigures(fig('12,000 workers'), fig('$12,000')), 'incomparable');
    assert.equal(compareFigures(fig('50km'), fig('50kg')), 'incomparable');
    assert.equal(compareFigures(fig('12,000 workers'), fig('12,000 soldiers')), 'incomparable');
  });
  it('lets a figure without a unit take the other one', () => {
    assert.equal(compareFigures(fig('12,000'), fig('12,000 workers')), 'agree');
    assert.equal(compareFigures(fig('12,000'), fig('8,000 workers')), 'disagree');
  });
  it('reports the aligned intervals and whether a conversion happened', () => {
    const aligned = alignFigures(fig('50km'), fig('30 miles'));
    assert.ok(aligned);
    assert.equal(aligned.unit, 'km');
    assert.equal(aligned.converted, true);
    assert.deepEqual(aligned.a, { lo: 49.5, hi: 50.5 });
    // 29.5..30.5 miles = 47.4756..49.0850 km, widened by 5% of 49.0850
    assert.ok(Math.abs(aligned.b.lo - (47.4756 - 2.45425)) < 1e-3, String(aligned.b.lo));
    assert.ok(Math.abs(aligned.b.hi - (49.085 + 2.45425)) < 1e-3, String(aligned.b.hi));
    assert.equal(alignFigures(fig('€1'), fig('$1')), undefined);
  });
  it('returns incomparable for unusable input', () => {
    assert.equal(compareFigures(null as never, fig('1')), 'incomparable');
    assert.equal(compareFigures({ value: Number.NaN, approx: 'exact', precision: 1 }, fig('1')), 'incomparable');
  });
});
