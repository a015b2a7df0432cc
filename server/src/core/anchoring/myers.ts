/**
 * Myers' bit-vector search for patterns of at most 64 UTF-16 units, giving
 * exactly what `approx-string-match` gives for them: every end where the
 * pattern matches with the fewest errors (at most `maxErrors`), each with the
 * start of the longest such match ending there.
 *
 * Why not only the package: anchoring searches about 1,700 units around each
 * drifted annotation's hint, and at 1,000 bench pairs that search took 485 ms
 * of a 3.1 s index in process, 96% of it on patterns of one or two blocks.
 * The package keeps its state in typed arrays on a context object and steps
 * through a band of blocks of any number (35 ns a unit for one block, 46 for
 * two, in place); this keeps one or two blocks in locals (the same search took
 * 290 ms). Longer patterns still go to the package (see search.ts). A
 * property test holds the two to the same answers
 * (test/unit/anchoring-myers.test.ts).
 *
 * The algorithm: G. Myers, "A fast bit-vector algorithm for approximate
 * string matching based on dynamic programming", J. ACM 46(3), 1999, with
 * H. Hyyrö's carries between two blocks. Column by column over the text, the
 * vertical deltas of the edit-distance matrix (top row 0: a match may start
 * anywhere) are kept as bit vectors, one bit per pattern unit.
 */

import type { Hit } from './search';

/** The longest pattern these functions take. */
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
 * `pattern` is 1 to MYERS_MAX units. All the ends found have the same error
 * count, `found.errors`.
 */
function matchEnds(text: string, pattern: string, maxErrors: number): Found {
  const m = pattern.length;
  const found: Found = { ends: [], errors: Math.min(maxErrors, m) };
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
  const rows = m % 32 === 0 ? 32 : m % 32;
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

function reversed(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

/**
 * The best matches of `pattern` (1 to MYERS_MAX units) in `text` with at most
 * `maxErrors` errors, as the package's `search` gives them: for each end, the
 * start of the longest match ending there with as few errors.
 */
export function myersSearch(text: string, pattern: string, maxErrors: number): Hit[] {
  const found = matchEnds(text, pattern, maxErrors);
  if (found.ends.length === 0) return [];
  const { errors } = found;
  const back = reversed(pattern);
  return found.ends.map((end) => {
    // The reversed pattern searched back from the end: its furthest end (they
    // come in order) is the start of the longest match.
    const from = Math.max(0, end - pattern.length - errors);
    const starts = matchEnds(reversed(text.slice(from, end)), back, errors).ends;
    const start = starts.length > 0 ? end - starts[starts.length - 1] : end;
    return { start, end, errors };
  });
}
