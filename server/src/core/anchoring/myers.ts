/**
 * Myers' bit-vector search, giving exactly what `approx-string-match` gives:
 * every end where the pattern matches with the fewest errors (at most
 * `maxErrors`), each with the start of the longest such match ending there.
 * Only a search that would tie at a great many ends gets fewer of them (see
 * START_WORK), where the package could run for hours.
 *
 * Why not the package: anchoring searches about 1,700 units around each
 * drifted annotation's hint, and at 1,000 bench pairs that search took 485 ms
 * of a 3.1 s index in process, 96% of it on patterns of one or two blocks.
 * The package keeps its state in typed arrays on a context object and steps
 * through a band of blocks of any number (35 ns a unit for one block, 46 for
 * two, in place); this keeps one or two blocks in locals (the same searches
 * took 209-220 ms), and longer patterns in typed arrays as the package does.
 * The package stays as the tests' reference: a property test holds the two
 * to the same answers (test/unit/anchoring-myers.test.ts).
 *
 * The algorithm: G. Myers, "A fast bit-vector algorithm for approximate
 * string matching based on dynamic programming", J. ACM 46(3), 1999, with
 * H. Hyyrö's carries between blocks and the cut-off of Myers' block
 * algorithm (a block is worked out only while its bottom row can still come
 * within the limit). Column by column over the text, the vertical deltas of
 * the edit-distance matrix (top row 0: a match may start anywhere) are kept
 * as bit vectors, one bit per pattern unit.
 */

import { reversed } from './distance';
import type { Hit } from './search';

/** The longest pattern kept in local variables (two blocks); longer ones use typed arrays. */
export const MYERS_MAX = 64;

/** Units below this look their bit masks up in an array; others in a map. */
const DIRECT = 256;
/** Scratch masks by unit (low block, high block); reset after each use. */
const lowMasks = new Int32Array(DIRECT);
const highMasks = new Int32Array(DIRECT);

/** Masks of units at or above DIRECT (none when the pattern has no such unit). */
interface Masks {
  readonly wideLow?: Map<number, number>;
  readonly wideHigh?: Map<number, number>;
}

function setMasks(pattern: string): Masks {
  let wideLow: Map<number, number> | undefined;
  let wideHigh: Map<number, number> | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    const bit = 1 << (i & 31);
    if (c < DIRECT) {
      if (i < 32) lowMasks[c] |= bit;
      else highMasks[c] |= bit;
    } else if (i < 32) {
      wideLow ??= new Map();
      wideLow.set(c, (wideLow.get(c) ?? 0) | bit);
    } else {
      wideHigh ??= new Map();
      wideHigh.set(c, (wideHigh.get(c) ?? 0) | bit);
    }
  }
  return { wideLow, wideHigh };
}

function clearMasks(pattern: string): void {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c < DIRECT) lowMasks[c] = highMasks[c] = 0;
  }
}

/**
 * The ends with the fewest errors, when that is at most `maxErrors` (clamped
 * to the pattern's length): what the package's `findMatchEnds` reports.
 * `pattern` is at least one unit long. All the ends found have the same error
 * count, `found.errors`.
 */
function matchEnds(text: string, pattern: string, maxErrors: number): Found {
  const m = pattern.length;
  const found: Found = { ends: [], errors: Math.min(maxErrors, m) };
  if (m > MYERS_MAX) {
    manyBlocks(text, pattern, found);
    return found;
  }
  const masks = setMasks(pattern);
  try {
    if (m <= 32) oneBlock(text, m, masks, found);
    else twoBlocks(text, m, masks, found);
  } finally {
    clearMasks(pattern);
  }
  return found;
}

/** Ends found so far, all with `errors` errors: the fewest seen (before any, the limit). */
interface Found {
  readonly ends: number[];
  errors: number;
}

/** Notes an end at or under the best so far: a better one drops the ends noted before. */
function record(found: Found, end: number, errors: number): void {
  if (errors < found.errors) {
    found.ends.length = 0;
    found.errors = errors;
  }
  found.ends.push(end);
}

