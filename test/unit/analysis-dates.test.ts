import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import {
  datesCompatible,
  durationPatterns,
  mayNameDuration,
  parseIsoDate,
  resolveDate,
  sameDate,
  type ResolvedDate,
} from '../../server/src/core/analysis/dates';

// Thursday 5 March 2026, afternoon UTC.
const PUB = '2026-03-05T14:00:00Z';

function resolves(text: string, expected: ResolvedDate | undefined, published = PUB): void {
  assert.deepEqual(resolveDate(text, published), expected, `${JSON.stringify(text)} published ${published}`);
}
const day = (date: string, approximate = false): ResolvedDate => ({ date, precision: 'day', approximate });

/** Cases checked in this process and again under other time zones. */
const CASES: Array<[string, string, ResolvedDate | undefined]> = [
  ['on Thursday', PUB, day('2026-03-05')],
  ['on Friday', PUB, day('2026-02-27')],
  ['Monday', PUB, day('2026-03-02')],
  ['three weeks ago', PUB, { date: '2026-02-09', precision: 'week', approximate: true }],
  ['earlier this month', PUB, { date: '2026-03-01', precision: 'month', approximate: true }],
  ['On October 18', PUB, day('2025-10-18')],
  ['On March 10', PUB, day('2025-03-10')],
  ['last year', PUB, { date: '2025-01-01', precision: 'year', approximate: false }],
  ['yesterday', '2026-03-01T23:30:00-05:00', day('2026-02-28')],
  ['on Thursday', '2026-03-05T23:59:59+14:00', day('2026-03-05')],
  ['on Saturday', '2026-03-08T01:30:00-08:00', day('2026-03-07')],
];

describe('resolveDate: weekdays count back from publication', () => {
  it('a weekday is the most recent such day on or before publication', () => {
    resolves('on Thursday', day('2026-03-05'));
    resolves('Thursday', day('2026-03-05'));
    resolves('on Wednesday', day('2026-03-04'));
    resolves('Monday', day('2026-03-02'));
    resolves('on Monday', day('2026-03-02'));
    resolves('on Sunday', day('2026-03-01'));
  });
  it('corrects chrono-node, which puts a later weekday after publication', () => {
    // chrono-node reads "Friday" on Thursday 5 March as 6 March, even with forwardDate: false
    resolves('on Friday', day('2026-02-27'));
    resolves('Saturday', day('2026-02-28'));
  });
  it('"last Thursday" is strictly before publication', () => {
    resolves('last Thursday', day('2026-02-26'));
    resolves('last Monday', day('2026-03-02'));
  });
  it('"next Monday" stays in the future', () => {
    resolves('next Monday', day('2026-03-09'));
  });
  it('finds the weekday inside a sentence', () => {
    resolves('The strike began on Monday, the union said.', day('2026-03-02'));
  });
});

describe('resolveDate: days and months without a year', () => {
  it('takes the publication year when that is not after publication', () => {
    resolves('On March 5', day('2026-03-05'));
    resolves('on 2 March', day('2026-03-02'));
    resolves('Oct. 18', day('2025-10-18'));
  });
  it('takes the year before when the publication year would be later', () => {
    resolves('On October 18', day('2025-10-18'));
    resolves('18 October', day('2025-10-18'));
    resolves('On March 10', day('2025-03-10'));
  });
  it('keeps a year that is written', () => {
    resolves('October 18, 2024', day('2024-10-18'));
    resolves('on 10 March 2026', day('2026-03-10'));
    resolves('2024-10-18', day('2024-10-18'));
  });
  it('a month alone has month precision, in the past', () => {
    resolves('in October', { date: '2025-10-01', precision: 'month', approximate: false });
    resolves('in March', { date: '2026-03-01', precision: 'month', approximate: false });
    resolves('in mid-October', { date: '2025-10-01', precision: 'month', approximate: true });
    resolves('March 2024', { date: '2024-03-01', precision: 'month', approximate: false });
  });
});

