/**
 * `figure-conflict` and `figure-contested`: figures for the same quantity
 * compared across every source, grouped by claimant (absent claimant = the
 * outlet) and by `as_of` when given. Intervals and units come from
 * analysis/intervals (rules in docs/analysis.md).
 */
import { CONVERSION_TOLERANCE, compareFigures, figureInterval, type ComparableFigure } from '../analysis/intervals';
import { convert, dimensionOf } from '../analysis/units';
import { normaliseUnit } from '../analysis/numbers';
import { WorkedOutFinding, type Finding, type RelatedSpan } from '../diagnostics/finding';
import { labelOf, type Dossier, type Span } from '../model';
import type { FigureReading } from './readings';
import { MAX_RELATED, annotationKey, howManyMore, leftOut, listing, relatedTo } from './related';

export function comparable(r: FigureReading): ComparableFigure | undefined {
  if (r.value === undefined) return undefined;
  const p = r.parsed;
  const sameAsText = p !== undefined && r.value === p.value;
  return {
    value: r.value,
    low: sameAsText ? p.low : undefined,
    high: sameAsText ? p.high : undefined,
    approx: r.approx,
    unit: r.unit ? normaliseUnit(r.unit) : undefined,
    currency: p?.currency,
    precision: p?.precision ?? 1,
    vague: p?.vague,
    alternates: p?.alternates,
  };
}

/** Two readings are compared when their as_of dates are equal, or either has none. */
export function sameMoment(a: FigureReading, b: FigureReading): boolean {
  return a.asOf === undefined || b.asOf === undefined || a.asOf === b.asOf;
}

/** What one reading disagrees with: a few examples of each, and how many in all. */
export interface Disagreement {
  readonly reading: FigureReading;
  /** Same claimant, incompatible figure (examples, at most MAX_RELATED). */
  conflict: FigureReading[];
  /** Another claimant, incompatible figure (examples). */
  contested: FigureReading[];
  conflictCount: number;
  contestedCount: number;
}

/** Groups up to this size are compared pair by pair with every rule of analysis/intervals; larger ones by sorting. */
const PAIRWISE_LIMIT = 40;

/** Every reading of one quantity that disagrees with another, by annotation key. */
export function disagreements(figures: readonly FigureReading[]): Map<string, Disagreement> {
  const byQuantity = new Map<string, FigureReading[]>();
  for (const f of figures) {
    const list = byQuantity.get(f.quantity) ?? [];
    list.push(f);
    byQuantity.set(f.quantity, list);
  }
  const out = new Map<string, Disagreement>();
  for (const group of byQuantity.values()) {
    if (group.length <= PAIRWISE_LIMIT) pairwise(group, out);
    else sweep(group, out);
  }
  // Kept for as long as the group is: an array grown by push has room for
  // 17 (12,000 of them at 1,000 bench pairs, for at most MAX_RELATED each).
  for (const e of out.values()) {
    e.conflict = e.conflict.slice();
    e.contested = e.contested.slice();
  }
  return out;
}

/** Both methods, for tests that check the fast one against the exact one. */
export function disagreementsWith(method: 'pairwise' | 'sweep', group: readonly FigureReading[]): Map<string, Disagreement> {
  const out = new Map<string, Disagreement>();
  (method === 'pairwise' ? pairwise : sweep)(group, out);
  return out;
}

function entryOf(out: Map<string, Disagreement>, r: FigureReading): Disagreement {
  const k = annotationKey(r);
  let e = out.get(k);
  if (!e) out.set(k, (e = { reading: r, conflict: [], contested: [], conflictCount: 0, contestedCount: 0 }));
  return e;
}

function record(out: Map<string, Disagreement>, a: FigureReading, b: FigureReading): void {
  const e = entryOf(out, a);
  if (a.claimant.id === b.claimant.id) {
    if (e.conflict.length < MAX_RELATED) e.conflict.push(b);
    e.conflictCount++;
  } else {
    if (e.contested.length < MAX_RELATED) e.contested.push(b);
    e.contestedCount++;
  }
}

function pairwise(group: readonly FigureReading[], out: Map<string, Disagreement>): void {
  const comparables = group.map(comparable);
  for (let i = 0; i < group.length; i++) {
    const ci = comparables[i];
    if (!ci) continue;
    for (let j = i + 1; j < group.length; j++) {
      const cj = comparables[j];
      if (!cj || !sameMoment(group[i], group[j])) continue;
      if (compareFigures(ci, cj) !== 'disagree') continue;
      record(out, group[i], group[j]);
      record(out, group[j], group[i]);
    }
  }
}

