/**
 * The approximate search itself: Myers' bit-parallel algorithm from the
 * `approx-string-match` package. It reports only the matches with the fewest
 * errors (all of them, ties included), each as [start, end) plus the error
 * count.
 *
 * The package is an ES module while the server compiles to CommonJS; esbuild
 * (the bundle) and Node >= 20.19 both load it through require(), so it is
 * required here with its types imported for the import side.
 */
import type * as Asm from 'approx-string-match' with { 'resolution-mode': 'import' };
import { MYERS_MAX, myersSearch } from './myers';

export interface Hit {
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

type SearchFn = typeof Asm.default;
let searchFn: SearchFn | null | undefined;

function load(): SearchFn | null {
  if (searchFn === undefined) {
    try {
      const mod = require('approx-string-match') as typeof Asm | SearchFn;
      searchFn = typeof mod === 'function' ? mod : typeof mod.default === 'function' ? mod.default : null;
    } catch {
      searchFn = null;
    }
  }
  return searchFn;
}

/**
 * The best matches of `pattern` in `text` with at most `maxErrors` errors; []
 * when none or on failure. Patterns of up to MYERS_MAX units take the
 * specialised search in myers.ts, which gives the same answers faster.
 */
export function approxSearch(text: string, pattern: string, maxErrors: number): Hit[] {
  if (pattern.length === 0 || text.length === 0 || !(maxErrors >= 0)) return [];
  const search = pattern.length <= MYERS_MAX ? myersSearch : load();
  if (!search) return [];
  try {
    return search(text, pattern, Math.floor(maxErrors));
  } catch {
    return [];
  }
}
