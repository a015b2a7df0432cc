/**
 * Resolving a date as an article writes it ("on Thursday", "three weeks
 * ago", "On October 18") against the article's publication date.
 *
 * Pure and total: the reference date is always the `published` argument,
 * never the clock. Dates are calendar dates: the publication date is the
 * YYYY-MM-DD written in `published` (its time and offset are ignored: the
 * writer's "Thursday" is counted from the writer's own date), all
 * arithmetic is done on UTC fields, and chrono-node is given a reference in
 * UTC, so results do not depend on the machine's time zone.
 */
import * as chrono from 'chrono-node';
import { remembered } from './memo';

export type DatePrecision = 'day' | 'week' | 'month' | 'year';

export interface ResolvedDate {
  /** YYYY-MM-DD. For 'week' the Monday of that week; for 'month' the 1st; for 'year' 1 January. */
  readonly date: string;
  readonly precision: DatePrecision;
  /** True when the text hedges ("earlier this month", "mid-October", "around") or counts weeks/months/years back ("three weeks ago"). */
  readonly approximate: boolean;
}

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads an ISO 8601 date ("2026-03-05") or date-time ("2026-03-05T14:00:00Z",
 * "2026-03-05T23:30:00-05:00") into its calendar date (as written; the time
 * and offset are checked but not applied). Undefined for anything else,
 * including impossible dates ("2026-02-30") and times ("25:00").
 */
export function parseIsoDate(s: string): CalendarDate | undefined {
  if (typeof s !== 'string') return undefined;
  const m = ISO_DATE.exec(s.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) {
    return undefined;
  }
  if (m[7] !== undefined && m[7] !== 'Z') {
    const digits = m[7].replace(':', '');
    if (Number(digits.slice(1, 3)) > 23 || Number(digits.slice(3, 5)) > 59) return undefined;
  }
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day number (days since 1970-01-01) of a calendar date. */
function dayNumber(d: CalendarDate): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86400000);
}