interface Placed {
  readonly r: FigureReading;
  readonly lo: number;
  readonly hi: number;
}

interface Bucket {
  readonly unit: string;
  readonly asOf: string;
  readonly items: Placed[];
  byHi: Placed[];
  byLo: Placed[];
  /** The values of its single-point readings, sorted. */
  points: number[];
  /** Per claimant: its readings sorted by either end, and its single points, to count and show same-claimant disagreements. */
  readonly claimants: Map<string, Sorted>;
}

interface Sorted {
  readonly byHi: Placed[];
  readonly byLo: Placed[];
  readonly points: number[];
}

/**
 * Large groups (a quantity reported across hundreds of articles): each
 * reading's interval in the group's unit, bucketed by unit and as_of, and
 * the incompatible ones found by binary search over the intervals sorted by
 * their ends, so the cost grows as n log n rather than n². Readings in
 * another unit of the same dimension are converted and widened as in
 * analysis/intervals; unitless readings and readings without as_of compare
 * with every bucket.
 */
function sweep(group: readonly FigureReading[], out: Map<string, Disagreement>): void {
  const buckets = new Map<string, Bucket>();
  const canonical = new Map<string, string>(); // dimension or unit -> the unit its bucket is in
  for (const r of group) {
    const c = comparable(r);
    const iv = c && figureInterval(c);
    if (!c || !iv) continue;
    let unit = c.unit ?? '*';
    let { lo, hi } = iv;
    if (c.unit) {
      const dimension = dimensionOf(c.unit);
      const target = canonical.get(dimension) ?? c.unit;
      canonical.set(dimension, target);
      if (target !== c.unit) {
        const a = convert(lo, c.unit, target);
        const b = convert(hi, c.unit, target);
        if (a === undefined || b === undefined) continue;
        const slack = CONVERSION_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
        [lo, hi] = [Math.min(a, b) - slack, Math.max(a, b) + slack];
      }
      unit = target;
    }
    const asOf = r.asOf ?? '*';
    const key = `${unit}\u0000${asOf}`;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { unit, asOf, items: [], byHi: [], byLo: [], points: [], claimants: new Map() }));
    bucket.items.push({ r, lo, hi });
  }
  for (const b of buckets.values()) {
    b.byHi = [...b.items].sort((x, y) => x.hi - y.hi);
    b.byLo = [...b.items].sort((x, y) => x.lo - y.lo);
    // In the bucket's order, so each claimant's lists are sorted as the bucket's are.
    const mineOf = (p: Placed) => {
      let c = b.claimants.get(p.r.claimant.id);
      if (!c) b.claimants.set(p.r.claimant.id, (c = { byHi: [], byLo: [], points: [] }));
      return c;
    };
    for (const p of b.byHi) {
      const mine = mineOf(p);
      mine.byHi.push(p);
      if (p.lo === p.hi) {
        b.points.push(p.hi);
        mine.points.push(p.hi);
      }
    }
    for (const p of b.byLo) mineOf(p).byLo.push(p);
  }
  const all = [...buckets.values()];
  for (const a of all) {
    const others = all.filter(
      (b) => (a.unit === '*' || b.unit === '*' || a.unit === b.unit) && (a.asOf === '*' || b.asOf === '*' || a.asOf === b.asOf),
    );
    for (const x of a.items) {
      let entry: Disagreement | undefined;
      for (const b of others) {
        // Wholly below: hi < x.lo (a prefix of byHi); wholly above: lo > x.hi (a suffix of byLo).
        const below = upperBound(b.byHi, x.lo, hiOf);
        const above = lowerBoundAbove(b.byLo, x.hi, loOf);
        const total = below + (b.byLo.length - above);
        if (!total) continue;
        const mine = b.claimants.get(x.r.claimant.id);
        const mineBelow = mine ? upperBound(mine.byHi, x.lo, hiOf) : 0;
        const mineAbove = mine ? lowerBoundAbove(mine.byLo, x.hi, loOf) : 0;
        const same = mine ? mineBelow + (mine.byLo.length - mineAbove) : 0;
        entry ??= entryOf(out, x.r);
        entry.conflictCount += same;
        entry.contestedCount += total - same;
        // A few examples of each, nearest to the reading first: the same claimant's from its own lists
        // (however far they lie), the others' from the bucket's, skipping the same claimant's.
        const conflict = entry.conflict;
        for (let i = mineBelow - 1; i >= 0 && conflict.length < MAX_RELATED; i--) conflict.push(mine!.byHi[i].r);
        for (let i = mineAbove; mine && i < mine.byLo.length && conflict.length < MAX_RELATED; i++) conflict.push(mine.byLo[i].r);
        if (same === total) continue;
        wholeExamples(b, below, above, x.r.claimant.id, entry.contested, 4 * MAX_RELATED);
      }
      // When the nearest were all the same claimant's, look further: the message must name someone.
      if (entry && entry.contestedCount > 0 && entry.contested.length === 0) {
        for (const b of others) wholeExamples(b, upperBound(b.byHi, x.lo, hiOf), lowerBoundAbove(b.byLo, x.hi, loOf), x.r.claimant.id, entry.contested, Infinity);
      }
      // Intervals that only touch x's ends disagree too, unless one of them is a single point
      // (as analysis/intervals.intervalsAgree has it).
      // Counted by binary search, not one by one: where hundreds of readings share a bound ("up to
      // 44,000" and "more than 44,000"), walking them for every reading made a group's comparison quadratic.
      if (x.lo === x.hi) continue;
      for (const b of others) {
        const total = touching(b, x);
        if (!total) continue;
        const mine = b.claimants.get(x.r.claimant.id);
        const same = mine ? touching(mine, x) : 0;
        entry ??= entryOf(out, x.r);
        entry.conflictCount += same;
        entry.contestedCount += total - same;
        if (mine && same) {
          touchingExamples(mine.byHi, upperBound(mine.byHi, x.lo, hiOf), hiOf, x.lo, entry.conflict, undefined);
          touchingExamples(mine.byLo, upperBound(mine.byLo, x.hi, loOf), loOf, x.hi, entry.conflict, undefined);
        }
        if (total > same) {
          touchingExamples(b.byHi, upperBound(b.byHi, x.lo, hiOf), hiOf, x.lo, entry.contested, x.r.claimant.id);
          touchingExamples(b.byLo, upperBound(b.byLo, x.hi, loOf), loOf, x.hi, entry.contested, x.r.claimant.id);
        }
      }
    }
  }
}

