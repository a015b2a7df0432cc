/**
 * The anchoring engine: attaches an annotation to the right words of its
 * article. (Minimal exact-match version; the full engine replaces it.)
 */
import type { AnchorOptions, AnchorQuery, AnchorResult, Span } from './model';

export const DEFAULT_ANCHOR_OPTIONS: AnchorOptions = { threshold: 0.75 };

export function anchor(article: string, query: AnchorQuery, _options: AnchorOptions = DEFAULT_ANCHOR_OPTIONS): AnchorResult {
  const { text, start } = query;
  if (!text) return { state: 'orphaned', score: 0 };
  if (start !== undefined && article.startsWith(text, start)) {
    return { state: 'placed', span: { start, end: start + text.length }, score: 1 };
  }
  const hits: Span[] = [];
  for (let i = article.indexOf(text); i !== -1; i = article.indexOf(text, i + 1)) {
    hits.push({ start: i, end: i + text.length });
  }
  if (hits.length === 1) {
    return { state: start !== undefined ? 'moved' : 'placed', span: hits[0], score: 1 };
  }
  if (hits.length > 1) return { state: 'ambiguous', candidates: hits, score: 1 };
  return { state: 'orphaned', score: 0 };
}
