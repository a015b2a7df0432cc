/**
 * The anchoring engine: attaches an annotation to the right words of its
 * article, and says how sure it is (see AnchorState in ./model).
 *
 * Rules, tried in order (docs/anchoring.md explains each choice):
 * 1. `start` given and the text there equals `text`: placed.
 * 2. Exact occurrences of `text`: one is placed (moved when `start` differs);
 *    several are told apart by prefix/suffix agreement, then by a clearly
 *    nearest `start`; otherwise ambiguous.
 * 3. The same on typography-folded copies (quotes, dashes, spaces, line
 *    breaks): placed quietly with `typographic: true`.
 * 4. Approximate search (Myers' algorithm, anchoring/myers.ts) on the
 *    folded copies: drifted when the span similarity reaches the threshold (and, for short
 *    spans, context or an unchanged start supports it), otherwise orphaned.
 *
 * Pure and total: no I/O, deterministic, and no input makes it throw.
 */
import type { AnchorOptions, AnchorQuery, AnchorResult, Span } from './model';
import { boundedDistances, headDistance, reversed } from './anchoring/distance';
import { cleanCut, fold, foldContext, foldedIndex, type Folded } from './anchoring/normalize';
import { approxSearch, type Hit } from './anchoring/search';
import { detached, splitsCrlf } from './text';

export const DEFAULT_ANCHOR_OPTIONS: AnchorOptions = Object.freeze({ threshold: 0.75 });

/** Tuning constants; docs/anchoring.md says where each number comes from. */
export const ANCHOR_LIMITS = Object.freeze({
  /** Spans shorter than this (folded code units) are never matched approximately. */
  minApproxLength: 4,
  /** Spans shorter than this need prefix/suffix agreement or an unchanged start to drift. */
  shortSpan: 32,
  /** Agreement a context must reach to support a short span. */
  shortSupport: 0.8,
  /** How far (code units) from `start` a short span may be and still count as in place. */
  inPlace: 4,
  /** Most errors ever searched for (bounds the cost of long quotes). */
  maxErrors: 256,
  /** Rejected candidates below this similarity are not reported as `nearest`. */
  reportFloor: 0.5,
  /** The lowest threshold honoured; lower values are raised to it. */
  minThreshold: 0.5,
  /** Context (prefix/suffix) compared, at most, in folded code units. */
  contextMax: 128,
  /** Window around `start` searched first: at least this many units each side... */
  windowMin: 1024,
  /** ...or this many times the span length. */
  windowFactor: 4,
  /** A candidate is the clearly nearest when the next one is this many times farther. */
  nearestRatio: 3,
  /** Approximate matches longer than this keep the library's boundaries (no word snapping). */
  refineMax: 600,
});

const L = ANCHOR_LIMITS;

// ---------------------------------------------------------------------------
// Public API

/** Attaches one annotation to `article`. Never throws. */
export function anchor(article: string, query: AnchorQuery, options: AnchorOptions = DEFAULT_ANCHOR_OPTIONS): AnchorResult {
  return anchorAll(article, [query], options)[0];
}

/**
 * Attaches many annotations to one article, sharing the work done on the
 * article (its folded copy). Results are in the order of `queries`.
 */
export function anchorAll(
  article: string,
  queries: readonly AnchorQuery[],
  options: AnchorOptions = DEFAULT_ANCHOR_OPTIONS,
): AnchorResult[] {
  const doc = new Article(typeof article === 'string' ? article : '');
  const threshold = thresholdOf(options);
  const out: AnchorResult[] = [];
  for (const q of Array.isArray(queries) ? queries : []) {
    try {
      out.push(anchorOne(doc, q, threshold));
    } catch {
      out.push(ORPHANED);
    }
  }
  return out;
}

/** What anchoring a list of queries in one article gave, kept to anchor the list again after an edit of it. */
export interface Anchored {
  readonly article: string;
  readonly threshold: number;
  readonly byQuery: ReadonlyMap<string, AnchorResult>;
}