/**
 * Adds to `into`, while it has room, readings of `b` wholly below x (the
 * first `below` of byHi) and wholly above it (byLo from `above` on), nearest
 * first, `notBy`'s left out, looking at `reach` readings at most on each side.
 */
function wholeExamples(b: Pick<Sorted, 'byHi' | 'byLo'>, below: number, above: number, notBy: string, into: FigureReading[], reach: number): void {
  for (let i = below - 1, n = 0; i >= 0 && n < reach && into.length < MAX_RELATED; i--, n++) if (b.byHi[i]!.r.claimant.id !== notBy) into.push(b.byHi[i]!.r);
  for (let i = above, n = 0; i < b.byLo.length && n < reach && into.length < MAX_RELATED; i++, n++) if (b.byLo[i]!.r.claimant.id !== notBy) into.push(b.byLo[i]!.r);
}

/** Adds to `into` readings of `list` from `from` on whose `key` is `v`, single points and `notBy`'s left out, while it has room. */
function touchingExamples(list: readonly Placed[], from: number, key: (p: Placed) => number, v: number, into: FigureReading[], notBy: string | undefined): void {
  for (let i = from, n = 0; i < list.length && key(list[i]!) === v && into.length < MAX_RELATED && n < 4 * MAX_RELATED; i++, n++) {
    const p = list[i]!;
    if (p.lo !== p.hi && p.r.claimant.id !== notBy) into.push(p.r);
  }
}

/**
 * How many readings of `s` only touch x's interval, none of them a single
 * point: those ending where x starts and those starting where x ends.
 */
function touching(s: Pick<Sorted, 'byHi' | 'byLo' | 'points'>, x: Placed): number {
  const endingAt = lowerBoundAbove(s.byHi, x.lo, hiOf) - upperBound(s.byHi, x.lo, hiOf);
  const startingAt = lowerBoundAbove(s.byLo, x.hi, loOf) - upperBound(s.byLo, x.hi, loOf);
  const pointsAt = (v: number) => lowerBoundAbove(s.points, v, itself) - upperBound(s.points, v, itself);
  return endingAt - pointsAt(x.lo) + startingAt - pointsAt(x.hi);
}

