/** How a finding points at another source's annotation. */
import type { RelatedSpan } from '../diagnostics/finding';
import type { FigureReading } from './readings';

interface Placed {
  readonly companion: FigureReading['companion'];
  readonly annotation: FigureReading['annotation'];
  readonly anchor: FigureReading['anchor'];
  readonly outlet: string;
}

/** The other source's article words when anchored, else its annotation's text in the companion. */
export function relatedTo(r: Placed, message: string): RelatedSpan {
  if (r.anchor.span) return { uri: r.companion.articleUri, span: r.anchor.span, message };
  const field = r.annotation.fields.text;
  return { uri: r.companion.uri, span: field ? field.node : r.annotation.span, message };
}

/** Joins names as "A", "A and B", "A, B and C". */
export function listing(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique.join('');
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** A stable identity of an annotation within a scope. */
export function annotationKey(r: { readonly companion: { readonly uri: string }; readonly annotation: { readonly index: number } }): string {
  return `${r.companion.uri}#${r.annotation.index}`;
}