function queryKey(q: AnchorQuery): string {
  return JSON.stringify([q.text, q.prefix ?? null, q.suffix ?? null, q.start ?? null]);
}

/**
 * anchorAll, reusing what the same query gave in the same article before
 * (a query's result depends on nothing else): after a companion edit only
 * the annotations whose words or hints changed are looked for again.
 */
export function anchorAllAgain(
  article: string,
  queries: readonly AnchorQuery[],
  options: AnchorOptions = DEFAULT_ANCHOR_OPTIONS,
  before?: Anchored,
): { results: AnchorResult[]; anchored: Anchored } {
  const threshold = thresholdOf(options);
  const reuse = before && before.threshold === threshold && before.article === article ? before.byQuery : undefined;
  const keys = queries.map(queryKey);
  const missing: number[] = [];
  const results: AnchorResult[] = keys.map((k, i) => {
    const hit = reuse?.get(k);
    if (!hit) missing.push(i);
    return hit ?? ORPHANED;
  });
  if (missing.length) {
    const found = anchorAll(article, missing.map((i) => queries[i]), options);
    missing.forEach((i, j) => (results[i] = found[j] ?? ORPHANED));
  }
  const byQuery = new Map<string, AnchorResult>();
  keys.forEach((k, i) => byQuery.set(k, results[i]));
  return { results, anchored: { article, threshold, byQuery } };
}

/**
 * The shortest whole-word prefix and/or suffix that makes the text at `span`
 * the one chosen by `anchor()` among the exact occurrences of that text.
 * `{}` when the text is already unique (or the span is unusable). Contexts are
 * capped at ANCHOR_LIMITS.contextMax; when even that cannot separate the
 * occurrences the longest tried is returned, and `anchor()` would still say
 * ambiguous (callers may check).
 */