describe('resolveDate: relative expressions', () => {
  it('days', () => {
    resolves('yesterday', day('2026-03-04'));
    resolves('today', day('2026-03-05'));
    resolves('this morning', day('2026-03-05'));
    resolves('five days ago', day('2026-02-28'));
    resolves('a few days ago', day('2026-03-02', true));
  });
  it('weeks: the Monday of the week', () => {
    resolves('this week', { date: '2026-03-02', precision: 'week', approximate: false });
    resolves('last week', { date: '2026-02-23', precision: 'week', approximate: false });
    resolves('three weeks ago', { date: '2026-02-09', precision: 'week', approximate: true });
    resolves('two weeks ago', { date: '2026-02-16', precision: 'week', approximate: true });
    resolves('a fortnight ago', { date: '2026-02-16', precision: 'week', approximate: true });
  });
  it('months', () => {
    resolves('earlier this month', { date: '2026-03-01', precision: 'month', approximate: true });
    resolves('this month', { date: '2026-03-01', precision: 'month', approximate: false });
    resolves('last month', { date: '2026-02-01', precision: 'month', approximate: false });
    resolves('two months ago', { date: '2026-01-01', precision: 'month', approximate: true });
  });
  it('years', () => {
    resolves('last year', { date: '2025-01-01', precision: 'year', approximate: false });
    resolves('late last year', { date: '2025-01-01', precision: 'year', approximate: true });
    resolves('earlier this year', { date: '2026-01-01', precision: 'year', approximate: true });
    resolves('two years ago', { date: '2024-01-01', precision: 'year', approximate: true });
    resolves('in 2019', { date: '2019-01-01', precision: 'year', approximate: false });
    resolves('around 2019', { date: '2019-01-01', precision: 'year', approximate: true });
  });
  it('relative days cross month and year ends', () => {
    resolves('yesterday', day('2025-12-31'), '2026-01-01');
    resolves('on Friday', day('2025-12-26'), '2026-01-01');
    resolves('on Sunday', day('2024-02-25'), '2024-02-29');
    resolves('yesterday', day('2024-02-28'), '2024-02-29');
  });
});

describe('resolveDate: the publication date', () => {
  it('accepts a date or a date-time, using the calendar date as written', () => {
    resolves('yesterday', day('2026-03-04'), '2026-03-05');
    resolves('yesterday', day('2026-03-04'), '2026-03-05T00:00:00Z');
    resolves('yesterday', day('2026-03-04'), '2026-03-05T23:59:59Z');
    // late evening in New York is already 6 March in UTC; the writer's date counts
    resolves('yesterday', day('2026-03-04'), '2026-03-05T23:30:00-05:00');
    resolves('yesterday', day('2026-03-04'), '2026-03-05T08:00:00+14:00');
    resolves('yesterday', day('2026-03-04'), '2026-03-05 14:00');
  });
  it('returns undefined for an unreadable publication date', () => {
    for (const published of ['', 'March 5, 2026', '2026-02-30', '2026-13-01', '2026-03-05T25:00:00Z', 'yesterday']) {
      resolves('on Thursday', undefined, published);
    }
    assert.equal(resolveDate('on Thursday', undefined as unknown as string), undefined);
  });
  it('returns undefined when the text names no date', () => {
    for (const text of ['', '   ', 'at 3pm', 'recently', 'the port', 'nonsense']) resolves(text, undefined);
    assert.equal(resolveDate(42 as unknown as string, PUB), undefined);
    assert.equal(resolveDate('on Monday '.repeat(100), PUB), undefined);
  });
  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 30 }), (text, published) => {
        resolveDate(text, published);
        resolveDate(text, PUB);
        return true;
      }),
      seeded(500),
    );
  });
});