function oneBlock(text: string, m: number, masks: Masks, found: Found): void {
  const top = m - 1;
  const wide = masks.wideLow;
  let limit = found.errors;
  let pv = -1;
  let mv = 0;
  let score = m;
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    const eq = c < DIRECT ? lowMasks[c] : (wide?.get(c) ?? 0);
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    score += ((ph >>> top) & 1) - ((mh >>> top) & 1);
    ph <<= 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (score <= limit) {
      record(found, j + 1, score);
      limit = score;
    }
  }
}

/**
 * Two blocks, with the package's cut-off: the high block is only worked out
 * while its bottom row can still be within the limit (Ukkonen's cut-off as
 * Myers' block algorithm applies it), entering and leaving it exactly where
 * the package does, so that the same ends come out.
 */
function twoBlocks(text: string, m: number, masks: Masks, found: Found): void {
  const top = m - 33;
  const rows = m - 32; // in the high block
  const wideLow = masks.wideLow;
  const wideHigh = masks.wideHigh;
  let limit = found.errors;
  let high = limit > 32; // whether the high block is worked out
  let pv0 = -1;
  let mv0 = 0;
  let pv1 = -1;
  let mv1 = 0;
  let score0 = 32;
  let score1 = m;
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    let eq0: number;
    let eq1: number;
    if (c < DIRECT) {
      eq0 = lowMasks[c];
      eq1 = highMasks[c];
    } else {
      eq0 = wideLow?.get(c) ?? 0;
      eq1 = wideHigh?.get(c) ?? 0;
    }
    // The low block (units 0-31); the row above it is 0, so no carry in.
    const xv0 = eq0 | mv0;
    const xh0 = ((((eq0 & pv0) + pv0) | 0) ^ pv0) | eq0;
    let ph0 = mv0 | ~(xh0 | pv0);
    let mh0 = pv0 & xh0;
    // Its bottom row's horizontal delta carries into the high block.
    const hout = (ph0 >>> 31) - (mh0 >>> 31);
    score0 += hout;
    ph0 <<= 1;
    mh0 <<= 1;
    pv0 = mh0 | ~(xv0 | ph0);
    mv0 = ph0 & xv0;
    let entered = false;
    if (!high && score0 - hout <= limit && ((eq1 & 1) !== 0 || hout < 0)) {
      // The high block comes into reach: it starts as if every row below the low block added one.
      high = entered = true;
      pv1 = -1;
      mv1 = 0;
      score1 = score0 + rows - hout;
    }
    if (!high) continue;
    // The high block (units 32 and up).
    const negative = hout < 0 ? 1 : 0;
    const e1 = eq1 | negative;
    const xv1 = e1 | mv1;
    const xh1 = ((((e1 & pv1) + pv1) | 0) ^ pv1) | e1;
    let ph1 = mv1 | ~(xh1 | pv1);
    let mh1 = pv1 & xh1;
    score1 += ((ph1 >>> top) & 1) - ((mh1 >>> top) & 1);
    ph1 = (ph1 << 1) | (hout > 0 ? 1 : 0);
    mh1 = (mh1 << 1) | negative;
    pv1 = mh1 | ~(xv1 | ph1);
    mv1 = ph1 & xv1;
    if (!entered && score1 >= limit + 32) {
      high = false; // out of reach again
      continue;
    }
    if (score1 <= limit) {
      record(found, j + 1, score1);
      limit = score1;
    }
  }
}

/**
 * Any number of blocks, in typed arrays: the block algorithm with its
 * cut-off as the package runs it, for patterns longer than MYERS_MAX.
 */
