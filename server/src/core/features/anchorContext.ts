/**
 * Where an annotation sits, as far as the editing features need to know, and
 * the context that pins a span to one occurrence.
 *
 * `contextFor` proposes the fewest whole words, on one line where it can,
 * and keeps them only when the anchoring engine places the span with them;
 * otherwise the engine's own `disambiguate` (wider, more robust) decides.
 */
import { anchor, disambiguate } from '../anchoring';
import type { AnchorResult, Annotation, Span } from '../model';

export interface AnchorContext {
  readonly prefix?: string;
  readonly suffix?: string;
}

/** Most words of context taken on one side before giving up. */
const MAX_WORDS = 12;

function count(article: string, needle: string, limit = 2): number {
  let n = 0;
  for (let i = article.indexOf(needle); i !== -1 && n < limit; i = article.indexOf(needle, i + 1)) n++;
  return n;
}

/** Start offsets of the whitespace-delimited words before `at`, nearest first. */
function wordStartsBefore(article: string, at: number): number[] {
  const out: number[] = [];
  let i = at;
  while (i > 0 && out.length < MAX_WORDS) {
    while (i > 0 && /\s/.test(article[i - 1])) i--;
    while (i > 0 && !/\s/.test(article[i - 1])) i--;
    out.push(i);
  }
  return out;
}

/** End offsets of the words after `at`, nearest first. */
function wordEndsAfter(article: string, at: number): number[] {
  const out: number[] = [];
  let i = at;
  while (i < article.length && out.length < MAX_WORDS) {
    while (i < article.length && /\s/.test(article[i])) i++;
    while (i < article.length && !/\s/.test(article[i])) i++;
    out.push(i);
  }
  return out;
}

/**
 * The least context (whole words before and/or after) that makes the text at
 * `span` occur once in the article; empty when the text is unique already.
 */
export function contextFor(article: string, span: Span): AnchorContext {
  const words = fewestWords(article, span);
  const text = article.slice(span.start, span.end);
  const r = anchor(article, { text, ...words });
  if (r.span && r.span.start === span.start && r.span.end === span.end) return words;
  return disambiguate(article, span);
}

function fewestWords(article: string, span: Span): AnchorContext {
  const text = article.slice(span.start, span.end);
  if (text === '' || count(article, text) <= 1) return {};
  const befores = wordStartsBefore(article, span.start).map((s) => article.slice(s, span.start));
  const afters = wordEndsAfter(article, span.end).map((e) => article.slice(span.end, e));
  for (let n = 0; n < MAX_WORDS; n++) {
    const p = befores[Math.min(n, befores.length - 1)];
    const s = afters[Math.min(n, afters.length - 1)];
    const options: AnchorContext[] = [];
    if (p !== undefined && count(article, p + text) === 1) options.push({ prefix: p });
    if (s !== undefined && count(article, text + s) === 1) options.push({ suffix: s });
    if (options.length) return options.sort((a, b) => size(a) - size(b))[0];
    if (p !== undefined && s !== undefined && count(article, p + text + s) === 1) return { prefix: p, suffix: s };
  }
  return {
    prefix: befores[befores.length - 1],
    suffix: afters[afters.length - 1],
  };
}

/** How much a context costs: its length, and much more when it runs across a line break. */
function size(c: AnchorContext): number {
  const text = (c.prefix ?? '') + (c.suffix ?? '');
  return text.length + (/[\r\n]/.test(text) ? 1000 : 0);
}

/**
 * The article span an annotation marks: its anchor's span, or for an
 * ambiguous anchor the one candidate its prefix/suffix pick out (so that
 * features do not re-annotate words already annotated while the engine
 * leaves them ambiguous).
 */
export function markedSpan(article: string, annotation: Annotation, anchor: AnchorResult): Span | undefined {
  if (anchor.span) return anchor.span;
  if (anchor.state !== 'ambiguous' || !annotation.text) return undefined;
  const fits = (anchor.candidates ?? []).filter(
    (c) =>
      (!annotation.prefix || article.slice(c.start - annotation.prefix.length, c.start) === annotation.prefix) &&
      (!annotation.suffix || article.slice(c.end, c.end + annotation.suffix.length) === annotation.suffix),
  );
  return fits.length === 1 ? fits[0] : undefined;
}
