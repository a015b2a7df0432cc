/**
 * Guesses that pre-fill a new annotation from the words it marks: a figure's
 * approximation and value, a quote's speaker, an entity's key, a date.
 * Every guess is optional: when unsure, nothing is filled in.
 */
import { parseFigure } from '../analysis/numbers';
import type { Approx, Definition, Dossier, Span } from '../model';

// ---------------------------------------------------------------------------
// Figures

/** Qualifier phrases and what they say about a figure, longest first. */
const QUALIFIERS: ReadonlyArray<readonly [RegExp, Approx]> = [
  [/\b(?:more than|over|upwards of|in excess of|above)$/i, 'over'],
  [/\b(?:at least|no fewer than|no less than|a minimum of)$/i, 'at-least'],
  [/\b(?:up to|as many as|as much as|at most|a maximum of)$/i, 'up-to'],
  [/\b(?:fewer than|less than|under|below)$/i, 'under'],
  [/\b(?:nearly|almost|close to|just under)$/i, 'nearly'],
  [/\b(?:about|around|approximately|roughly|some|an estimated|estimated|circa|c\.|~)$/i, 'about'],
  [/\b(?:exactly|precisely|a total of)$/i, 'exact'],
];

/**
 * The approximation a figure's wording states: the qualifier at the start of
 * the marked words, or just before them. Undefined when there is none.
 */
export function approxOf(article: string, span: Span): Approx | undefined {
  const marked = article.slice(span.start, span.end);
  const number = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?)\b/i.exec(marked);
  const lead = number ? marked.slice(0, number.index) : '';
  // The qualifier is in the selection before the number, or just before it.
  const before = (article.slice(Math.max(0, span.start - 30), span.start) + lead).replace(/\s+$/, '');
  for (const [pattern, approx] of QUALIFIERS) if (pattern.test(before)) return approx;
  return undefined;
}

/** The number a figure's words say (analysis/numbers reads every format). */
export function readNumber(text: string): number | undefined {
  return parseFigure(text)?.value;
}

// ---------------------------------------------------------------------------
// Entities and speakers

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}
function lastWord(s: string): string {
  const w = words(s);
  return (w[w.length - 1] ?? '').replace(/[’']s$/, '');
}

/**
 * The entity a name refers to: its name or an alias (case-insensitive), else
 * a unique entity whose last name is the name's last word.
 */
export function matchEntity(dossier: Dossier | undefined, name: string): Definition | undefined {
  if (!dossier) return undefined;
  const wanted = words(name).join(' ').toLowerCase();
  if (!wanted) return undefined;
  const entities = [...dossier.definitions.entities.values()];
  const exact = entities.find((d) => [d.label, ...d.aliases, d.key].some((n) => n !== undefined && words(n).join(' ').toLowerCase() === wanted));
  if (exact) return exact;
  const last = lastWord(name).toLowerCase();
  if (last.length < 2) return undefined;
  const byLast = entities.filter((d) => [d.label, ...d.aliases].some((n) => n !== undefined && lastWord(n).toLowerCase() === last));
  return byLast.length === 1 ? byLast[0] : undefined;
}

const NAME = String.raw`((?:[A-Z][\p{L}'’.-]*\s+){0,3}[A-Z][\p{L}'’-]+)`;
const VERB = String.raw`(?:said|says|told|added|asked|stated|declared|wrote|tweeted|insisted|warned|explained)`;
/** `said Austin`, `according to Austin` (the name after the verb). */
const AFTER_VERB = new RegExp(String.raw`\b(?:${VERB}|[Aa]ccording to)\s+(?:the\s+)?${NAME}`, 'gu');
/** `Austin said` (the name before the verb). */
const BEFORE_VERB = new RegExp(String.raw`${NAME}\s+${VERB}\b`, 'gu');

/** Most characters looked at on each side of a quote for its attribution. */
const ATTRIBUTION_REACH = 200;
/** Quotation marks and punctuation that close or open a quote. */
const QUOTE_EDGE = /["“”‘’'.,!?:;\s]/;

/**
 * Where a quote's attribution can be: from the start of the sentence that
 * introduces the quote to the end of the sentence that the quote closes.
 */
function attributionWindow(article: string, span: Span): { from: number; to: number } {
  let to = span.end;
  while (to < article.length && QUOTE_EDGE.test(article[to]) && to - span.end < 4) to++;
  // A quote that ends its sentence (`"... over."`) has no attribution after it.
  const closed = /[.!?]\s*$/.test(article.slice(span.start, to).replace(/["“”‘’']/g, ''));
  const limit = closed ? span.end : Math.min(article.length, span.end + ATTRIBUTION_REACH);
  if (closed) to = span.end;
  while (to < limit && !/[.!?\n]/.test(article[to])) to++;
  let from = span.start;
  while (from > 0 && QUOTE_EDGE.test(article[from - 1]) && span.start - from < 4) from--;
  const floor = Math.max(0, span.start - ATTRIBUTION_REACH);
  while (from > floor && !/[.!?\n]/.test(article[from - 1])) from--;
  return { from, to };
}

/**
 * The speaker of a quote: the nearest attribution (`X said`, `said X`,
 * `according to X`) around the quoted words, matched against the dossier's
 * entities. Looks in the sentence that introduces the quote and the one it closes.
 */
export function guessSpeaker(article: string, span: Span, dossier: Dossier | undefined): string | undefined {
  if (!dossier || dossier.definitions.entities.size === 0) return undefined;
  const { from, to } = attributionWindow(article, span);
  const found: Array<{ at: number; name: string }> = [];
  for (const pattern of [AFTER_VERB, BEFORE_VERB]) {
    pattern.lastIndex = 0;
    const window = article.slice(from, to);
    for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
      const at = from + m.index;
      if (at >= span.start && at < span.end) continue; // inside the quote itself
      found.push({ at, name: m[1] });
    }
  }
  // Nearest to the quote first; after it is checked before before it at equal distance.
  const distance = (at: number) => (at >= span.end ? at - span.end : span.start - at + 1);
  found.sort((a, b) => distance(a.at) - distance(b.at));
  for (const f of found) {
    // "said Jane Roe, the union leader" -> try the longest name first, then shorter tails.
    const parts = words(f.name);
    for (let i = 0; i < parts.length; i++) {
      const d = matchEntity(dossier, parts.slice(i).join(' '));
      if (d) return d.key;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Dates

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i === -1 ? undefined : i + 1;
}

/**
 * An ISO date for a written date (`2026-03-05`, `March 5, 2026`, `5 March`),
 * with the year taken from `year` when the text has none.
 */
export function readDate(text: string, year?: number): string | undefined {
  const isoMatch = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (isoMatch) return iso(+isoMatch[1], +isoMatch[2], +isoMatch[3]);
  const md = /\b([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b/.exec(text);
  if (md && monthOf(md[1])) {
    const y = md[3] ? +md[3] : year;
    return y === undefined ? undefined : iso(y, monthOf(md[1])!, +md[2]);
  }
  const dm = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}\.?)(?:,?\s+(\d{4}))?\b/.exec(text);
  if (dm && monthOf(dm[2])) {
    const y = dm[3] ? +dm[3] : year;
    return y === undefined ? undefined : iso(y, monthOf(dm[2])!, +dm[1]);
  }
  return undefined;
}

/** A date as ISO `YYYY-MM-DD` in local time (the caller passes the date in). */
export function isoDay(date: Date): string {
  return iso(date.getFullYear(), date.getMonth() + 1, date.getDate()) ?? '';
}
