/**
 * Find All References to a dossier key: every place, across the scope (the
 * companions governed by the same dossier, `Corpus.scopeOf`), where an
 * annotation refers to it through any field of the same section (an entity
 * key used as `entity`, `speaker` or `claimant` alike).
 *
 * What is listed depends on where the request comes from, for what reads
 * best in the Peek view:
 * - From an article (on annotated words): the annotated article spans only.
 *   A reader wants to see the words in each source, not the YAML behind them.
 * - From a companion or the dossier (on a key, or on an annotation's `text`
 *   value, which stands for its primary key): the article spans AND the
 *   companion values that name the key (plus, for an entity, the dossier
 *   quotes whose `speaker` it is). Someone editing YAML is working on keys:
 *   they need the YAML places too, including annotations that are not
 *   attached to any words (orphaned or ambiguous), which have no article span.
 * With `includeDeclaration`, the dossier definition comes first; the rest is
 * ordered by file, then position. An annotation with several keys (a quote's
 * `quote` and `speaker`) is looked up by its primary key (see target.ts).
 *
 * Extension point: other modules add places through `ReferenceContributor`s
 * (quote counterparts matched by wording across sources come that way). The
 * adapter passes `REFERENCE_CONTRIBUTORS`; a contributor must not throw (any
 * that does is skipped).
 */
import { usedAnnotation, usedFields, type AnchoredAnnotation, type Corpus } from '../corpus';
import { quoteCounterpartReferences } from '../crossSource/navigation';
import { ORPHANED } from '../anchoring';
import { FIELDS_OF_SECTION, type AnchorResult, type Companion, type Field, type LineStarts } from '../model';
import { rangeOf } from '../text';
import { locationOf, sortLocations, type Location } from './locate';
import { definitionOf, targetAt, type CursorTarget, type KeyRef } from './target';

/** One annotation's use of a key. */
export interface KeyUse {
  readonly companion: Companion;
  readonly anchored: AnchoredAnnotation;
  /** The reference field that names the key, e.g. `speaker`. */
  readonly field: string;
  readonly value: Field;
}

export interface ReferenceRequest {
  readonly corpus: Corpus;
  readonly uri: string;
  readonly offset: number;
  readonly target: CursorTarget;
  /** The key whose references are listed (the target's primary key). */
  readonly ref: KeyRef;
}

/** Adds places to a references answer; returns [] when it has nothing to add. */
export type ReferenceContributor = (request: ReferenceRequest) => readonly Location[];

/** Contributors the server uses besides the key's uses: quote counterparts matched across sources. */
export const REFERENCE_CONTRIBUTORS: readonly ReferenceContributor[] = [quoteCounterpartReferences];

export interface ReferenceOptions {
  readonly includeDeclaration: boolean;
  readonly contributors?: readonly ReferenceContributor[];
}

/** Every use of a key in the scope of a file. */
export function keyUses(corpus: Corpus, uri: string, ref: Pick<KeyRef, 'section' | 'key'>): KeyUse[] {
  const out: KeyUse[] = [];
  let anchored: AnchoredAnnotation | undefined;
  forEachKeyUse(corpus, uri, ref, (companion, i, anchor, field) => {
    const annotation = companion.annotations[i]!;
    if (anchored?.annotation !== annotation) anchored = { companion, annotation, anchor };
    out.push({ companion, anchored, field, value: annotation.fields[field]! });
  });
  return out;
}

/**
 * keyUses without building its objects: `visit` gets each use (the index of
 * an annotation and the field that names the key), in the same order. A
 * popular key has thousands (9,000 for a speaker at 10,000 pairs): the index
 * tells which fields name it, so the annotations themselves are not read.
 */
function forEachKeyUse(
  corpus: Corpus,
  uri: string,
  ref: Pick<KeyRef, 'section' | 'key'>,
  visit: (companion: Companion, annotation: number, anchor: AnchorResult, field: string) => void,
): void {
  const fields = FIELDS_OF_SECTION[ref.section];
  if (ref.key.trim() === '') return;
  corpus.forEachKeyUser(uri, ref.section, ref.key, (companion, at, from, to) => {
    const anchors = corpus.anchorsOf(companion.uri);
    for (let n = from; n < to; n++) {
      const use = at[n]!;
      const i = usedAnnotation(use);
      const named = usedFields(use);
      for (let b = 0; b < fields.length; b++) if (named & (1 << b)) visit(companion, i, anchors[i] ?? ORPHANED, fields[b]!);
    }
  });
}

export function referencesAt(corpus: Corpus, uri: string, offset: number, options: ReferenceOptions): Location[] {
  const target = targetAt(corpus, uri, offset);
  const ref = target?.keys[0];
  if (!target || !ref) return [];
  const withYaml = target.origin !== 'article';
  const places: Location[] = [];
  // Each source's line starts looked up once, not per place: a key may be used in thousands.
  let source: Companion | undefined;
  let articleLines: LineStarts = [0];
  forEachKeyUse(corpus, uri, ref, (companion, i, anchor, field) => {
    if (source !== companion) {
      source = companion;
      articleLines = corpus.lineStartsOf(companion.articleUri) ?? [0];
    }
    // The companion's place first: its URI (NAME.ann.yaml) sorts before its article's (NAME.txt),
    // so the list is mostly in order already, which the sort at the end finds quickly.
    if (withYaml) places.push({ uri: companion.uri, range: rangeOf(companion.lineStarts, companion.annotations[i]!.fields[field]!.node) });
    const span = anchor.span;
    if (span) places.push({ uri: companion.articleUri, range: rangeOf(articleLines, span) });
  });
  const dossier = corpus.dossierFor(uri);
  if (withYaml && dossier && ref.section === 'entities') {
    for (const quote of dossier.definitions.quotes.values()) {
      const speaker = quote.fields.speaker;
      if (speaker && quote.speaker === ref.key) places.push(locationOf(corpus, dossier.uri, speaker.node));
    }
  }
  for (const contribute of options.contributors ?? []) {
    try {
      places.push(...contribute({ corpus, uri, offset, target, ref }));
    } catch {
      // A faulty contributor must not take the whole answer down.
    }
  }
  const def = definitionOf(corpus, uri, ref);
  const sorted = sortLocations(places, corpus.fileRanks());
  return def && dossier && options.includeDeclaration ? [locationOf(corpus, dossier.uri, def.keySpan), ...sorted] : sorted;
}
