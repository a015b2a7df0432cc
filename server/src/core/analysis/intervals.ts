/**
 * Turning a figure reading into the interval of true values it allows, and
 * deciding whether two outlets' figures can both be right.
 *
 * Pure and total. The rules, with worked examples, are in docs/analysis.md.
 */
import type { Approx } from '../model';
import { convertReading, type FigureReading } from './numbers';
import { isCurrency, roundFloat } from './units';

/** A closed interval of values [lo, hi]. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** What `figureInterval` needs from a reading. */
export interface IntervalInput {
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  readonly approx: Approx;
  readonly precision: number;
  /** Vague amounts ("hundreds of") already carry generous bounds: they are used as they are. */
  readonly vague?: boolean;
}

/**
 * "about X" and the lower side of "nearly X" allow this fraction of X either
 * way (or one precision unit, whichever is more): "about 10,000" = 9,000–11,000.
 */
export const ABOUT_TOLERANCE = 0.1;
/**
 * A one-sided bound ("over X", "at least X", "up to X", "under X") reaches
 * this fraction of X beyond the bound (or one precision unit, whichever is
 * more): "over 1,000" = 1,000–1,500; "up to 12,000" = 6,000–12,000.
 */
export const BOUND_MARGIN = 0.5;
/**
 * When two figures are compared after a unit conversion, the converted one is
 * widened by this fraction of its value: writers round conversions loosely
 * ("50km (30 miles)", though 50 km is 31.07 miles).
 */
export const CONVERSION_TOLERANCE = 0.05;

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The values a reading allows. With L..H the number or range as written
 * (L = H = value for a single number), p its precision, t = max(p, 10% of the
 * larger magnitude) and m = max(p, 50% of the larger magnitude):
 *
 *   exact            [L − p/2, H + p/2]
 *   about            [L − t,   H + t]
 *   nearly           [L − t,   H]
 *   over, at-least   [L,       H + m]
 *   up-to, under     [L − m,   H]
 *   vague            [low, high] as read ("hundreds" = 200–1,000)
 *
 * Returns undefined when the value (or a bound) is not a finite number.
 */
export function figureInterval(f: IntervalInput): Interval | undefined {
  const raw = rawInterval(f);
  return raw && { lo: roundFloat(raw.lo), hi: roundFloat(raw.hi) };
}

function rawInterval(f: IntervalInput): Interval | undefined {
  if (typeof f !== 'object' || f === null || !finite(f.value)) return undefined;
  if ((f.low !== undefined && !finite(f.low)) || (f.high !== undefined && !finite(f.high))) return undefined;
  const a = f.low ?? f.value;
  const b = f.high ?? f.value;
  const L = Math.min(a, b);
  const H = Math.max(a, b);
  if (f.vague && f.low !== undefined && f.high !== undefined) return { lo: L, hi: H };
  const p = finite(f.precision) && f.precision > 0 ? f.precision : 0;
  const magnitude = Math.max(Math.abs(L), Math.abs(H));
  const t = Math.max(p, ABOUT_TOLERANCE * magnitude);
  const m = Math.max(p, BOUND_MARGIN * magnitude);
  switch (f.approx) {
    case 'about':
      return { lo: L - t, hi: H + t };
    case 'nearly':
      return { lo: L - t, hi: H };
    case 'over':
    case 'at-least':
      return { lo: L, hi: H + m };
    case 'up-to':
    case 'under':
      return { lo: L - m, hi: H };
    case 'exact':
    default:
      return { lo: L - p / 2, hi: H + p / 2 };
  }
}

/** The common part of two intervals, or undefined when they are apart. */
export function overlap(a: Interval, b: Interval): Interval | undefined {
  if (!validInterval(a) || !validInterval(b)) return undefined;
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  return lo <= hi ? { lo, hi } : undefined;
}

function validInterval(x: Interval): boolean {
  return typeof x === 'object' && x !== null && !Number.isNaN(x.lo) && !Number.isNaN(x.hi) && x.lo <= x.hi;
}

