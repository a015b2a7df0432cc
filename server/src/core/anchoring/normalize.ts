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

export interface Folded {
  readonly text: string;
  /** The original offset where the character behind folded unit k starts (0 <= k < text.length). */
  from(k: number): number;
  /** The original offset where the character behind folded unit k ends. */
  to(k: number): number;
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

/**
 * A folded text and its map back to the original. Most units stand for the
 * original unit at the same offset shifted by what was folded before them;
 * only the "pieces" break that: a run of white space folded to one space,
 * invisible characters dropped, an ellipsis grown to three dots. So only
 * they are kept (tens per article), and an offset is worked out by a binary
 * search among them, instead of two offsets kept for every unit (eight bytes
 * a character, for every article anchored approximately).
 */
class FoldedText implements Folded {
  constructor(
    readonly text: string,
    /** Where each piece starts in the folded text, in order. */
    private readonly at: readonly number[],
    /** How many folded units each piece is: 1 (a run of white space), 0 (dropped characters), 3 (an ellipsis). */
    private readonly size: readonly number[],
    /** Where each piece's original starts and ends. */
    private readonly start: readonly number[],
    private readonly end: readonly number[],
  ) {}

  from(k: number): number {
    const p = this.pieceAt(k);
    if (p < 0) return k;
    const after = this.at[p] + this.size[p];
    return k < after ? this.start[p] : this.end[p] + (k - after);
  }

  to(k: number): number {
    const p = this.pieceAt(k);
    if (p < 0) return k + 1;
    const after = this.at[p] + this.size[p];
    if (k >= after) return this.end[p] + (k - after) + 1;
    // A run of white space stands for all of it; each dot of an ellipsis for the ellipsis.
    return this.size[p] === 1 ? this.end[p] : this.start[p] + 1;
  }

  /** The last piece starting at or before folded unit k; -1 when none does. */
  private pieceAt(k: number): number {
    const at = this.at;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] <= k) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}

const ONE_UNIT = new Map<number, string>();
for (const c of [...SINGLE_QUOTES, ...DOUBLE_QUOTES, ...DASHES]) ONE_UNIT.set(c, String.fromCharCode(FOLD[c]));

/** Folds `s` (see the module comment) and keeps the offset map. */
export function fold(s: string): Folded {
  const n = s.length;
  const parts: string[] = [];
  const at: number[] = [];
  const size: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  /** Original units copied into `parts` so far, and folded units written. */
  let copied = 0;
  let written = 0;
  const put = (i: number, next: number, unit: string): void => {
    if (i > copied) parts.push(s.slice(copied, i));
    written += i - copied + unit.length;
    parts.push(unit);
    copied = next;
  };
  const piece = (i: number, next: number, units: number): void => {
    at.push(written + (i - copied));
    size.push(units);
    start.push(i);
    end.push(next);
  };
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII other than the space folds to itself: the common case.
    if (c > SPACE && c < 0x7f) continue;
    if (c === SPACE) {
      // A space between words: itself.
      const d = s.charCodeAt(i + 1);
      if (d > SPACE && d < 0x7f) continue;
    }
    const f = FOLD[c];
    if (f === 0) continue;
    if (f === WS) {
      // The run: white space, with invisible characters inside it (not after it) taken in.
      let last = i + 1;
      for (let p = i + 1; p < n; p++) {
        const g = FOLD[s.charCodeAt(p)];
        if (g === WS) last = p + 1;
        else if (g !== DROP) break;
      }
      if (last - i > 1) {
        piece(i, last, 1);
        put(i, last, ' ');
        i = last - 1;
      } else if (c !== SPACE) {
        put(i, i + 1, ' ');
      }
    } else if (f === DROP) {
      let next = i + 1;
      while (next < n && FOLD[s.charCodeAt(next)] === DROP) next++;
      piece(i, next, 0);
      put(i, next, '');
      i = next - 1;
    } else if (f === ELLIPSIS) {
      piece(i, i + 1, 3);
      put(i, i + 1, '...');
    } else {
      put(i, i + 1, ONE_UNIT.get(c)!);
    }
  }
  if (copied === 0) return new FoldedText(s, at, size, start, end);
  if (copied < n) parts.push(s.slice(copied));
  return new FoldedText(parts.join(''), at, size, start, end);
}

/** The folded index of the first unit whose original character starts at or after `offset`. */
export function foldedIndex(f: Folded, offset: number): number {
  let lo = 0;
  let hi = f.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.from(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when [i, j) of the folded text does not cut through one expanded character (the ellipsis). */
export function cleanCut(f: Folded, i: number, j: number): boolean {
  const n = f.text.length;
  return (i === 0 || i >= n || f.from(i - 1) !== f.from(i)) && (j >= n || j === 0 || f.from(j - 1) !== f.from(j));
}

/** Folds a context string: folded text with white space trimmed on the far side. */
export function foldContext(s: string | undefined, side: 'prefix' | 'suffix', max: number): string {
  if (typeof s !== 'string' || s.length === 0) return '';
  const t = fold(s).text;
  return side === 'prefix' ? t.trimStart().slice(-max) : t.trimEnd().slice(0, max);
}
