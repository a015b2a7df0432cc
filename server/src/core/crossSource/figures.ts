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
import { insertSorted, removeSorted } from './sortedLists';
import { MAX_NAMED, MAX_RELATED, annotationKey, byPlace, howManyMore, leftOut, listing, relatedTo, runOf } from './related';

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

/** A group's disagreements, by reading. */
export type Disagreements = Map<FigureReading, Disagreement>;

/** A group compared: its disagreements and, for a large group, the index the next comparison starts from. */
export interface ComparedGroup {
  readonly disagreements: Disagreements;
  readonly index?: FigureIndex;
}

/** Groups up to this size are compared pair by pair with every rule of analysis/intervals; larger ones by sorting. */
const PAIRWISE_LIMIT = 40;

/** Every reading of one quantity that disagrees with another, by annotation key: the figures compared afresh. */
export function disagreements(figures: readonly FigureReading[]): Map<string, Disagreement> {
  const byQuantity = new Map<string, FigureReading[]>();
  for (const f of figures) {
    const list = byQuantity.get(f.quantity) ?? [];
    list.push(f);
    byQuantity.set(f.quantity, list);
  }
  const out = new Map<string, Disagreement>();
  for (const group of byQuantity.values()) for (const [r, d] of compareGroup(group).disagreements) out.set(annotationKey(r), d);
  return out;
}

/** Both methods, for tests that check the fast one against the exact one. */
export function disagreementsWith(method: 'pairwise' | 'sweep', group: readonly FigureReading[]): Map<string, Disagreement> {
  const found = method === 'pairwise' ? pairwise(group) : sweep(FigureIndex.of(group), group);
  return new Map([...found].map(([r, d]) => [annotationKey(r), d]));
}

/**
 * Compares the readings of one quantity (given in order of place, see
 * related.byPlace). With the previous comparison of the same group and the
 * companions whose readings changed since (`edited`), a large group moves
 * only those readings in its index, and works out again only the
 * disagreements they can change: those of the readings that a reading gone
 * or come does not wholly agree with. The others keep theirs (the same
 * objects), which tells figureFindings that their findings stand. Without
 * `keepIndex`, a large group's index is not kept for the next comparison.
 */
export function compareGroup(
  members: readonly FigureReading[],
  previous?: { readonly members: readonly FigureReading[]; readonly compared: ComparedGroup },
  edited?: ReadonlySet<string>,
  keepIndex = true,
): ComparedGroup {
  if (members.length <= PAIRWISE_LIMIT) return { disagreements: pairwise(members) };
  const index = previous?.compared.index;
  if (index && edited) {
    // A reading kept by its companion's edit (the same object, see readings.carryOver) compares as it did.
    const gone = new Set(previous.members.filter((r) => edited.has(r.companion.uri)));
    const came: FigureReading[] = [];
    for (const r of members) if (edited.has(r.companion.uri) && !gone.delete(r)) came.push(r);
    const moved = index.move([...gone], came);
    if (moved) return { disagreements: sweepAgain(index, members, moved, previous.compared.disagreements), index };
  }
  const fresh = FigureIndex.of(members);
  const found = sweep(fresh, members);
  return keepIndex ? { disagreements: found, index: fresh } : { disagreements: found };
}

/**
 * A large group's comparison with its index built, for edits to come (see
 * analyze.readyForEdits); undefined for a small group or one that has it.
 * `compared` must be the comparison of these members.
 */
export function indexed(members: readonly FigureReading[], compared: ComparedGroup): ComparedGroup | undefined {
  if (members.length <= PAIRWISE_LIMIT || compared.index) return undefined;
  return { disagreements: compared.disagreements, index: FigureIndex.of(members) };
}

function entryOf(out: Disagreements, r: FigureReading): Disagreement {
  let e = out.get(r);
  if (!e) out.set(r, (e = { reading: r, conflict: [], contested: [], conflictCount: 0, contestedCount: 0 }));
  return e;
}

function record(out: Disagreements, a: FigureReading, b: FigureReading): void {
  const e = entryOf(out, a);
  if (a.claimant.id === b.claimant.id) {
    if (e.conflict.length < MAX_RELATED) e.conflict.push(b);
    e.conflictCount++;
  } else {
    if (e.contested.length < MAX_RELATED) e.contested.push(b);
    e.contestedCount++;
  }
}

