/**
 * `unknown-key`: a dossier key used in a companion (or a dossier quote's
 * speaker) that the governing dossier does not define, with a did-you-mean.
 */
import { closest, distance } from 'fastest-levenshtein';
import { REFERENCE_ENTRIES, type Companion, type Dossier, type Field, type Section } from '../model';
import type { Finding } from './finding';

/** One definition of a section, in words. */
export const SECTION_WORD: Record<Section, string> = {
  entities: 'entity',
  quantities: 'quantity',
  claims: 'claim',
  quotes: 'quote',
};

/** The closest defined key, when it is close enough to be a likely typo. */
export function didYouMean(key: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0 || key === '') return undefined;
  const best = closest(key, list);
  const d = distance(key, best);
  const limit = Math.max(2, Math.floor(Math.max(key.length, best.length) / 3));
  return d <= limit ? best : undefined;
}

function check(
  uri: string,
  dossier: Dossier,
  section: Section,
  name: string,
  field: Field,
  annotation: number | undefined,
): Finding | undefined {
  const key = field.value;
  if (typeof key !== 'string' || key === '') return undefined;
  const defined = dossier.definitions[section];
  if (defined.has(key)) return undefined;
  const suggestion = didYouMean(key, defined.keys());
  return {
    uri,
    span: field.node,
    code: 'unknown-key',
    message:
      `"${key}" (${name}) is not defined under ${section} in the dossier.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ''),
    related: [{ uri: dossier.uri, span: sectionSpan(dossier, section), message: `${SECTION_WORD[section]} definitions` }],
    data: { key, section, field: name, suggestion },
    annotation,
  };
}

function sectionSpan(dossier: Dossier, section: Section) {
  const first = dossier.definitions[section].values().next().value;
  return first ? first.keySpan : { start: 0, end: 0 };
}

export function unknownKeyFindings(companion: Companion, dossier: Dossier | undefined): Finding[] {
  if (!dossier) return []; // without a dossier, keys are free-form
  const out: Finding[] = [];
  for (const a of companion.annotations) {
    for (const [name, section] of REFERENCE_ENTRIES) {
      const field = a.fields[name];
      if (!field) continue;
      const f = check(companion.uri, dossier, section, name, field, a.index);
      if (f) out.push(f);
    }
  }
  return out;
}

/** A dossier's own references: a quote's `speaker` must be a defined entity. */
export function dossierReferenceFindings(dossier: Dossier): Finding[] {
  const out: Finding[] = [];
  for (const def of dossier.definitions.quotes.values()) {
    const field = def.fields.speaker;
    if (!field) continue;
    const f = check(dossier.uri, dossier, 'entities', 'speaker', field, undefined);
    if (f) out.push(f);
  }
  return out;
}
