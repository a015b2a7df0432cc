/**
 * Typography-insensitive text: a folded copy of a string plus, for every code
 * unit of the copy, the range of the original it stands for, so that a match
 * found in the copy maps back to exact original offsets.
 *
 * Folding: curly and other quotes to ' and ", dashes and the minus sign to -,
 * the ellipsis character to three dots, every run of white space (any Unicode
 * space, tabs, line breaks, CRLF) to one space; soft hyphens, zero-width
 * spaces, word joiners and BOMs vanish. Everything else, surrogate pairs
 * included, is copied unit by unit.
 */
import { fromCodeUnits, paired } from '../text';

export interface Folded {
  readonly text: string;
  /** from[k]: original offset where the character behind folded unit k starts. */
  readonly from: Int32Array;
  /** to[k]: original offset where the character behind folded unit k ends. */
  readonly to: Int32Array;
}

const SINGLE_QUOTES = [0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x2039, 0x203a];
const DOUBLE_QUOTES = [0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb];
const DASHES = [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d];
const SPACES = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
const INVISIBLE = [0x00ad, 0x200b, 0x2060, 0xfeff];
const ELLIPSIS = 0x2026;

const SPACE = 0x20;
const DROP = -1;
const WS = -2;

/** What each code unit folds to (DROP, WS, or a code unit); 0 for "itself". */
const FOLD = new Int32Array(0x10000);
for (const c of SINGLE_QUOTES) FOLD[c] = 0x27;
for (const c of DOUBLE_QUOTES) FOLD[c] = 0x22;
for (const c of DASHES) FOLD[c] = 0x2d;
for (const c of SPACES) FOLD[c] = WS;
for (let c = 0x2000; c <= 0x200a; c++) FOLD[c] = WS;
for (const c of INVISIBLE) FOLD[c] = DROP;
FOLD[ELLIPSIS] = ELLIPSIS;

/** Folds `s` (see the module comment) and keeps the offset map. */
export function fold(s: string): Folded {
  const n = s.length;
  // The ellipsis is the only character that grows (1 -> 3); size for the worst case.
  let cap = n;
  for (let i = s.indexOf('\u2026'); i !== -1; i = s.indexOf('\u2026', i + 1)) cap += 2;
  const codes = new Uint16Array(cap);
  const from = new Int32Array(cap);
  const to = new Int32Array(cap);
  let k = 0;
  let inSpace = false;
  let lone = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const f = FOLD[c];
    if (f === 0) {
      codes[k] = c;
      if (c >= 0xd800 && c <= 0xdfff && !paired(s, i)) lone = true;
    } else if (f === DROP) {
      continue;
    } else if (f === WS) {
      if (inSpace) {
        to[k - 1] = i + 1;
        continue;
      }
      codes[k] = SPACE;
      from[k] = i;
      to[k] = i + 1;
      k++;
      inSpace = true;
      continue;
    } else if (f === ELLIPSIS) {
      codes[k] = codes[k + 1] = 0x2e;
      from[k] = from[k + 1] = i;
      to[k] = to[k + 1] = i + 1;
      k += 2;
      codes[k] = 0x2e;
    } else {
      codes[k] = f;
    }
    inSpace = false;
    from[k] = i;
    to[k] = i + 1;
    k++;
  }
  return { text: fromCodeUnits(codes.subarray(0, k), lone), from: from.subarray(0, k), to: to.subarray(0, k) };
}

/** The folded index of the first unit whose original character starts at or after `offset`. */
export function foldedIndex(f: Folded, offset: number): number {
  let lo = 0;
  let hi = f.from.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.from[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when [i, j) of the folded text does not cut through one expanded character (the ellipsis). */
export function cleanCut(f: Folded, i: number, j: number): boolean {
  const n = f.from.length;
  return (i === 0 || i >= n || f.from[i - 1] !== f.from[i]) && (j >= n || j === 0 || f.from[j - 1] !== f.from[j]);
}

/** Folds a context string: folded text with white space trimmed on the far side. */
export function foldContext(s: string | undefined, side: 'prefix' | 'suffix', max: number): string {
  if (typeof s !== 'string' || s.length === 0) return '';
  const t = fold(s).text;
  return side === 'prefix' ? t.trimStart().slice(-max) : t.trimEnd().slice(0, max);
}