/**
 * Kept for as long as the group is: an array grown by push has room for 17
 * (12,000 of them at 1,000 bench pairs, for at most MAX_RELATED each).
 */
function trimmed(e: Disagreement): Disagreement {
  e.conflict = e.conflict.slice();
  e.contested = e.contested.slice();
  return e;
}

function pairwise(group: readonly FigureReading[]): Disagreements {
  const out: Disagreements = new Map();
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
  for (const e of out.values()) trimmed(e);
  return out;
}

interface Placed {
  readonly r: FigureReading;
  readonly lo: number;
  readonly hi: number;
  readonly bucket: Bucket;
}

interface Bucket {
  readonly unit: string;
  readonly asOf: string;
  /** In order of place. */
  readonly items: Placed[];
  /** By either end, ties in order of place (as a stable sort of `items` leaves them). */
  readonly byHi: Placed[];
  readonly byLo: Placed[];
  /** The values of its single-point readings, sorted. */
  readonly points: number[];
  /** Per claimant: its readings sorted by either end, and its single points, to count and show same-claimant disagreements. */
  readonly claimants: Map<string, Sorted>;
}

interface Sorted {
  readonly byHi: Placed[];
  readonly byLo: Placed[];
  readonly points: number[];
}

/** What moving readings in an index changed: the readings gone and come, placed, and whether the buckets kept changed order. */
interface Moved {
  readonly changed: readonly Placed[];
  readonly came: ReadonlySet<FigureReading>;
  readonly reordered: boolean;
}

const inPlaceOrder = (a: Placed, b: Placed): number => byPlace(a.r, b.r);
const inHiOrder = (a: Placed, b: Placed): number => (a.hi < b.hi ? -1 : a.hi > b.hi ? 1 : byPlace(a.r, b.r));
const inLoOrder = (a: Placed, b: Placed): number => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : byPlace(a.r, b.r));
const inValueOrder = (a: number, b: number): number => a - b;

/** The unit readings of a dimension are compared in, and how many placed readings it has. */
interface DimensionUnit {
  readonly unit: string;
  count: number;
  /** Some of its readings were in another unit and converted: which unit wins depends on the readings' order. */
  mixed: boolean;
}

/**
 * A large group's readings placed for the sweep: each reading's interval in
 * the group's unit, bucketed by unit and as_of, each bucket sorted by either
 * end. Kept between comparisons of the group, so that an edit moves only
 * its own readings (a few binary searches each) instead of the group's
 * thousand being sorted again.
 */
export class FigureIndex {
  private readonly buckets = new Map<string, Bucket>();
  private readonly placed = new Map<FigureReading, Placed>();
  private readonly dimensions = new Map<string, DimensionUnit>();

  /** The index of a group given in order of place. */
  static of(group: readonly FigureReading[]): FigureIndex {
    const index = new FigureIndex();
    // In order of place (a no-op where it is already, as the analysis gives it): the buckets' order and ties follow it.
    for (const r of [...group].sort(byPlace)) {
      const where = index.locate(r, true);
      if (!where) continue;
      const bucket = index.bucketFor(where.unit, r.asOf ?? '*');
      const p: Placed = { r, lo: where.lo, hi: where.hi, bucket };
      bucket.items.push(p);
      index.placed.set(r, p);
    }
    for (const b of index.buckets.values()) {
      b.byHi.push(...[...b.items].sort(inHiOrder));
      b.byLo.push(...[...b.items].sort(inLoOrder));
      // In the bucket's order, so each claimant's lists are sorted as the bucket's are.
      for (const p of b.byHi) {
        const mine = claimantOf(b, p);
        mine.byHi.push(p);
        if (p.lo === p.hi) {
          b.points.push(p.hi);
          mine.points.push(p.hi);
        }
      }
      for (const p of b.byLo) claimantOf(b, p).byLo.push(p);
    }
    return index;
  }

  placedOf(r: FigureReading): Placed | undefined {
    return this.placed.get(r);
  }