const hiOf = (p: Placed): number => p.hi;
const loOf = (p: Placed): number => p.lo;
const itself = (v: number): number => v;

/** Index of the first element whose key is >= v (elements before it are < v). */
function upperBound<T>(sorted: readonly T[], v: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element whose key is > v. */
function lowerBoundAbove<T>(sorted: readonly T[], v: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function where(r: FigureReading): string {
  return `${r.written} (${r.outlet})`;
}

/** Where a figure's findings are shown in its companion: on its text. */
export function figureFindingSpan(r: FigureReading): Span | undefined {
  return r.annotation.fields.text?.node;
}

/** A group's findings as last worked out, to keep those that would be worked out the same. */
export interface PreviousFigureFindings {
  readonly disagreements: ReadonlyMap<string, Disagreement>;
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** Companions whose findings are worked out afresh whatever (edited: their annotations moved). */
  readonly afresh: ReadonlySet<string>;
}

function sameExamples(a: readonly FigureReading[], b: readonly FigureReading[], aCount: number, bCount: number, say: (r: FigureReading) => string): boolean {
  if (a.length !== b.length || (aCount === 0) !== (bCount === 0)) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  if (aCount === bCount) return true;
  const names = a.map(say);
  return howManyMore(leftOut(names, aCount)) === howManyMore(leftOut(names, bCount));
}

/** Whether two disagreements of one reading give the same findings: the same examples, and counts that read the same. */
function sameDisagreement(a: Disagreement, b: Disagreement): boolean {
  return (
    a.reading === b.reading &&
    sameExamples(a.conflict, b.conflict, a.conflictCount, b.conflictCount, where) &&
    sameExamples(a.contested, b.contested, a.contestedCount, b.contestedCount, contestedBy)
  );
}

/** Another source's figure, as a related place. */
function relatedFigure(o: FigureReading): RelatedSpan {
  return relatedTo(o, `${o.claimant.label}: ${o.written} (${o.outlet})`);
}

function contestedBy(o: FigureReading): string {
  return `${o.claimant.label} says ${where(o)}`;
}

/** A figure's finding, its message worked out when read (see WorkedOutFinding). */
class FigureFinding extends WorkedOutFinding {
  constructor(
    /** A reading with a text field (see figureFindingSpan). */
    private readonly reading: FigureReading,
    code: 'figure-conflict' | 'figure-contested',
    data: { readonly quantity: string },
    private readonly label: string,
    /** The other readings the message names (at most MAX_RELATED). */
    private readonly examples: readonly FigureReading[],
    /** How many readings there are in all. */
    private readonly count: number,
  ) {
    super(reading.companion.uri, code, reading.annotation.index, examples.map(relatedFigure), data);
  }

  get span(): Span {
    return figureFindingSpan(this.reading)!;
  }

  get message(): string {
    const r = this.reading;
    return this.code === 'figure-conflict'
      ? `${this.label}: ${r.claimant.label} is reported here as "${r.written}" but as ${listing(this.examples.map(where), this.count)}.`
      : `${this.label} is contested: ${r.claimant.label} says "${r.written}" here; ${listing(this.examples.map(contestedBy), this.count)}.`;
  }
}

/**
 * The findings of a group's disagreements. With the group's previous ones,
 * a reading whose disagreement says the same keeps its findings (the same
 * objects): a group of thousands regrouped after one edit makes findings
 * only for the readings the edit changed something for.
 */
export function figureFindings(found: ReadonlyMap<string, Disagreement>, dossier: Dossier | undefined, previous?: PreviousFigureFindings): Finding[] {
  const out: Finding[] = [];
  for (const [key, d] of found) {
    const { reading: r, conflict, contested, conflictCount, contestedCount } = d;
    const old = previous?.disagreements.get(key);
    if (old && !previous!.afresh.has(r.companion.uri) && sameDisagreement(old, d)) {
      for (const f of previous!.findings.get(r.companion.uri) ?? []) if (f.annotation === r.annotation.index) out.push(f);
      continue;
    }
    const label = labelOf(dossier, 'quantities', r.quantity);
    if (!figureFindingSpan(r)) continue;
    const data = { quantity: r.quantity };
    if (conflictCount) out.push(new FigureFinding(r, 'figure-conflict', data, label, conflict, conflictCount));
    if (contestedCount) out.push(new FigureFinding(r, 'figure-contested', data, label, contested, contestedCount));
  }
  return out;
}
