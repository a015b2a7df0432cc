/**
 * The symbol kinds navigation uses, named in the core's own words; the LSP
 * adapter maps them to protocol numbers. One kind per thing an annotation or
 * a dossier talks about, so the outline and the symbol search show the same
 * icon for the same thing everywhere.
 */
import type { Kind, Section } from '../model';

export type SymbolKindName = 'namespace' | 'object' | 'number' | 'boolean' | 'string' | 'event' | 'property' | 'file';

/** For annotations of each kind. */
export const KIND_SYMBOL: Readonly<Record<Kind, SymbolKindName>> = {
  entity: 'object',
  figure: 'number',
  claim: 'boolean', // a proposition a source holds true or false
  quote: 'string',
  date: 'event',
  note: 'property',
};

/** For dossier definitions of each section. */
export const SECTION_SYMBOL: Readonly<Record<Section, SymbolKindName>> = {
  entities: 'object',
  quantities: 'number',
  claims: 'boolean',
  quotes: 'string',
};

/** For a group of symbols (a dossier section, the annotations of one kind). */
export const GROUP_SYMBOL: SymbolKindName = 'namespace';
/** For a source (an outlet's article, at its companion's `source:`). */
export const SOURCE_SYMBOL: SymbolKindName = 'file';