  /** The buckets in the order a fresh index has them: by their first reading's place. */
  order(): Bucket[] {
    return [...this.buckets.values()].sort((a, b) => inPlaceOrder(a.items[0], b.items[0]));
  }

  /**
   * Takes readings out and puts others in. Undefined (and nothing changed)
   * when a dimension involved has readings in more than one unit: which unit
   * they are converted to depends on their order, so the group is indexed
   * afresh.
   */
  move(gone: readonly FigureReading[], came: readonly FigureReading[]): Moved | undefined {
    const units = new Map<string, string>();
    for (const r of [...gone, ...came]) {
      const unit = comparable(r)?.unit;
      if (!unit) continue;
      const dimension = dimensionOf(unit);
      const known = this.dimensions.get(dimension);
      const want = units.get(dimension) ?? known?.unit ?? unit;
      if (known?.mixed || want !== unit) return undefined;
      units.set(dimension, want);
    }
    const before = this.order();
    const changed: Placed[] = [];
    for (const r of gone) {
      const p = this.placed.get(r);
      if (!p) continue;
      this.remove(p);
      changed.push(p);
    }
    for (const r of came) {
      const p = this.insert(r);
      if (p) changed.push(p);
    }
    // A bucket come or gone holds only readings come or gone (see sweepAgain); those kept must keep their order.
    const after = this.order();
    const stayed = after.filter((b) => before.includes(b));
    const reordered = before.filter((b) => after.includes(b)).some((b, i) => b !== stayed[i]);
    return { changed, came: new Set(came), reordered };
  }

  /** Where a reading goes: its interval in its dimension's unit. */
  private locate(r: FigureReading, building: boolean): { unit: string; lo: number; hi: number } | undefined {
    const c = comparable(r);
    const iv = c && figureInterval(c);
    if (!c || !iv) return undefined;
    if (!c.unit) return { unit: '*', lo: iv.lo, hi: iv.hi };
    const dimension = dimensionOf(c.unit);
    let d = this.dimensions.get(dimension);
    if (!d) this.dimensions.set(dimension, (d = { unit: c.unit, count: 0, mixed: false }));
    if (d.unit === c.unit) {
      d.count++;
      return { unit: c.unit, lo: iv.lo, hi: iv.hi };
    }
    if (!building) return undefined; // move() checked the units first
    d.mixed = true;
    const a = convert(iv.lo, c.unit, d.unit);
    const b = convert(iv.hi, c.unit, d.unit);
    if (a === undefined || b === undefined) return undefined;
    d.count++;
    const slack = CONVERSION_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    return { unit: d.unit, lo: Math.min(a, b) - slack, hi: Math.max(a, b) + slack };
  }

  private bucketFor(unit: string, asOf: string): Bucket {
    const key = bucketKey(unit, asOf);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { unit, asOf, items: [], byHi: [], byLo: [], points: [], claimants: new Map() }));
    return bucket;
  }

  private insert(r: FigureReading): Placed | undefined {
    const where = this.locate(r, false);
    if (!where) return undefined;
    const bucket = this.bucketFor(where.unit, r.asOf ?? '*');
    const p: Placed = { r, lo: where.lo, hi: where.hi, bucket };
    this.placed.set(r, p);
    sortedIn(p, insertSorted);
    return p;
  }

  private remove(p: Placed): void {
    const bucket = p.bucket;
    this.placed.delete(p.r);
    const mine = sortedIn(p, removeSorted);
    if (!mine.byHi.length) bucket.claimants.delete(p.r.claimant.id);
    if (!bucket.items.length) this.buckets.delete(bucketKey(bucket.unit, bucket.asOf));
    const unit = comparable(p.r)?.unit;
    const dimension = unit && this.dimensions.get(dimensionOf(unit));
    if (dimension && --dimension.count <= 0) this.dimensions.delete(dimensionOf(unit));
  }
}

/** Puts a placed reading in, or takes it out of, its bucket's sorted lists and its claimant's; returns the claimant's. */
function sortedIn(p: Placed, edit: <T>(list: T[], item: T, order: (a: T, b: T) => number) => void): Sorted {
  edit(p.bucket.items, p, inPlaceOrder);
  const mine = claimantOf(p.bucket, p);
  for (const s of [p.bucket, mine]) {
    edit(s.byHi, p, inHiOrder);
    edit(s.byLo, p, inLoOrder);
    if (p.lo === p.hi) edit(s.points, p.hi, inValueOrder);
  }
  return mine;
}

