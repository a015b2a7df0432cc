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
const low = new Int32Array(DIRECT);
const high = new Int32Array(DIRECT);

interface Masks {
  /** Unit → low-block mask, for units at or above DIRECT. */
  readonly wideLow: Map<number, number>;
  readonly wideHigh: Map<number, number>;
}

function setMasks(pattern: string): Masks {
  const wideLow = new Map<number, number>();
  const wideHigh = new Map<number, number>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    const bit = 1 << (i & 31);
    if (c < DIRECT) {
      if (i < 32) low[c] |= bit;
      else high[c] |= bit;
    } else if (i < 32) wideLow.set(c, (wideLow.get(c) ?? 0) | bit);
    else wideHigh.set(c, (wideHigh.get(c) ?? 0) | bit);
  }
  return { wideLow, wideHigh };
}

function clearMasks(pattern: string): void {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c < DIRECT) low[c] = high[c] = 0;
  }
}

interface End {
  readonly end: number;
  readonly errors: number;
}

/**
 * The ends with the fewest errors, when that is at most `maxErrors` (clamped
 * to the pattern's length): what the package's `findMatchEnds` reports.
 * `pattern` is 1 to MYERS_MAX units.
 */
function matchEnds(text: string, pattern: string, maxErrors: number): End[] {
  const m = pattern.length;
  const limit = Math.min(maxErrors, m);
  const ends: End[] = [];
  const masks = setMasks(pattern);
  try {
    if (m <= 32) oneBlock(text, m, limit, masks, ends);
    else twoBlocks(text, m, limit, masks, ends);
  } finally {
    clearMasks(pattern);
  }
  return ends;
}

/**
 * Notes an end at or under the running best: a better one drops those noted
 * before, so `ends` only ever holds ends with the fewest errors seen.
 */
function record(ends: End[], end: number, errors: number, best: number): void {
  if (errors < best) ends.length = 0;
  ends.push({ end, errors });
}

function oneBlock(text: string, m: number, limit: number, masks: Masks, ends: End[]): void {
  const top = m - 1;
  const wide = masks.wideLow;
  let pv = -1;
  let mv = 0;
  let score = m;
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    const eq = c < DIRECT ? low[c] : (wide.get(c) ?? 0);
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    score += ((ph >>> top) & 1) - ((mh >>> top) & 1);
    ph <<= 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (score <= limit) record(ends, j + 1, score, limit);
    if (score < limit) limit = score;
  }
}

function twoBlocks(text: string, m: number, limit: number, masks: Masks, ends: End[]): void {
  const last = 1 << (m - 33);
  const wideLow = masks.wideLow;
  const wideHigh = masks.wideHigh;
  let pv0 = -1;
  let mv0 = 0;
  let pv1 = -1;
  let mv1 = 0;
  let score = m;
  const n = text.length;
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    let eq0: number;
    let eq1: number;
    if (c < DIRECT) {
      eq0 = low[c];
      eq1 = high[c];
    } else {
      eq0 = wideLow.get(c) ?? 0;
      eq1 = wideHigh.get(c) ?? 0;
    }
    // The low block (units 0-31); the row above it is 0, so no carry in.
    const xv0 = eq0 | mv0;
    const xh0 = ((((eq0 & pv0) + pv0) | 0) ^ pv0) | eq0;
    let ph0 = mv0 | ~(xh0 | pv0);
    let mh0 = pv0 & xh0;
    // Its bottom row's horizontal delta carries into the high block.
    const hout = (ph0 >>> 31) - (mh0 >>> 31);
    ph0 <<= 1;
    mh0 <<= 1;
    pv0 = mh0 | ~(xv0 | ph0);
    mv0 = ph0 & xv0;
    // The high block (units 32 and up).
    const negative = hout < 0 ? 1 : 0;
    const e1 = eq1 | negative;
    const xv1 = e1 | mv1;
    const xh1 = ((((e1 & pv1) + pv1) | 0) ^ pv1) | e1;
    let ph1 = mv1 | ~(xh1 | pv1);
    let mh1 = pv1 & xh1;
    if (ph1 & last) score++;
    else if (mh1 & last) score--;
    ph1 = (ph1 << 1) | (hout > 0 ? 1 : 0);
    mh1 = (mh1 << 1) | negative;
    pv1 = mh1 | ~(xv1 | ph1);
    mv1 = ph1 & xv1;
    if (score <= limit) record(ends, j + 1, score, limit);
    if (score < limit) limit = score;
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
  if (found.length === 0) return [];
  const back = reversed(pattern);
  return found.map(({ end, errors }) => {
    // The reversed pattern searched back from the end: its furthest end (they
    // come in order) is the start of the longest match.
    const from = Math.max(0, end - pattern.length - errors);
    const starts = matchEnds(reversed(text.slice(from, end)), back, errors);
    const start = starts.length > 0 ? end - starts[starts.length - 1].end : end;
    return { start, end, errors };
  });
}
