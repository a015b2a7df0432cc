/** How a finding points at another source's annotation. */
import type { RelatedSpan } from '../diagnostics/finding';
import type { Span } from '../model';
import type { FigureReading } from './readings';
import { firstNotBefore } from './sortedLists';

interface Placed {
  readonly companion: FigureReading['companion'];
  readonly annotation: FigureReading['annotation'];
  readonly anchor: FigureReading['anchor'];
  readonly outlet: string;
}

/**
 * A place that follows another source's annotation: its article words while
 * anchored, else its text in the companion. It is worked out each time it is
 * read, not when the finding is made: a reading keeps its identity when an
 * article edit only shifts text (its anchor is updated in place, see
 * readings.ts), so the findings that point at it stay the same objects and
 * their related places follow the words. Serialises as a plain place.
 */
class AnnotationPlace implements RelatedSpan {
  constructor(
    /** The reading pointed at. */
    readonly target: Placed,
    readonly message: string,
  ) {}

  get uri(): string {
    const r = this.target;
    return r.anchor.span ? r.companion.articleUri : r.companion.uri;
  }

  get span(): Span {
    const r = this.target;
    return r.anchor.span ?? r.annotation.fields.text?.node ?? r.annotation.span;
  }

  toJSON(): RelatedSpan {
    return { uri: this.uri, span: this.span, message: this.message };
  }
}

/**
 * The last place made for each reading: a reading is pointed at by the
 * findings of every other reading it disagrees with, nearly always with the
 * same message (114,000 places for 18,000 readings at 1,000 pairs when each
 * made its own). A place reads its reading when read, so one can be shared.
 */
const lastRelated = new WeakMap<Placed, AnnotationPlace>();

/** The other source's article words when anchored, else its annotation's text in the companion (see AnnotationPlace). */
export function relatedTo(r: Placed, message: string): RelatedSpan {
  const last = lastRelated.get(r);
  if (last && last.message === message) return last;
  const made = new AnnotationPlace(r, message);
  lastRelated.set(r, made);
  return made;
}

/** The reading a related place follows, if it follows one (made by relatedTo). */
export function relatedTarget(place: RelatedSpan): Placed | undefined {
  return place instanceof AnnotationPlace ? place.target : undefined;
}

/**
 * At most this many related places per finding, and names per message: a
 * claim contested across thousands of articles must not make every
 * diagnostic carry thousands of links. The places are the ones the message
 * names; the hover has the whole table. (Eight places made related
 * information ~70% of the 100 MB of diagnostics published for 1,000 bench
 * pairs; four cut a third of that.)
 */
export const MAX_RELATED = 4;
export const MAX_NAMED = 4;

/**
 * Below this many, the names a message leaves out are counted exactly
 * ("and 7 more"); from it on, by order of size ("and dozens more"). A
 * message is sent again to every file it is on whenever it changes: with
 * exact counts, one source added, removed or reworded anywhere changed the
 * message on every other source of a large group (1,700 files per edit at
 * 10,000 bench pairs). The hover and the comparison panel count exactly.
 */
export const EXACT_MORE = 20;

/** "7 more", "dozens more", "hundreds more", "thousands more". */
export function howManyMore(n: number): string {
  if (n < EXACT_MORE) return `${n} more`;
  return n < 100 ? 'dozens more' : n < 1000 ? 'hundreds more' : 'thousands more';
}

/** How many of `total` a listing of these names leaves out: those not among the items, and the distinct names past MAX_NAMED. */
export function leftOut(items: readonly string[], total = items.length): number {
  return Math.max(0, total - items.length) + Math.max(0, new Set(items).size - MAX_NAMED);
}

/** Joins names as "A", "A and B", "A, B and C", "A, B, C, D and 7 more" (see howManyMore). */
export function listing(items: readonly string[], total = items.length): string {
  const unique = [...new Set(items)];
  const more = leftOut(items, total);
  if (more > 0 && unique.length > 1) return `${unique.slice(0, MAX_NAMED).join(', ')} and ${howManyMore(more)}`;
  if (unique.length <= 1) return unique.join('') + (more ? ` and ${howManyMore(more)}` : '');
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** The first few of a list, for related information. */
export function firstFew<T>(items: readonly T[], max = MAX_RELATED): readonly T[] {
  return items.length > max ? items.slice(0, max) : items;
}

export type AnnotationRef = { readonly companion: { readonly uri: string }; readonly annotation: { readonly index: number } };

/** Orders readings by source (companion URI), then by position in it. */
export function byPlace(a: AnnotationRef, b: AnnotationRef): number {
  return a.companion.uri < b.companion.uri ? -1 : a.companion.uri > b.companion.uri ? 1 : a.annotation.index - b.annotation.index;
}

/**
 * Where one companion's readings lie in a list in order of place (byPlace):
 * a single run, `[from, to)`. For a list of items that hold readings, `uriOf`
 * gives each item's companion URI.
 */
export function runOf(list: readonly AnnotationRef[], uri: string): [from: number, to: number];
export function runOf<T>(list: readonly T[], uri: string, uriOf: (item: T) => string): [from: number, to: number];
export function runOf<T>(list: readonly T[], uri: string, uriOf = (r: T) => (r as AnnotationRef).companion.uri): [from: number, to: number] {
  const from = firstNotBefore(list, (r) => uriOf(r) < uri);
  let to = from;
  while (to < list.length && uriOf(list[to]!) === uri) to++;
  return [from, to];
}

/** A stable identity of an annotation within a scope. */
export function annotationKey(r: AnnotationRef): string {
  return `${r.companion.uri}#${r.annotation.index}`;
}