/**
 * True when some value lies inside both intervals. Two intervals that only
 * touch at an end do not agree ("$59bn" = 58.5–59.5bn and "$60bn" = 59.5–60.5bn
 * are two different roundings), unless one of them is a single point.
 */
export function intervalsAgree(a: Interval, b: Interval): boolean {
  const common = overlap(a, b);
  if (!common) return false;
  if (common.hi > common.lo) return true;
  return a.lo === a.hi || b.lo === b.hi;
}

export type FigureVerdict = 'agree' | 'disagree' | 'incomparable';

/** A reading with its unit and the same figure in other units. */
export interface ComparableFigure extends FigureReading {
  readonly vague?: boolean;
  readonly alternates?: readonly FigureReading[];
}

/** Two readings brought into one unit, with the intervals they allow there. */
export interface AlignedFigures {
  readonly a: Interval;
  readonly b: Interval;
  /** The unit both intervals are in (undefined when neither figure has one). */
  readonly unit?: string;
  /** True when `b` was converted into `a`'s unit. */
  readonly converted: boolean;
}

/**
 * Brings two figures into a common unit: the main readings first, then the
 * alternates written in parentheses ("£100m ($125m)"). A figure without a
 * unit takes the other's. Different currencies never align; other different
 * units align through `convert` (km ↔ mile, kg ↔ lb, °C ↔ °F ...), the
 * converted side widened by CONVERSION_TOLERANCE. Undefined when nothing aligns.
 */
export function alignFigures(a: ComparableFigure, b: ComparableFigure): AlignedFigures | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return undefined;
  const as: ComparableFigure[] = [a, ...(Array.isArray(a.alternates) ? a.alternates : [])];
  const bs: ComparableFigure[] = [b, ...(Array.isArray(b.alternates) ? b.alternates : [])];
  // main with main, then main with alternates, then alternates with each other
  const pairs: Array<[ComparableFigure, ComparableFigure]> = [];
  for (let i = 0; i < as.length; i++) for (let j = 0; j < bs.length; j++) pairs.push([as[i], bs[j]]);
  pairs.sort((x, y) => rank(x, as, bs) - rank(y, as, bs));
  for (const [x, y] of pairs) {
    const aligned = alignPair(x, y);
    if (aligned) return aligned;
  }
  return undefined;
}

function rank([x, y]: [ComparableFigure, ComparableFigure], as: ComparableFigure[], bs: ComparableFigure[]): number {
  return (as.indexOf(x) > 0 ? 1 : 0) + (bs.indexOf(y) > 0 ? 1 : 0);
}

function alignPair(x: ComparableFigure, y: ComparableFigure): AlignedFigures | undefined {
  const ix = figureInterval(x);
  if (!ix) return undefined;
  if (x.unit === undefined || y.unit === undefined || x.unit === y.unit) {
    const iy = figureInterval(y);
    return iy ? { a: ix, b: iy, unit: x.unit ?? y.unit, converted: false } : undefined;
  }
  if (isCurrency(x.unit) || isCurrency(y.unit)) return undefined;
  const cy = convertReading(y, x.unit);
  const iy = cy ? figureInterval(cy) : undefined;
  if (!cy || !iy) return undefined;
  const slack = CONVERSION_TOLERANCE * Math.max(Math.abs(iy.lo), Math.abs(iy.hi));
  return { a: ix, b: { lo: iy.lo - slack, hi: iy.hi + slack }, unit: x.unit, converted: true };
}

/**
 * Whether two outlets' readings of the same figure can both be right:
 * 'agree' when their intervals (in a common unit) share values, 'disagree'
 * when they do not, 'incomparable' when no common unit exists (workers vs
 * USD, EUR vs USD) or a reading is not a number.
 */
export function compareFigures(a: ComparableFigure, b: ComparableFigure): FigureVerdict {
  const aligned = alignFigures(a, b);
  if (!aligned) return 'incomparable';
  return intervalsAgree(aligned.a, aligned.b) ? 'agree' : 'disagree';
}