function fromDayNumber(n: number): CalendarDate {
  const date = new Date(n * 86400000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(d: CalendarDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** The Monday of the ISO week holding the date. */
function mondayOf(d: CalendarDate): CalendarDate {
  return fromDayNumber(dayNumber(d) - ((weekday(d) + 6) % 7));
}

function format(d: CalendarDate): string {
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

const compare = (a: CalendarDate, b: CalendarDate): number => dayNumber(a) - dayNumber(b);

/** Words that make a date approximate. */
const HEDGES = /\b(early|earlier|late|later|mid|middle|around|about|approximately|roughly|some|circa|nearly|almost|recently|beginning|start|end|few|several|couple)\b/;
const MAX_DATE_TEXT = 500;

/**
 * Resolves a date expression against the publication date (ISO date or
 * date-time). Undefined when either is unreadable or the text names no date
 * (a time alone, "at 3pm", is not a date).
 *
 * Rules (news reports speak of the past):
 * - a bare weekday ("on Thursday") is the most recent such day on or before
 *   publication; "last Thursday" the most recent strictly before; "next
 *   Thursday" is left to chrono (after publication);
 * - a day and month without a year ("On October 18") take the publication
 *   year, or the year before when that would fall after publication; the
 *   same for a month alone ("in October");
 * - "this week", "last week", "N weeks ago": precision 'week' (the Monday);
 * - "this month", "earlier this month", "N months ago": 'month';
 * - "last year", "in 2019", "N years ago": 'year';
 * - a bare year ("in 2019") is read even though chrono-node does not.
 */
export function resolveDate(text: string, published: string): ResolvedDate | undefined {
  if (typeof text !== 'string' || typeof published !== 'string') return undefined;
  return resolveRemembered(text, published);
}

/** The same phrases recur (every outlet's "on Thursday", every re-check of an unchanged companion): chrono is the costly part. */
const resolveRemembered = remembered(10_000, (text: string, published: string) => `${published.length}:${published}${text}`, resolveUncached);

/**
 * chrono-node's four duration parsers ("two days ago", "3 weeks later",
 * "within a month", "next 2 years") match a time-unit pattern repeated up to
 * ten times. V8 compiles such a regular expression to machine code the second
 * time it runs, and for these four that takes some 200-300 ms. That cost fell on
 * the first file a user opened, and it was most of the time to its first
 * diagnostics. Every match of those parsers starts with a number (a digit, a
 * number word, "a", "half", "the", "few", "several", "couple") followed by a unit.
 * Where a text has no such pair, the parsers cannot match, so chrono runs
 * without them and the result is the same.
 *
 * The number must also start a word, or follow one of the words the parsers
 * allow right before it with no space ("within", "last", "about", ...), since
 * each parser's pattern begins at a word boundary: so a weekday misspelt in
 * an edited article, "on Sunda morning", no longer reads as "a m[inute]".
 * (test/unit/analysis-dates.test.ts checks this against the patterns chrono
 * runs, boundary included.)
 */
const DURATION_START =
  /(?:(?:(?<![a-z0-9_])|(?<=within|in|for|about|around|roughly|approximately|just|this|last|past|next|after))(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]+|half(?:\s{0,2}an?)?|an?\b|few|several|the)|couple\s{0,2}(?:of)?)\s{0,3}(?:[smhdwy]|qtr|quarter)/i;

export function mayNameDuration(text: string): boolean {
  return DURATION_START.test(text);
}

/**
 * A chrono parser's pattern for these options, as chrono runs it: with its
 * word boundary (`pattern`), else what its `innerPattern` gives; undefined
 * when it has neither.
 */
function patternOf(parser: chrono.Parser, forwardDate: boolean): RegExp | undefined {
  try {
    const p = parser as { pattern?: (context: unknown) => RegExp; innerPattern?: (context: unknown) => RegExp };
    const context = { option: { forwardDate } };
    if (typeof p.pattern === 'function') return p.pattern.call(parser, context);
    return typeof p.innerPattern === 'function' ? p.innerPattern.call(parser, context) : undefined;
  } catch {
    return undefined;
  }
}

/** The duration parsers are the ones whose pattern repeats a time unit (`{0,10}`); found by their pattern, since names do not survive minification. */
function isDurationParser(parser: chrono.Parser): boolean {
  return patternOf(parser, false)?.source.includes('){0,10}') ?? false;
}

const WITHOUT_DURATIONS: chrono.Chrono = (() => {
  const c = chrono.casual.clone();
  c.parsers = c.parsers.filter((p) => !isDurationParser(p));
  return c;
})();

/** The patterns of the parsers left out without a duration, for the test that keeps `mayNameDuration` honest. */
export function durationPatterns(): RegExp[] {
  const out: RegExp[] = [];
  for (const p of chrono.casual.parsers) {
    if (!isDurationParser(p)) continue;
    for (const forwardDate of [false, true]) out.push(patternOf(p, forwardDate)!);
  }
  return out;
}

function resolveUncached(text: string, published: string): ResolvedDate | undefined {
  const pub = parseIsoDate(published);
  if (!pub || typeof text !== 'string' || text.trim() === '' || text.length > MAX_DATE_TEXT) return undefined;
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  const prepared = lower.replace(/\ba fortnight\b/g, 'two weeks').replace(/\bfortnight\b/g, 'two weeks');
  const hedged = HEDGES.test(lower);

  let results: chrono.ParsedResult[];
  try {
    const reference = { instant: new Date(Date.UTC(pub.year, pub.month - 1, pub.day, 12)), timezone: 0 };
    results = (mayNameDuration(prepared) ? chrono.casual : WITHOUT_DURATIONS).parse(prepared, reference, { forwardDate: false });
  } catch {
    results = [];
  }
  const result = results.find((r) => hasDate(r.start));
  if (!result) return bareYear(lower, pub, hedged);
  return fromChrono(result, lower, pub, hedged);
}

function hasDate(c: chrono.ParsedComponents): boolean {
  return (
    c.isCertain('day') ||
    c.isCertain('month') ||
    c.isCertain('year') ||
    c.isCertain('weekday') ||
    c.tags().has('casualReference/today') ||
    c.tags().has('casualReference/morning') ||
    c.tags().has('casualReference/afternoon') ||
    c.tags().has('casualReference/evening') ||
    c.tags().has('casualReference/night')
  );
}

function bareYear(lower: string, pub: CalendarDate, hedged: boolean): ResolvedDate | undefined {
  const m = /\b(1[5-9]\d\d|2\d\d\d)\b/.exec(lower);
  if (m) return { date: `${m[1]}-01-01`, precision: 'year', approximate: hedged };
  if (/\b(this|last|past|previous) week\b/.test(lower)) {
    const back = /\bthis week\b/.test(lower) ? 0 : 7;
    return { date: format(mondayOf(fromDayNumber(dayNumber(pub) - back))), precision: 'week', approximate: hedged };
  }
  return undefined;
}

function fromChrono(r: chrono.ParsedResult, lower: string, pub: CalendarDate, hedged: boolean): ResolvedDate | undefined {
  const c = r.start;
  const get = (k: chrono.Component): number => c.get(k) ?? 0;
  const matched = r.text.toLowerCase();
  const relative = c.tags().has('result/relativeDate');
  const agoUnit = /\b(week|month|year)s? ago\b/.exec(matched)?.[1];
  const weekWords = /\b(this|last|past|previous|next) week\b|\bweeks? (ago|before|earlier)\b/.test(matched);

  // weeks: "this week", "last week", "three weeks ago"
  if (weekWords) {
    let d: CalendarDate = { year: get('year'), month: get('month'), day: get('day') };
    if (/\bthis week\b/.test(matched)) d = pub;
    return { date: format(mondayOf(d)), precision: 'week', approximate: hedged || agoUnit === 'week' };
  }

  const certainDay = c.isCertain('day');
  const certainMonth = c.isCertain('month');
  const certainYear = c.isCertain('year');
  const casualDay = [...c.tags()].some((t) => t.startsWith('casualReference/'));

  // a weekday alone: count back from publication
  if (c.isCertain('weekday') && !certainDay && !certainMonth) {
    const wd = get('weekday');
    if (/\bnext\b/.test(matched) || /\bthis coming\b/.test(lower)) {
      return { date: format({ year: get('year'), month: get('month'), day: get('day') }), precision: 'day', approximate: hedged };
    }
    const strict = /\blast\b/.test(matched);
    let back = (weekday(pub) - wd + 7) % 7;
    if (back === 0 && strict) back = 7;
    return { date: format(fromDayNumber(dayNumber(pub) - back)), precision: 'day', approximate: hedged };
  }

  if (certainDay || casualDay) {
    let d: CalendarDate = { year: get('year'), month: get('month'), day: get('day') };
    if (!certainYear && !relative && !casualDay) {
      d = { year: pub.year, month: d.month, day: d.day };
      if (d.day > daysInMonth(d.year, d.month)) d = { ...d, year: d.year - 1 }; // 29 February
      if (compare(d, pub) > 0) d = { ...d, year: d.year - 1 };
      if (d.day > daysInMonth(d.year, d.month)) return undefined;
    }
    return { date: format(d), precision: 'day', approximate: hedged };
  }

  if (certainMonth) {
    let year = certainYear ? get('year') : pub.year;
    const month = get('month');
    if (!certainYear && !relative && month > pub.month) year -= 1;
    return { date: format({ year, month, day: 1 }), precision: 'month', approximate: hedged || agoUnit === 'month' };
  }

  if (certainYear) {
    return { date: format({ year: get('year'), month: 1, day: 1 }), precision: 'year', approximate: hedged || agoUnit === 'year' };
  }
  return undefined;
}

/**
 * Whether two ISO dates fall in the same day, ISO week (Monday to Sunday),
 * month or year. False when either is not a valid ISO date.
 */
export function sameDate(a: string, b: string, precision: DatePrecision): boolean {
  const x = parseIsoDate(a);
  const y = parseIsoDate(b);
  if (!x || !y) return false;
  switch (precision) {
    case 'day':
      return compare(x, y) === 0;
    case 'week':
      return compare(mondayOf(x), mondayOf(y)) === 0;
    case 'month':
      return x.year === y.year && x.month === y.month;
    case 'year':
      return x.year === y.year;
    default:
      return false;
  }
}

const PRECISION_ORDER: readonly DatePrecision[] = ['day', 'week', 'month', 'year'];

/**
 * Whether two resolved dates can name the same day. Each covers the days of
 * its day, week, month or year (an approximate one also the neighbouring
 * unit on either side); they are compatible when those days meet. So a day
 * is compared with a week or month by whether it falls inside it, and a week
 * with a month by whether any of its days is in the month.
 */
export function datesCompatible(a: ResolvedDate, b: ResolvedDate): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  const x = parseIsoDate(a.date);
  const y = parseIsoDate(b.date);
  if (!x || !y || !PRECISION_ORDER.includes(a.precision) || !PRECISION_ORDER.includes(b.precision)) return false;
  const [lo1, hi1] = span(x, a.precision, a.approximate ? 1 : 0);
  const [lo2, hi2] = span(y, b.precision, b.approximate ? 1 : 0);
  return lo1 <= hi2 && lo2 <= hi1;
}

/** The day numbers a date of this precision covers, widened by `slack` units each way. */
function span(d: CalendarDate, precision: DatePrecision, slack: number): [number, number] {
  switch (precision) {
    case 'day':
      return [dayNumber(d) - slack, dayNumber(d) + slack];
    case 'week': {
      const monday = dayNumber(mondayOf(d));
      return [monday - 7 * slack, monday + 6 + 7 * slack];
    }
    case 'month': {
      const first = { year: d.year, month: d.month, day: 1 };
      const start = shiftMonth(first, -slack);
      const end = shiftMonth(first, slack + 1);
      return [dayNumber(start), dayNumber(end) - 1];
    }
    case 'year':
    default:
      return [dayNumber({ year: d.year - slack, month: 1, day: 1 }), dayNumber({ year: d.year + slack + 1, month: 1, day: 1 }) - 1];
  }
}

function shiftMonth(d: CalendarDate, by: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
}
