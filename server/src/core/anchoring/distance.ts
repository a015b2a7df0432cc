/**
 * Small edit-distance helpers (Levenshtein: insertions, deletions and
 * substitutions of UTF-16 code units, each costing 1). Used on short strings
 * only: context around a candidate and boundary refinement of a match.
 */

/**
 * Distance from `p` to the best-fitting start of `t`: min over j of
 * dist(p, t[0, j)). Contexts are compared this way, anchored at the span.
 */
export function headDistance(p: string, t: string): number {
  const m = p.length;
  const n = t.length;
  if (m === 0) return 0;
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
 * dist(a, b) if it is at most `max`, otherwise `max + 1`. Only the diagonal
 * band of width max around the main diagonal is computed.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  const INF = max + 1;
  let prev = new Int32Array(n + 1).fill(INF);
  let cur = new Int32Array(n + 1).fill(INF);
  for (let j = 0; j <= Math.min(n, max); j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    cur.fill(INF, Math.max(0, lo - 1), Math.min(n, hi + 1) + 1);
    if (lo === 1) cur[0] = i <= max ? i : INF;
    let rowMin = lo === 1 ? cur[0] : INF;
    const ac = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const sub = prev[j - 1] + (ac === b.charCodeAt(j - 1) ? 0 : 1);
      const v = Math.min(sub, prev[j] + 1, cur[j - 1] + 1, INF);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return INF;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n], INF);
}