function manyBlocks(text: string, pattern: string, found: Found): void {
  const m = pattern.length;
  const blocks = Math.ceil(m / 32);
  const last = blocks - 1;
  const masks = new Map<number, Int32Array>();
  const none = new Int32Array(blocks);
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    let mask = masks.get(c);
    if (!mask) masks.set(c, (mask = new Int32Array(blocks)));
    mask[i >> 5] |= 1 << (i & 31);
  }
  const bottom = new Int32Array(blocks).fill(1 << 31);
  bottom[last] = 1 << ((m - 1) & 31);
  const pv = new Int32Array(blocks);
  const mv = new Int32Array(blocks);
  const score = new Int32Array(blocks);
  let limit = found.errors;
  // The blocks worked out: 0 to y.
  let y = Math.max(0, Math.ceil(limit / 32) - 1);
  for (let b = 0; b <= y; b++) {
    score[b] = (b + 1) * 32;
    pv[b] = -1;
  }
  score[last] = m;
  /** One block's column step, given the delta carried in from the block above; returns the one carried out. */
  const step = (b: number, eqs: Int32Array, hin: number): number => {
    const p = pv[b];
    const q = mv[b];
    const negative = hin < 0 ? 1 : 0;
    const eq = eqs[b] | negative;
    const xv = eq | q;
    const xh = ((((eq & p) + p) | 0) ^ p) | eq;
    let ph = q | ~(xh | p);
    let mh = p & xh;
    const hout = (ph & bottom[b] ? 1 : 0) - (mh & bottom[b] ? 1 : 0);
    ph = (ph << 1) | (hin > 0 ? 1 : 0);
    mh = (mh << 1) | negative;
    pv[b] = mh | ~(xv | ph);
    mv[b] = ph & xv;
    return hout;
  };
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const eqs = masks.get(text.charCodeAt(j)) ?? none;
    let carry = 0;
    for (let b = 0; b <= y; b++) {
      carry = step(b, eqs, carry);
      score[b] += carry;
    }
    if (score[y] - carry <= limit && y < last && ((eqs[y + 1] & 1) !== 0 || carry < 0)) {
      // The next block comes into reach: it starts as if each of its rows added one.
      y++;
      pv[y] = -1;
      mv[y] = 0;
      const rows = y === last ? m - 32 * last : 32;
      score[y] = score[y - 1] + rows - carry + step(y, eqs, carry);
    } else {
      while (y > 0 && score[y] >= limit + 32) y--;
    }
    if (y === last && score[last] <= limit) {
      record(found, j + 1, score[last]);
      limit = score[last];
    }
  }
}

/**
 * How much finding starts may cost (pattern units times blocks, summed over
 * the ends), about a quarter of a second. Each end costs a search back over
 * the pattern's length; a long pattern against a long run of one letter can
 * tie at tens of thousands of ends (a 33,853-unit pattern tied at 26,146
 * ends of a 60,364-unit text took the package hours). Past this, only the
 * first end of each run of consecutive ends is taken, as many as the budget
 * allows: overlapping matches are one candidate to anchoring anyway.
 * Searches of ordinary texts stay far below it (a 64-unit pattern would need
 * some 260,000 tied ends).
 */
export const START_WORK = 50_000_000;

/** The first end of each run of consecutive ends, at most `max` of them. */
function runStarts(ends: readonly number[], max: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < ends.length && out.length < max; k++) if (k === 0 || ends[k] - ends[k - 1] > 1) out.push(ends[k]);
  return out;
}

/**
 * The best matches of `pattern` in `text` with at most `maxErrors` errors, as
 * the package's `search` gives them: for each end, the start of the longest
 * match ending there with as few errors. Past START_WORK, fewer ends (see there).
 */
export function myersSearch(text: string, pattern: string, maxErrors: number): Hit[] {
  const found = matchEnds(text, pattern, maxErrors);
  if (found.ends.length === 0) return [];
  const { errors } = found;
  const perEnd = (pattern.length + errors) * Math.ceil(pattern.length / 32);
  const ends = found.ends.length * perEnd > START_WORK ? runStarts(found.ends, Math.max(1, Math.floor(START_WORK / perEnd))) : found.ends;
  const back = reversed(pattern);
  return ends.map((end) => {
    // The reversed pattern searched back from the end: its furthest end (they
    // come in order) is the start of the longest match.
    const from = Math.max(0, end - pattern.length - errors);
    const starts = matchEnds(reversed(text.slice(from, end)), back, errors).ends;
    const start = starts.length > 0 ? end - starts[starts.length - 1] : end;
    return { start, end, errors };
  });
}