function bucketKey(unit: string, asOf: string): string {
  return `${unit}\u0000${asOf}`;
}

function claimantOf(b: Bucket, p: Placed): Sorted {
  let c = b.claimants.get(p.r.claimant.id);
  if (!c) b.claimants.set(p.r.claimant.id, (c = { byHi: [], byLo: [], points: [] }));
  return c;
}

/** Whether readings of these buckets are compared: the same unit and as_of, or either has none. */
function compared(a: Bucket, b: Bucket): boolean {
  return (a.unit === '*' || b.unit === '*' || a.unit === b.unit) && (a.asOf === '*' || b.asOf === '*' || a.asOf === b.asOf);
}

/** Each bucket's comparable buckets, in the index's order, worked out once per comparison. */
function othersIn(order: readonly Bucket[]): (b: Bucket) => readonly Bucket[] {
  const memo = new Map<Bucket, Bucket[]>();
  return (a) => {
    let others = memo.get(a);
    if (!others) memo.set(a, (others = order.filter((b) => compared(a, b))));
    return others;
  };
}

/**
 * Large groups (a quantity reported across hundreds of articles): the
 * incompatible readings of each are found by binary search over the
 * intervals sorted by their ends, so the cost grows as n log n rather than
 * n². Readings in another unit of the same dimension are converted and
 * widened as in analysis/intervals; unitless readings and readings without
 * as_of compare with every bucket. In the order of `group`.
 */
function sweep(index: FigureIndex, group: readonly FigureReading[]): Disagreements {
  const out: Disagreements = new Map();
  const others = othersIn(index.order());
  for (const r of group) {
    const x = index.placedOf(r);
    const found = x && disagreementOf(x, others(x.bucket));
    if (found) out.set(r, trimmed(found));
  }
  return out;
}

/**
 * The sweep after readings moved: a reading keeps its disagreement when
 * every reading gone or come is one it is not compared with, or one whose
 * interval overlaps its own beyond a shared end (neither counted against it
 * nor an example). A bucket come or gone holds only such readings, so it
 * adds or takes nothing from the others'; but where the buckets kept
 * changed order, examples taken bucket by bucket may too: every reading is
 * worked out again.
 */
function sweepAgain(index: FigureIndex, group: readonly FigureReading[], moved: Moved, before: ReadonlyMap<FigureReading, Disagreement>): Disagreements {
  const out: Disagreements = new Map();
  const others = othersIn(index.order());
  const touched = (x: Placed) => moved.changed.some((c) => compared(x.bucket, c.bucket) && !(c.lo < x.hi && c.hi > x.lo));
  for (const r of group) {
    const x = index.placedOf(r);
    if (!x) continue;
    if (moved.reordered || moved.came.has(r) || touched(x)) {
      const kept = moved.reordered || moved.came.has(r) ? undefined : before.get(r);
      const recounted = kept && recount(index, x, kept, others(x.bucket), moved);
      if (recounted !== undefined) {
        if (recounted) out.set(r, recounted);
        continue;
      }
      const found = disagreementOf(x, others(x.bucket));
      if (found) out.set(r, trimmed(found));
    } else {
      const kept = before.get(r);
      if (kept) out.set(r, kept);
    }
  }
  return out;
}

/**
 * A kept disagreement brought up to date without working it out again, where
 * that is sure to give the same: only its counts move, by the readings gone
 * and come that it counts. Its examples stand when every such reading lies
 * beyond where the walks that chose them stopped: each list full (its
 * MAX_RELATED examples), and the reading after the list's last example in the
 * order disagreementOf walks (bucket by bucket, readings wholly below then
 * wholly above, then those only touching; nearest first). A reading of x's
 * own claimant counts as a conflict and is skipped by the contested walks,
 * so it must lie beyond both lists. Undefined when that cannot be told (work
 * it out again); null when nothing disagrees any more.
 * This repeats disagreementOf's walking order (walkOf, beyond): a change to
 * how it chooses examples must be made here too. The property test that
 * compares an incremental comparison with a fresh one fails when they differ.
 */
