/**
 * What the cursor is on, for navigation: the dossier keys it stands for and,
 * where it is on annotated words, the annotation.
 *
 * - In an article, on an annotated span: that annotation and its keys.
 * - In a companion, on a reference field (`entity: jane-roe`, key or value):
 *   that one key; on the `text` value: the annotation and all its keys.
 * - In a dossier, on a quote's `speaker` value: that entity; elsewhere in a
 *   definition: the definition's own key.
 *
 * An annotation may refer to several keys (a quote has `quote` and
 * `speaker`); they are listed primary first, the primary being the field
 * that says what the annotated words are (see PRIMARY_FIELD).
 */
import type { AnchoredAnnotation, Corpus } from '../corpus';
import { REFERENCE_ENTRIES, REFERENCE_FIELDS, SECTIONS, keyValue, type Annotation, type Definition, type Kind, type Section } from '../model';
import { isArticleCandidate, isCompanion, isDossier } from '../workspace';
import { touches } from '../text';

/** One dossier key that something refers to. */
export interface KeyRef {
  readonly section: Section;
  readonly key: string;
  /** The field that names it: `entity`, `speaker`, ... or `definition` for a dossier key itself. */
  readonly field: string;
}

export type Origin = 'article' | 'companion' | 'dossier';

export interface CursorTarget {
  readonly origin: Origin;
  /** The keys the cursor stands for, primary first (may be empty). */
  readonly keys: readonly KeyRef[];
  /** The annotation under the cursor, on an article span or a companion's `text` value. */
  readonly annotation?: AnchoredAnnotation;
  /** The cursor is on a dossier definition's own key (or inside that definition). */
  readonly definition?: Definition;
}

/** For each kind, the field that names what the words are. */
export const PRIMARY_FIELD: Readonly<Record<Kind, string | undefined>> = {
  entity: 'entity',
  figure: 'quantity',
  quote: 'quote',
  claim: 'claim',
  date: undefined,
  note: undefined,
};

/** The keys an annotation refers to, primary first; only non-empty string values. */
export function keysOf(annotation: Annotation): KeyRef[] {
  const primary = annotation.kind ? PRIMARY_FIELD[annotation.kind] : undefined;
  const names = REFERENCE_ENTRIES.map(([field]) => field);
  const ordered = primary ? [primary, ...names.filter((n) => n !== primary)] : names;
  const out: KeyRef[] = [];
  for (const field of ordered) {
    const key = keyValue(annotation, field);
    if (key !== undefined) out.push({ section: REFERENCE_FIELDS[field], key, field });
  }
  return out;
}

/** What the cursor at an offset of a file stands for; undefined when nothing navigable is there. */
export function targetAt(corpus: Corpus, uri: string, offset: number): CursorTarget | undefined {
  if (isCompanion(uri)) return companionTarget(corpus, uri, offset);
  if (isDossier(uri)) return dossierTarget(corpus, uri, offset);
  if (isArticleCandidate(uri)) {
    const annotation = corpus.annotationAt(uri, offset);
    return annotation ? { origin: 'article', keys: keysOf(annotation.annotation), annotation } : undefined;
  }
  return undefined;
}

function companionTarget(corpus: Corpus, uri: string, offset: number): CursorTarget | undefined {
  const anchored = corpus.annotationAt(uri, offset);
  if (!anchored) return undefined;
  const a = anchored.annotation;
  for (const [field, section] of REFERENCE_ENTRIES) {
    const f = a.fields[field];
    const key = keyValue(a, field);
    if (f && key !== undefined && (touches(f.node, offset) || touches(f.key, offset))) {
      return { origin: 'companion', keys: [{ section, key, field }] };
    }
  }
  if (touches(a.fields.text?.node, offset)) return { origin: 'companion', keys: keysOf(a), annotation: anchored };
  return undefined;
}

function dossierTarget(corpus: Corpus, uri: string, offset: number): CursorTarget | undefined {
  const dossier = corpus.getDossier(uri);
  if (!dossier) return undefined;
  for (const def of dossier.definitions.quotes.values()) {
    const speaker = def.fields.speaker;
    if (speaker && def.speaker && touches(speaker.node, offset)) {
      return { origin: 'dossier', keys: [{ section: 'entities', key: def.speaker, field: 'speaker' }] };
    }
  }
  for (const section of SECTIONS) {
    for (const def of dossier.definitions[section].values()) {
      if (touches(def.span, offset)) {
        return { origin: 'dossier', keys: [{ section, key: def.key, field: 'definition' }], definition: def };
      }
    }
  }
  return undefined;
}

/** The definition of a key in the dossier that governs a file, if there is one. */
export function definitionOf(corpus: Corpus, uri: string, ref: KeyRef): Definition | undefined {
  return corpus.dossierFor(uri)?.definitions[ref.section].get(ref.key);
}