describe('resolveDate does not depend on the machine time zone', () => {
  it('matches in this process', () => {
    for (const [text, published, expected] of CASES) resolves(text, expected, published);
  });
  for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kathmandu']) {
    it(`gives the same results with TZ=${tz}`, () => {
      const root = join(__dirname, '..', '..');
      const script = `
        const { resolveDate } = require('./server/src/core/analysis/dates');
        const cases = ${JSON.stringify(CASES.map(([t, p]) => [t, p]))};
        process.stdout.write(JSON.stringify(cases.map(([t, p]) => resolveDate(t, p) ?? null)));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), CASES.map(([, , e]) => e ?? null));
    });
  }
});

describe('resolveDate: chrono runs without its duration parsers only where they cannot match', () => {
  const patterns = durationPatterns();
  const matchesDuration = (text: string) => patterns.some((re) => new RegExp(re.source, re.flags).test(text));

  it('finds chrono-node\'s four duration parsers (ago, later, within, this/next/last N)', () => {
    assert.equal(patterns.length, 8, 'two patterns each (with and without forwardDate)');
  });

  it('every text a duration pattern matches is let through, on phrases and random word soups', () => {
    const phrases = [
      'two days ago', '3 weeks later', 'within a month', 'next 2 years', 'a couple of days ago', 'half an hour later',
      'a few weeks earlier', 'several months before', 'the day after', '1.5 hours from now', 'last 3 days', 'in 2 hrs',
      'ONE YEAR AGO', 'ten d ago', '2w later', 'a qtr later', 'in a quarter', 'the week before',
      // A number run on from the word before it, which the parsers allow.
      'within roughlytwo days', 'in approximately3 weeks', 'for just2 days', 'last2 days', 'abouta week ago', 'fora day',
    ];
    for (const text of phrases) {
      assert.equal(matchesDuration(text), true, `a duration: ${text}`);
      assert.equal(mayNameDuration(text), true, text);
    }
    const word = fc.constantFrom(
      'on', 'last', 'next', 'this', 'past', 'within', 'in', 'for', 'about', 'around', 'ago', 'later', 'after', 'before',
      'earlier', 'from now', 'a', 'an', 'the', 'few', 'several', 'couple', 'of', 'half', 'one', 'two', 'twelve', '3', '1.5',
      '10', 's', 'sec', 'm', 'mins', 'h', 'hrs', 'hour', 'd', 'day', 'days', 'w', 'week', 'mo', 'mon', 'month', 'qtr',
      'quarter', 'y', 'yr', 'years', 'Monday', 'Thursday', 'March', 'evening', 'night', ',', '-', '+', '~',
      'roughly', 'approximately', 'just', 'sunda', 'monda', 'x', 'morning', '.', '5',
    );
    const soup = fc.tuple(fc.array(word, { minLength: 1, maxLength: 7 }), fc.constantFrom(' ', '', '  ', ', '), fc.boolean()).map(([ws, sep, upper]) => {
      const t = ws.join(sep);
      return upper ? t.toUpperCase() : t;
    });
    fc.assert(
      fc.property(soup, (text) => !matchesDuration(text) || mayNameDuration(text)),
      seeded(3000),
    );
  });

  it('everyday weekday phrases do not need the duration parsers', () => {
    const phrases = ['on Thursday', 'on Monday evening', 'on Friday afternoon', 'on Sunday night', 'on Wednesday morning'];
    // Misspelt in an edited article: "a m" and "a n" are not a number and a unit inside a word.
    const misspelt = ['on sunda morning', 'on Monda morning', 'on Tuesda night', 'on wednesda mrning'];
    for (const text of [...phrases, ...misspelt]) {
      assert.equal(mayNameDuration(text), false, text);
    }
  });
});

describe('parseIsoDate', () => {
  it('reads dates and date-times into calendar dates', () => {
    assert.deepEqual(parseIsoDate('2026-03-05'), { year: 2026, month: 3, day: 5 });
    assert.deepEqual(parseIsoDate('2026-03-05T14:00:00Z'), { year: 2026, month: 3, day: 5 });
    assert.deepEqual(parseIsoDate('2026-03-05T14:00'), { year: 2026, month: 3, day: 5 });
    assert.deepEqual(parseIsoDate('2026-03-05T23:30:00.123-05:00'), { year: 2026, month: 3, day: 5 });
    assert.deepEqual(parseIsoDate('2026-03-05T23:30:00+0530'), { year: 2026, month: 3, day: 5 });
    assert.deepEqual(parseIsoDate(' 2024-02-29 '), { year: 2024, month: 2, day: 29 });
  });
  it('refuses impossible or malformed dates', () => {
    for (const s of ['2025-02-29', '2026-04-31', '2026-00-10', '2026-13-01', '2026-3-5', '05/03/2026', '2026-03-05T24:00',
      '2026-03-05T12:60', '2026-03-05T12:00:00+25:00', '2026-03-05X', '']) {
      assert.equal(parseIsoDate(s), undefined, s);
    }
    assert.equal(parseIsoDate(null as unknown as string), undefined);
  });
});

describe('sameDate', () => {
  it('compares at the given precision', () => {
    assert.equal(sameDate('2026-03-05', '2026-03-05T22:00:00Z', 'day'), true);
    assert.equal(sameDate('2026-03-05', '2026-03-04', 'day'), false);
    // Monday 2 March .. Sunday 8 March 2026 is one ISO week
    assert.equal(sameDate('2026-03-02', '2026-03-08', 'week'), true);
    assert.equal(sameDate('2026-03-01', '2026-03-02', 'week'), false);
    assert.equal(sameDate('2025-12-29', '2026-01-04', 'week'), true);
    assert.equal(sameDate('2026-03-01', '2026-03-31', 'month'), true);
    assert.equal(sameDate('2026-03-31', '2026-04-01', 'month'), false);
    assert.equal(sameDate('2025-03-01', '2026-03-01', 'month'), false);
    assert.equal(sameDate('2026-01-01', '2026-12-31', 'year'), true);
    assert.equal(sameDate('2025-12-31', '2026-01-01', 'year'), false);
  });
  it('is false for invalid input', () => {
    assert.equal(sameDate('2026-02-30', '2026-02-30', 'day'), false);
    assert.equal(sameDate('2026-03-05', '2026-03-05', 'decade' as never), false);
  });
});

describe('datesCompatible', () => {
  it('compares at the coarser precision', () => {
    const thursday = resolveDate('on Thursday', PUB);
    const week = resolveDate('this week', PUB);
    const month = resolveDate('earlier this month', PUB);
    assert.ok(thursday && week && month);
    assert.equal(datesCompatible(thursday, week), true);
    assert.equal(datesCompatible(thursday, month), true);
    assert.equal(datesCompatible(day('2026-03-05'), day('2026-03-04')), false);
    assert.equal(datesCompatible(day('2026-03-05'), { date: '2026-02-01', precision: 'month', approximate: false }), false);
  });
  it('widens an approximate date by one unit each way', () => {
    const threeWeeks = resolveDate('three weeks ago', PUB); // week of Monday 9 February, approximate
    assert.ok(threeWeeks);
    assert.equal(datesCompatible(threeWeeks, day('2026-02-12')), true);
    assert.equal(datesCompatible(threeWeeks, day('2026-02-19')), true); // the week after
    assert.equal(datesCompatible(threeWeeks, day('2026-02-05')), true); // the week before
    assert.equal(datesCompatible(threeWeeks, day('2026-02-26')), false);
    assert.equal(datesCompatible(day('2026-03-05', true), day('2026-03-04')), true);
    assert.equal(datesCompatible({ date: '2025-01-01', precision: 'year', approximate: true }, day('2026-06-01')), true);
    assert.equal(datesCompatible({ date: '2026-03-01', precision: 'month', approximate: true }, day('2026-04-30')), true);
    assert.equal(datesCompatible({ date: '2026-03-01', precision: 'month', approximate: true }, day('2026-05-01')), false);
  });
  it('is false for invalid input', () => {
    assert.equal(datesCompatible(null as never, day('2026-03-05')), false);
    assert.equal(datesCompatible(day('2026-02-30'), day('2026-03-05')), false);
  });
});

describe('resolveDate: remembered answers', () => {
  it('answers the same text again by its own publication date', () => {
    resolves('on Thursday', day('2026-03-05'));
    resolves('on Thursday', day('2026-03-12'), '2026-03-13');
    resolves('on Thursday', day('2026-03-05'));
    resolves('on thursday', day('2026-03-05'));
  });
  it('hands out answers that cannot be changed by whoever received them', () => {
    const first = resolveDate('last Monday', PUB);
    assert.ok(first && Object.isFrozen(first));
    try {
      (first as { date: string }).date = '1999-01-01';
    } catch {
      // Strict code throws; either way nothing changes.
    }
    resolves('last Monday', day('2026-03-02'));
  });
});