function recount(index: FigureIndex, x: Placed, kept: Disagreement, others: readonly Bucket[], moved: Moved): Disagreement | null | undefined {
  let conflictCount = kept.conflictCount;
  let contestedCount = kept.contestedCount;
  if (foundFurther(index, x, kept, others, moved.changed.length)) return undefined;
  for (const c of moved.changed) {
    const k = others.indexOf(c.bucket);
    if (k < 0) {
      // Not compared with x, unless its bucket is gone (its place among the others is not known).
      if (!moved.came.has(c.r) && compared(x.bucket, c.bucket)) return undefined;
      continue;
    }
    const at = walkOf(x, c, k);
    if (at === undefined) continue; // overlapping x beyond a shared end: neither counted nor walked
    // (A reading among the examples is never beyond them.)
    const mine = c.r.claimant.id === x.r.claimant.id;
    if (!beyond(index, x, kept.contested, c, at, others)) return undefined;
    if (mine && !beyond(index, x, kept.conflict, c, at, others)) return undefined;
    const counted = at.region < 2 || (x.lo !== x.hi && c.lo !== c.hi) ? 1 : 0;
    const sign = moved.came.has(c.r) ? 1 : -1;
    if (mine) conflictCount += sign * counted;
    else contestedCount += sign * counted;
  }
  if (conflictCount === kept.conflictCount && contestedCount === kept.contestedCount) return kept;
  if (conflictCount < 0 || contestedCount < 0) return undefined;
  if ((conflictCount === 0 && kept.conflict.length > 0) || (contestedCount === 0 && kept.contested.length > 0)) return undefined;
  if (conflictCount === 0 && contestedCount === 0) return null;
  return { reading: kept.reading, conflict: kept.conflict, contested: kept.contested, conflictCount, contestedCount };
}

/**
 * Whether the contested examples may have come from disagreementOf's
 * further look (every reading within reach of the walks being x's
 * claimant's): then they follow other rules. Its first example lies past
 * the reach of its walk then, give or take the readings that just moved.
 */
function foundFurther(index: FigureIndex, x: Placed, kept: Disagreement, others: readonly Bucket[], moved: number): boolean {
  const first = kept.contested[0] && index.placedOf(kept.contested[0]);
  if (!first) return kept.contested.length > 0;
  const b = first.bucket;
  const where = walkOf(x, first, others.indexOf(b));
  if (!where || where.region > 1) return false;
  const reach = 4 * MAX_RELATED - moved;
  if (where.region === 0) return upperBound(b.byHi, x.lo, hiOf) - 1 - positionOf(b.byHi, first, inHiOrder) >= reach;
  return positionOf(b.byLo, first, inLoOrder) - lowerBoundAbove(b.byLo, x.hi, loOf) >= reach;
}

