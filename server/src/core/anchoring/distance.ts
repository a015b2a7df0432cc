/**
 * Small edit-distance helpers (Levenshtein: insertions, deletions and
 * substitutions of UTF-16 code units, each costing 1). Used on short strings
 * only: context around a candidate and boundary refinement of a match.
 */

/**
 * Distance from `p` to the best-fitting start of `t`: min over j of
 * dist(p, t[0, j)). Contexts are compared this way, anchored at the span.
 * With `limit`, any distance above it may be reported as `limit + 1` (the
 * search stops early), so callers that only rank candidates against the best
 * so far pay little for the hopeless ones.
 */
export function headDistance(p: string, t: string, limit = Infinity): number {
  const m = p.length;
  const n = t.length;
  if (m === 0 || t.startsWith(p)) return 0; // the common case of an exact context, in O(m)
  // Column-wise over t keeps one array of size m + 1.
  const col = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) col[i] = i;
  let best = col[m];
  for (let j = 1; j <= n; j++) {
    const tc = t.charCodeAt(j - 1);
    let diag = col[0];
    col[0] = j;
    for (let i = 1; i <= m; i++) {
      const up = col[i];
      const sub = diag + (p.charCodeAt(i - 1) === tc ? 0 : 1);
      const v = Math.min(sub, up + 1, col[i - 1] + 1);
      diag = up;
      col[i] = v;
    }
    if (col[m] < best) best = col[m];
    // No later column can go below this one's minimum: past `limit`, stop.
    if (best > limit) {
      let low = col[0];
      for (let i = 1; i <= m; i++) if (col[i] < low) low = col[i];
      if (low > limit) return limit + 1;
    }
  }
  return best;
}

/** The reverse of a string by code units (enough for distance purposes). */
export function reversed(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

/**
 * For every prefix of `b`, dist(a, b[0, j)) when it is at most `max`,
 * otherwise `max + 1` (index j of the result). Only the diagonal band of
 * half-width `max` is computed, so the cost is about |a| * 2max.
 */
export function boundedDistances(a: string, b: string, max: number): Int32Array {
  const m = a.length;
  const n = b.length;
  const INF = max + 1;
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j <= max ? j : INF;
  for (let i = 1; i <= m; i++) {
    const lo = i - max > 1 ? i - max : 1;
    const hi = i + max < n ? i + max : n;
    let rowMin: number;
    if (lo > hi) {
      // b is too short for the band: only column 0 may still be in reach.
      cur.fill(INF);
      cur[0] = i <= max ? i : INF;
      rowMin = cur[0];
    } else {
      // Cells just outside the band read as "too far".
      cur[lo - 1] = lo === 1 && i <= max ? i : INF;
      if (hi < n) cur[hi + 1] = INF;
      rowMin = cur[lo - 1];
    }
    const ac = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (ac === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (v > INF) v = INF;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return cur.fill(INF);
    // Outside this row's band nothing is known: mark it for the caller.
    if (i === m) {
      if (lo <= hi) {
        cur.fill(INF, 0, lo - 1);
        if (hi < n) cur.fill(INF, hi + 1);
      }
      return cur;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev; // a is empty: row 0
}