export function disambiguate(article: string, span: Span): { prefix?: string; suffix?: string } {
  try {
    return disambiguateUnsafe(article, span);
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------
// Internals

export const ORPHANED: AnchorResult = Object.freeze({ state: 'orphaned', score: 0 });

function thresholdOf(options: AnchorOptions | undefined): number {
  const t = options && typeof options.threshold === 'number' ? options.threshold : NaN;
  if (!Number.isFinite(t)) return DEFAULT_ANCHOR_OPTIONS.threshold;
  return Math.min(1, Math.max(L.minThreshold, t));
}

/** An article and, built on first need, its folded copy. */
class Article {
  private foldedCopy?: Folded;
  constructor(readonly text: string) {}
  get folded(): Folded {
    return (this.foldedCopy ??= fold(this.text));
  }
}

/** What a query says, cleaned up. */
interface Query {
  readonly text: string;
  /** Folded and trimmed text. */
  readonly pattern: string;
  readonly prefix: string;
  readonly suffix: string;
  /** The start hint, if a finite number was written (clamped into the article for distances). */
  readonly hint?: number;
  /** The start exactly as written, when it was a finite number. */
  readonly written?: number;
}

function readQuery(doc: Article, q: AnchorQuery): Query | undefined {
  if (!q || typeof q !== 'object' || typeof q.text !== 'string') return undefined;
  const pattern = fold(q.text).text.trim();
  if (pattern.length === 0) return undefined;
  const s = q.start;
  const finite = typeof s === 'number' && Number.isFinite(s);
  return {
    text: q.text,
    pattern,
    prefix: foldContext(q.prefix, 'prefix', L.contextMax),
    suffix: foldContext(q.suffix, 'suffix', L.contextMax),
    hint: finite ? Math.min(doc.text.length, Math.max(0, Math.floor(s))) : undefined,
    written: finite ? s : undefined,
  };
}

function anchorOne(doc: Article, raw: AnchorQuery, threshold: number): AnchorResult {
  const q = readQuery(doc, raw);
  if (!q) return ORPHANED;
  const article = doc.text;

  // Rule 1: the text is where `start` says.
  const w = q.written;
  if (w !== undefined && Number.isInteger(w) && w >= 0 && article.startsWith(q.text, w) && whole(article, w, w + q.text.length)) {
    return { state: 'placed', span: { start: w, end: w + q.text.length }, score: 1 };
  }

  // Rule 2: exact occurrences.
  const exact = occurrences(article, q.text).filter((sp) => whole(article, sp.start, sp.end));
  if (exact.length > 0) return settle(article, q, exact, false);

  // Rule 3: typography-insensitive occurrences.
  const f = doc.folded;
  const typo: Span[] = [];
  for (const i of indexesOf(f.text, q.pattern)) {
    const j = i + q.pattern.length;
    if (!cleanCut(f, i, j)) continue;
    const sp = { start: f.from(i), end: f.to(j - 1) };
    if (whole(article, sp.start, sp.end)) typo.push(sp);
  }
  if (typo.length > 0) return settle(article, q, typo, true);

  // Rule 4: approximate.
  return approximate(doc, q, threshold);
}

/** Rules 2 and 3 once occurrences are known. */
function settle(article: string, q: Query, spans: Span[], typographic: boolean): AnchorResult {
  const extra = typographic ? { typographic: true } : {};
  let chosen: Span | undefined;
  let tied = spans;
  if (spans.length === 1) {
    chosen = spans[0];
  } else {
    tied = bestByContext(article, q, spans);
    chosen = tied.length === 1 ? tied[0] : clearlyNearest(tied, q.hint);
  }
  if (!chosen) return { state: 'ambiguous', candidates: tied, score: 1, ...extra };
  const state = q.written !== undefined && q.written !== chosen.start ? 'moved' : 'placed';
  return { state, span: chosen, score: 1, ...extra };
}

/** Every start of `needle` in `hay`, overlapping ones included. */
function indexesOf(hay: string, needle: string): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

function occurrences(article: string, text: string): Span[] {
  return indexesOf(article, text).map((i) => ({ start: i, end: i + text.length }));
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
/** True when `offset` falls between the two halves of a surrogate pair. */
function splitsPair(s: string, offset: number): boolean {
  return offset > 0 && offset < s.length && isHigh(s.charCodeAt(offset - 1)) && isLow(s.charCodeAt(offset));
}
/**
 * True when [start, end) splits no surrogate pair and no CRLF: a span ending
 * between \r and \n has an end no line/character position can express.
 */
function whole(s: string, start: number, end: number): boolean {
  return !splitsPair(s, start) && !splitsPair(s, end) && !splitsCrlf(s, start) && !splitsCrlf(s, end);
}

// --- context ---------------------------------------------------------------

/** The folded text just before an original offset, about `n` units of it. */
function foldedBefore(article: string, offset: number, n: number): string {
  const raw = article.slice(Math.max(0, offset - 3 * n - 16), offset);
  return fold(raw).text.slice(-(n + Math.ceil(n / 2) + 4));
}
function foldedAfter(article: string, offset: number, n: number): string {
  const raw = article.slice(offset, offset + 3 * n + 16);
  return fold(raw).text.slice(0, n + Math.ceil(n / 2) + 4);
}

/** The folded text around a span, as far as the query's contexts reach. */
interface Surroundings {
  readonly before: string;
  readonly after: string;
}
function surroundings(article: string, q: Query, sp: Span): Surroundings {
  return {
    before: q.prefix ? foldedBefore(article, sp.start, q.prefix.length) : '',
    after: q.suffix ? foldedAfter(article, sp.end, q.suffix.length) : '',
  };
}

/**
 * Edit errors of the query's prefix and suffix against what surrounds `sp` (0
 * when not given). With `limit`, a total above it may be reported as any
 * value above it.
 */
function contextErrors(article: string, q: Query, sp: Span, limit = Infinity, around = surroundings(article, q, sp)): { prefix: number; suffix: number } {
  const prefix = q.prefix ? headDistance(reversed(q.prefix), reversed(around.before), limit) : 0;
  if (prefix > limit) return { prefix, suffix: 0 };
  const suffix = q.suffix ? headDistance(q.suffix, around.after, limit - prefix) : 0;
  return { prefix, suffix };
}

/** How many units of the query's context agree exactly, outward from the span: a cheap first guess of the best candidate. */
function agreement(q: Query, { before, after }: Surroundings): number {
  let n = 0;
  while (n < q.prefix.length && n < before.length && q.prefix[q.prefix.length - 1 - n] === before[before.length - 1 - n]) n++;
  let k = 0;
  while (k < q.suffix.length && k < after.length && q.suffix[k] === after[k]) k++;
  return n + k;
}

/**
 * The spans whose surroundings agree best with the query's prefix and suffix
 * (all of them when neither is given). A text that occurs thousands of times
 * stays cheap: each candidate's surroundings are folded once, the candidate
 * whose context agrees exactly the furthest is scored first, and the others
 * are only scored as far as they can still tie.
 */
function bestByContext(article: string, q: Query, spans: Span[]): Span[] {
  if (!q.prefix && !q.suffix) return spans;
  // Fast path: one candidate whose context agrees letter for letter wins outright.
  const exact = spans.filter(
    (sp) => (!q.prefix || article.endsWith(q.prefix, sp.start)) && (!q.suffix || article.startsWith(q.suffix, sp.end)),
  );
  if (exact.length === 1) return exact;
  const around = spans.map((sp) => surroundings(article, q, sp));
  let best = Infinity;
  let out: Span[] = [];
  if (spans.length > 8) {
    let most = -1;
    let first = 0;
    around.forEach((a, k) => {
      const n = agreement(q, a);
      if (n > most) [most, first] = [n, k];
    });
    best = sumOf(contextErrors(article, q, spans[first], Infinity, around[first]));
  }
  spans.forEach((sp, k) => {
    const e = contextErrors(article, q, sp, best, around[k]);
    const total = e.prefix + e.suffix;
    if (total < best) {
      best = total;
      out = [sp];
    } else if (total === best) {
      out.push(sp);
    }
  });
  return out;
}

/**
 * The candidate nearest to the start hint, when it is clearly the nearest: the
 * runner-up is at least ANCHOR_LIMITS.nearestRatio times farther. Otherwise
 * undefined (a near tie is not decided by position).
 */
function clearlyNearest(spans: readonly Span[], hint: number | undefined): Span | undefined {
  if (hint === undefined || spans.length === 0) return undefined;
  const byDistance = spans
    .map((sp) => ({ sp, d: Math.abs(sp.start - hint) }))
    .sort((a, b) => a.d - b.d || a.sp.start - b.sp.start);
  if (byDistance.length === 1) return byDistance[0].sp;
  const [first, second] = byDistance;
  return second.d > first.d * L.nearestRatio ? first.sp : undefined;
}

function sumOf(e: { prefix: number; suffix: number }): number {
  return e.prefix + e.suffix;
}

// --- approximate ------------------------------------------------------------

interface Candidate {
  /** Folded coordinates. */
  readonly i: number;
  readonly j: number;
  readonly errors: number;
}

interface Judged {
  readonly span: Span;
  readonly similarity: number;
  readonly rank: number;
  readonly accepted: boolean;
}

function approximate(doc: Article, q: Query, threshold: number): AnchorResult {
  const m = q.pattern.length;
  if (m < L.minApproxLength) return ORPHANED;
  const f = doc.folded;
  const n = f.text.length;
  // Search as far as the report floor (at or below the threshold), so that the
  // best rejected candidate can be reported too; capped for long texts.
  const budget = Math.min(L.maxErrors, Math.floor(m * (1 - Math.min(threshold, L.reportFloor)) + 1e-9));
  const short = m < L.shortSpan;
  const hintF = q.hint === undefined ? undefined : foldedIndex(f, q.hint);

  const found: Candidate[] = [];
  const searchIn = (a: number, b: number): void => {
    a = Math.max(0, a);
    b = Math.min(n, b);
    if (b - a <= 0) return;
    for (const h of approxSearch(f.text.slice(a, b), q.pattern, budget)) found.push(shift(h, a));
  };

  // Regions suggested by the context: just after an exact prefix, just before an exact suffix.
  const reach = m + budget + 2;
  for (const pe of contextAnchors(f.text, q.prefix, 'prefix')) searchIn(pe, pe + reach);
  for (const ss of contextAnchors(f.text, q.suffix, 'suffix')) searchIn(ss - reach, ss);

  // The window around the start hint.
  if (hintF !== undefined) {
    const win = Math.max(L.windowMin, L.windowFactor * m);
    searchIn(hintF - win, hintF + m + win);
  }

  let verdict = decide(doc, q, found, threshold, short);
  // The whole text, unless the window already settled it (short spans never search the whole text).
  if (!short && (hintF === undefined || verdict.state !== 'drifted')) {
    searchIn(0, n);
    verdict = decide(doc, q, found, threshold, short);
  }
  return verdict;
}

function shift(h: Hit, by: number): Candidate {
  return { i: h.start + by, j: h.end + by, errors: h.errors };
}

/**
 * Folded offsets where an exact copy of the context (its 32 units nearest the
 * span) ends (prefix) or starts (suffix). Only a discriminating context
 * counts: at least 8 non-space units and at most 3 copies in the article.
 */
function contextAnchors(text: string, ctx: string, side: 'prefix' | 'suffix'): number[] {
  const piece = side === 'prefix' ? ctx.slice(-32) : ctx.slice(0, 32);
  if (piece.trim().length < 8) return [];
  const at = indexesOf(text, piece);
  if (at.length === 0 || at.length > 3) return [];
  return side === 'prefix' ? at.map((i) => i + piece.length) : at;
}

function decide(doc: Article, q: Query, raw: Candidate[], threshold: number, short: boolean): AnchorResult {
  const judged = distinct(doc, q, raw).map((c) => judge(doc, q, c, threshold, short));
  const accepted = judged.filter((c) => c.accepted);
  if (accepted.length === 0) {
    const best = pickBest(judged.filter((c) => c.similarity >= L.reportFloor))[0];
    if (!best) return ORPHANED;
    return { state: 'orphaned', score: round(best.similarity), nearest: best.span, found: detached(doc.text.slice(best.span.start, best.span.end)) };
  }
  const tied = pickBest(accepted);
  const winner = tied.length === 1 ? tied[0] : tiedNearest(tied, q.hint);
  if (!winner) return { state: 'ambiguous', candidates: tied.map((c) => c.span), score: round(tied[0].similarity) };
  const { span } = winner;
  return { state: 'drifted', span, found: detached(doc.text.slice(span.start, span.end)), score: round(winner.similarity) };
}

function tiedNearest(tied: Judged[], hint: number | undefined): Judged | undefined {
  const sp = clearlyNearest(
    tied.map((c) => c.span),
    hint,
  );
  return sp && tied.find((c) => c.span === sp);
}

/** The candidates of the highest rank (ties kept, in article order). */
function pickBest(list: Judged[]): Judged[] {
  let best = -Infinity;
  for (const c of list) if (c.rank > best) best = c.rank;
  return list.filter((c) => c.rank === best).sort((a, b) => a.span.start - b.span.start);
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * Refined, non-overlapping candidates (fewest errors first, then leftmost).
 * The library reports a cluster of overlapping ends around each match; only
 * the best of each cluster is refined.
 */
function distinct(doc: Article, q: Query, raw: Candidate[]): Candidate[] {
  const sorted = [...raw].sort((a, b) => a.i - b.i || a.j - b.j || a.errors - b.errors);
  const heads: Candidate[] = [];
  let cluster: Candidate | undefined;
  let clusterEnd = -1;
  for (const c of sorted) {
    if (cluster && c.i < clusterEnd) {
      if (c.errors < cluster.errors) cluster = c;
      clusterEnd = Math.max(clusterEnd, c.j);
      continue;
    }
    if (cluster) heads.push(cluster);
    cluster = c;
    clusterEnd = c.j;
  }
  if (cluster) heads.push(cluster);
  const refined: Candidate[] = [];
  for (const c of heads) {
    const r = refine(doc.folded.text, q.pattern, c);
    if (r) refined.push(r);
  }
  refined.sort((a, b) => a.errors - b.errors || a.i - b.i || a.j - b.j);
  const kept: Candidate[] = [];
  for (const c of refined) {
    if (!kept.some((k) => c.i < k.j && k.i < c.j)) kept.push(c);
  }
  return kept;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
function isWord(s: string, i: number): boolean {
  return i >= 0 && i < s.length && WORD.test(s[i]);
}

/**
 * Moves the ends of an approximate match onto word boundaries when the
 * pattern's own ends are word characters and the match cuts a word (so
 * `found` reads as whole words: "Economists said", not "onomists said"), and
 * drops stray spaces at either end. Options: each cut end moved outward to the
 * word's edge or inward to the next word, within 20 units; an uncut end may
 * also take in one more word. The whole-word option with the lowest cost
 * wins, and the error count is recomputed (so the similarity reported is that
 * of the words shown).
 */
function refine(text: string, pattern: string, c: Candidate): Candidate | undefined {
  let { i, j } = c;
  while (i < j && text.charCodeAt(i) === 0x20) i++;
  while (j > i && text.charCodeAt(j - 1) === 0x20) j--;
  if (j <= i) return undefined;
  const m = pattern.length;
  if (m > L.refineMax) return i === c.i && j === c.j ? c : { i, j, errors: c.errors + (c.j - c.i) - (j - i) };
  const starts = [i];
  if (isWord(pattern, 0) && isWord(text, i) && isWord(text, i - 1)) {
    const left = walk(text, i, -1);
    if (left !== undefined) starts.unshift(left);
    const right = nextWordStart(text, i, j);
    if (right !== undefined) starts.push(right);
  } else if (isWord(pattern, 0) && isWord(text, i)) {
    const before = wordBefore(text, i);
    if (before !== undefined) starts.push(before);
  }
  const ends = [j];
  if (isWord(pattern, m - 1) && isWord(text, j - 1) && isWord(text, j)) {
    const right = walk(text, j, 1);
    if (right !== undefined) ends.unshift(right);
    const left = prevWordEnd(text, i, j);
    if (left !== undefined) ends.push(left);
  } else if (isWord(pattern, m - 1) && isWord(text, j - 1)) {
    const after = wordAfter(text, j);
    if (after !== undefined) ends.push(after);
  }
  const cut = (a: number, b: number) => (isWord(text, a) && isWord(text, a - 1) ? 1 : 0) + (isWord(text, b - 1) && isWord(text, b) ? 1 : 0);
  let best: Candidate | undefined;
  let bestCost = Infinity;
  const farEnd = Math.max(...ends);
  for (const a of starts) {
    if (farEnd <= a) continue;
    // Moving the ends by so many units changes the distance by at most as many.
    const cap = c.errors + Math.abs(a - c.i) + Math.max(...ends.map((b) => Math.abs(b - c.j)));
    // One banded pass from this start gives the distance to every end option.
    const row = boundedDistances(pattern, text.slice(a, farEnd), cap);
    for (const b of ends) {
      if (b <= a) continue;
      const d = row[b - a];
      if (d > cap) continue;
      // Whole words win whenever a whole-word option exists. Then fewest errors, with
      // half an error for each unit of length gained or lost: a replaced last word
      // ("built there" -> "built locally") is kept rather than dropped.
      const cost = d + 0.5 * Math.abs(b - a - m) + 1000 * cut(a, b);
      if (cost < bestCost) {
        bestCost = cost;
        best = { i: a, j: b, errors: d };
      }
    }
  }
  return best;
}

/** From a mid-word offset, the edge of that word in direction `dir` (within 20 units). */
function walk(text: string, at: number, dir: -1 | 1): number | undefined {
  let p = at;
  for (let step = 0; step < 20; step++) {
    if (dir < 0 ? !isWord(text, p - 1) : !isWord(text, p)) return p;
    p += dir;
  }
  return undefined;
}
/** The start of the word just before `i` (across at most 3 separating units), if any. */
function wordBefore(text: string, i: number): number | undefined {
  let p = i;
  while (p > 0 && i - p < 3 && !isWord(text, p - 1)) p--;
  if (p === i || !isWord(text, p - 1)) return undefined;
  return walk(text, p - 1, -1);
}
/** The end of the word just after `j` (across at most 3 separating units), if any. */
function wordAfter(text: string, j: number): number | undefined {
  let p = j;
  while (p < text.length && p - j < 3 && !isWord(text, p)) p++;
  if (p === j || !isWord(text, p)) return undefined;
  return walk(text, p, 1);
}
function nextWordStart(text: string, i: number, j: number): number | undefined {
  let p = i;
  while (p < j && p - i < 20 && isWord(text, p)) p++;
  while (p < j && p - i < 40 && !isWord(text, p)) p++;
  return p < j && isWord(text, p) && !isWord(text, p - 1) ? p : undefined;
}
function prevWordEnd(text: string, i: number, j: number): number | undefined {
  let p = j;
  while (p > i && j - p < 20 && isWord(text, p - 1)) p--;
  while (p > i && j - p < 40 && !isWord(text, p - 1)) p--;
  return p > i && isWord(text, p - 1) && !isWord(text, p) ? p : undefined;
}

/** Maps a folded candidate back to the article and scores it. */
function judge(doc: Article, q: Query, c: Candidate, threshold: number, short: boolean): Judged {
  const f = doc.folded;
  const article = doc.text;
  let start = f.from(c.i);
  let end = f.to(c.j - 1);
  // The span returned is whole characters: an ellipsis the match cut into
  // (folded to three dots) or a surrogate pair it split is taken in whole.
  // Each unit so added may cost one more error; it is counted, so the
  // similarity never overstates how alike the returned words are.
  let widened = 0;
  for (let k = c.i; k > 0 && f.from(k - 1) === start; k--) widened++;
  const last = f.from(c.j - 1);
  for (let k = c.j; k < f.text.length && f.from(k) === last; k++) widened++;
  if (splitsPair(article, start)) {
    start--;
    widened++;
  }
  if (splitsPair(article, end)) {
    end++;
    widened++;
  }
  const span = { start, end };
  const m = q.pattern.length;
  const similarity = Math.max(0, 1 - (c.errors + widened) / m);
  const ctx = contextErrors(article, q, span);
  const prefixSim = q.prefix ? Math.max(0, 1 - ctx.prefix / q.prefix.length) : undefined;
  const suffixSim = q.suffix ? Math.max(0, 1 - ctx.suffix / q.suffix.length) : undefined;
  // The span dominates the rank (weight 0.7 against 0.15 for each context given).
  let weight = 0.7;
  let sum = 0.7 * similarity;
  if (prefixSim !== undefined) {
    weight += 0.15;
    sum += 0.15 * prefixSim;
  }
  if (suffixSim !== undefined) {
    weight += 0.15;
    sum += 0.15 * suffixSim;
  }
  const rank = Math.round((sum / weight) * 1e9) / 1e9;
  let accepted = similarity >= threshold - 1e-12;
  if (accepted && short) {
    const supported = (sim: number | undefined, ctx: string) =>
      sim !== undefined && ctx.trim().length >= 4 && sim >= L.shortSupport;
    const inPlace = q.hint !== undefined && Math.abs(start - q.hint) <= L.inPlace;
    accepted = inPlace || supported(prefixSim, q.prefix) || supported(suffixSim, q.suffix);
  }
  return { span, similarity, rank, accepted };
}

// --- disambiguate -----------------------------------------------------------

function disambiguateUnsafe(article: string, span: Span): { prefix?: string; suffix?: string } {
  if (typeof article !== 'string' || !span) return {};
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > article.length || end <= start) return {};
  const text = article.slice(start, end);
  const others = occurrences(article, text).filter((o) => o.start !== start);
  if (others.length === 0) return {};
  // For each other occurrence, how many characters before/after agree with ours.
  // Agreement beyond contextMax is never used (contexts are capped there), so
  // it is not counted: a text repeated in a long run stays linear.
  const cap = L.contextMax + 1;
  const agreeBefore = (o: Span) => {
    let k = 0;
    while (k < cap && k < start && k < o.start && article[start - 1 - k] === article[o.start - 1 - k]) k++;
    return k;
  };
  const agreeAfter = (o: Span) => {
    let k = 0;
    while (k < cap && end + k < article.length && o.end + k < article.length && article[end + k] === article[o.end + k]) k++;
    return k;
  };
  const pairs = others.map((o) => ({ before: agreeBefore(o), after: agreeAfter(o) }));
  // Find the smallest p + q with, for every other occurrence, p > before or q > after.
  const options = [0, ...pairs.map((x) => x.before + 1)].filter((p) => p <= start).sort((a, b) => a - b);
  let best: { p: number; q: number } | undefined;
  for (const p of [...new Set(options)]) {
    let q = 0;
    for (const x of pairs) if (x.before >= p) q = Math.max(q, x.after + 1);
    if (end + q > article.length) continue;
    if (!best || p + q < best.p + best.q) best = { p, q };
  }
  if (!best) best = { p: Math.min(start, L.contextMax), q: Math.min(article.length - end, L.contextMax) };
  // Round each context out to whole words and check that anchor() agrees; widen both sides until it does.
  const maxP = Math.min(start, L.contextMax);
  const maxQ = Math.min(article.length - end, L.contextMax);
  let result: { prefix?: string; suffix?: string } = {};
  for (let widen = 0; ; widen = widen === 0 ? 8 : widen * 2) {
    const wantP = widen === 0 ? best.p : best.p + widen;
    const wantQ = widen === 0 ? best.q : best.q + widen;
    const p = wantP === 0 ? 0 : Math.min(maxP, start - roundLeft(article, start - Math.min(start, wantP), start));
    const q = wantQ === 0 ? 0 : Math.min(maxQ, roundRight(article, Math.min(article.length, end + wantQ), end) - end);
    result = {};
    if (p > 0) result.prefix = article.slice(start - p, start);
    if (q > 0) result.suffix = article.slice(end, end + q);
    const check = anchor(article, { text, ...result });
    if (check.span && check.span.start === start && check.span.end === end) return result;
    if (p >= maxP && q >= maxQ) return result;
  }
}

const SPACE_RE = /\s/;

/**
 * `offset` moved left to a word boundary (at most 20 units): out of the word
 * it cuts, or across white space and through the word before it, so a prefix
 * never begins with a space that folding would trim. Never inside a surrogate pair.
 */
function roundLeft(article: string, offset: number, ceiling: number): number {
  let p = offset;
  const limit = Math.max(0, p - 20);
  if (p < ceiling && SPACE_RE.test(article[p] ?? '')) {
    while (p > 0 && SPACE_RE.test(article[p - 1])) p--;
    while (p > limit && isWord(article, p - 1)) p--;
  } else {
    while (p > limit && isWord(article, p - 1) && isWord(article, p)) p--;
  }
  return splitsPair(article, p) ? p - 1 : p;
}
/** The mirror of roundLeft for a suffix ending at `offset`. */
function roundRight(article: string, offset: number, floor: number): number {
  let p = offset;
  const limit = Math.min(article.length, p + 20);
  if (p > floor && SPACE_RE.test(article[p - 1] ?? '')) {
    while (p < article.length && SPACE_RE.test(article[p])) p++;
    while (p < limit && isWord(article, p)) p++;
  } else {
    while (p < limit && isWord(article, p - 1) && isWord(article, p)) p++;
  }
  return splitsPair(article, p) ? p + 1 : p;
}