/** The index of `p` in a list sorted by `order` that holds it. */
function positionOf(list: readonly Placed[], p: Placed, order: (a: Placed, b: Placed) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(list[mid]!, p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where disagreementOf's walks for x meet a reading: its bucket's place among x's others, and its region (0 wholly below, 1 wholly above, 2 ending where x starts, 3 starting where x ends). */
interface Walked {
  readonly bucket: number;
  readonly region: number;
}

function walkOf(x: Placed, p: Placed, bucket: number): Walked | undefined {
  if (p.hi < x.lo) return { bucket, region: 0 };
  if (p.lo > x.hi) return { bucket, region: 1 };
  if (x.lo === x.hi) return undefined; // a single point: readings only touching it are not walked
  if (p.hi === x.lo) return { bucket, region: 2 };
  if (p.lo === x.hi) return { bucket, region: 3 };
  return undefined;
}

/** Whether `c` lies after where the walks filling `list` stopped (the list full, `c` after its last example). */
function beyond(index: FigureIndex, x: Placed, list: readonly FigureReading[], c: Placed, at: Walked, others: readonly Bucket[]): boolean {
  if (list.length < MAX_RELATED) return false;
  const last = index.placedOf(list[list.length - 1]);
  const k = last ? others.indexOf(last.bucket) : -1;
  const where = last && k >= 0 ? walkOf(x, last, k) : undefined;
  if (!last || !where) return false;
  // Whole walks (regions 0, 1) come bucket by bucket before the touching ones (2, 3), also bucket by bucket.
  const step = (w: Walked) => (w.region < 2 ? 0 : 2 * others.length) + 2 * w.bucket + (w.region % 2);
  const a = step(at);
  const b = step(where);
  if (a !== b) return a > b;
  // The same walk: below goes down byHi (nearest first), the others up their lists.
  return at.region === 0 ? inHiOrder(c, last) < 0 : at.region === 1 || at.region === 3 ? inLoOrder(c, last) > 0 : inHiOrder(c, last) > 0;
}

/** What one placed reading disagrees with among the buckets it is compared with, if anything. (Its walking order is repeated by recount.) */
function disagreementOf(x: Placed, others: readonly Bucket[]): Disagreement | undefined {
  let entry: Disagreement | undefined;
  const fresh = (): Disagreement => ({ reading: x.r, conflict: [], contested: [], conflictCount: 0, contestedCount: 0 });
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
    entry ??= fresh();
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
  if (x.lo === x.hi) return entry;
  for (const b of others) {
    const total = touching(b, x);
    if (!total) continue;
    const mine = b.claimants.get(x.r.claimant.id);
    const same = mine ? touching(mine, x) : 0;
    entry ??= fresh();
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
  return entry;
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
  readonly disagreements: ReadonlyMap<FigureReading, Disagreement>;
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** Companions whose findings are worked out afresh whatever (edited: their annotations moved). */
  readonly afresh: ReadonlySet<string>;
}

function sameExamples(a: readonly FigureReading[], b: readonly FigureReading[], aCount: number, bCount: number, say: (r: FigureReading) => string): boolean {
  if (a.length !== b.length || (aCount === 0) !== (bCount === 0)) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  if (aCount === bCount) return true;
  // Only how many are left out differs; with no more examples than a message names, that is the count past them.
  if (a.length <= MAX_NAMED) return howManyMore(Math.max(0, aCount - a.length)) === howManyMore(Math.max(0, bCount - b.length));
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
export function figureFindings(found: ReadonlyMap<FigureReading, Disagreement>, dossier: Dossier | undefined, previous?: PreviousFigureFindings): Finding[] {
  const out: Finding[] = [];
  for (const [r, d] of found) {
    const { conflict, contested, conflictCount, contestedCount } = d;
    const old = previous?.disagreements.get(r);
    if (old && !previous!.afresh.has(r.companion.uri) && (old === d || sameDisagreement(old, d))) {
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

/**
 * A large group's findings by companion after an edit, from its previous
 * ones: only the companions with a reading whose disagreement came, went or
 * says something else (and the edited ones, `afresh`) have their findings
 * made again, as figureFindings makes them; the others keep their lists
 * (the same arrays). `found` must hold the group's readings in the order of
 * `members`, the group in order of place, as the index's sweeps give them.
 * Also returns the companions made again: for the rest nothing changed.
 */
export function figureFindingsAgain(
  members: readonly FigureReading[],
  found: ReadonlyMap<FigureReading, Disagreement>,
  dossier: Dossier | undefined,
  previous: PreviousFigureFindings,
): { findings: Map<string, readonly Finding[]>; touched: Set<string> } {
  const touched = new Set(previous.afresh);
  for (const [r, d] of found) {
    const old = previous.disagreements.get(r);
    if (!old || (old !== d && !sameDisagreement(old, d))) touched.add(r.companion.uri);
  }
  for (const r of previous.disagreements.keys()) if (!found.has(r)) touched.add(r.companion.uri);
  const findings = new Map(previous.findings);
  for (const uri of touched) {
    // A companion's readings are one run of the group, in the order `found` has them.
    const mine = new Map<FigureReading, Disagreement>();
    const [from, to] = runOf(members, uri);
    for (let i = from; i < to; i++) {
      const d = found.get(members[i]!);
      if (d) mine.set(members[i]!, d);
    }
    const made = figureFindings(mine, dossier, previous);
    if (made.length) findings.set(uri, made);
    else findings.delete(uri);
  }
  return { findings, touched };
}
