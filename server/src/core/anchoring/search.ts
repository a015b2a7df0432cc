/**
 * The approximate search itself: Myers' bit-parallel algorithm (myers.ts),
 * which gives what the `approx-string-match` package gives (the tests hold
 * it to that): only the matches with the fewest errors (all of them, ties
 * included, unless they are a great many), each as [start, end) plus the
 * error count.
 */
import { myersSearch } from './myers';

export interface Hit {
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

/** The best matches of `pattern` in `text` with at most `maxErrors` errors; [] when none or on failure. */
export function approxSearch(text: string, pattern: string, maxErrors: number): Hit[] {
  if (pattern.length === 0 || text.length === 0 || !(maxErrors >= 0)) return [];
  try {
    return myersSearch(text, pattern, Math.floor(maxErrors));
  } catch {
    return [];
  }
}
