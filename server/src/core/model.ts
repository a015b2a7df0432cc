/**
 * The data model shared by every part of the core.
 *
 * Everything here is plain data: no parsed YAML Document, no CST and no
 * closure is kept, so a model of a closed file costs little memory.
 * Offsets are UTF-16 code units into the file's text (as JavaScript strings
 * and LSP positions count them).
 */

/** A half-open range of UTF-16 offsets [start, end) into one file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export const KINDS = ['figure', 'quote', 'entity', 'claim', 'date', 'note'] as const;
export type Kind = (typeof KINDS)[number];

/** The value as a kind, when it is one. */
export function asKind(value: unknown): Kind | undefined {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value) ? (value as Kind) : undefined;
}

export const APPROX_VALUES = ['exact', 'about', 'nearly', 'over', 'at-least', 'up-to', 'under'] as const;
export type Approx = (typeof APPROX_VALUES)[number];

export const STANCES = ['asserts', 'denies', 'questions'] as const;
export type Stance = (typeof STANCES)[number];

/** The dossier sections that hold definitions, and what refers to each. */
export const SECTIONS = ['entities', 'quantities', 'claims', 'quotes'] as const;
export type Section = (typeof SECTIONS)[number];

/** Which annotation field refers to which dossier section. */
export const REFERENCE_FIELDS: Readonly<Record<string, Section>> = {
  entity: 'entities',
  speaker: 'entities',
  claimant: 'entities',
  quantity: 'quantities',
  claim: 'claims',
  quote: 'quotes',
};

/** REFERENCE_FIELDS as [field, section] pairs, and the fields of each section: built once, for per-annotation loops. */
export const REFERENCE_ENTRIES: ReadonlyArray<readonly [string, Section]> = Object.entries(REFERENCE_FIELDS);
export const FIELDS_OF_SECTION: Readonly<Record<Section, readonly string[]>> = {
  entities: REFERENCE_ENTRIES.filter(([, s]) => s === 'entities').map(([f]) => f),
  quantities: REFERENCE_ENTRIES.filter(([, s]) => s === 'quantities').map(([f]) => f),
  claims: REFERENCE_ENTRIES.filter(([, s]) => s === 'claims').map(([f]) => f),
  quotes: REFERENCE_ENTRIES.filter(([, s]) => s === 'quotes').map(([f]) => f),
};

/** A field's value when it is a non-blank string (a key, a name), else undefined. */
export function keyValue(annotation: Pick<Annotation, 'fields'>, field: string): string | undefined {
  const value = annotation.fields[field]?.value;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** What a reader calls a dossier key: its definition's label (or name), else the key itself. */
export function labelOf(dossier: Pick<Dossier, 'definitions'> | undefined, section: Section, key: string): string {
  return dossier?.definitions[section].get(key)?.label ?? key;
}

/** One `key: value` pair as it stands in a YAML file. */
export interface Field<T = unknown> {
  readonly value: T;
  /** Where the key is written. */
  readonly key: Span;
  /** Where the value node is written (for an empty value, a zero-length span after the key). */
  readonly node: Span;
}

/** One entry of a companion's `annotations:` list. */
export interface Annotation {
  /** Position in the list, from 0. */
  readonly index: number;
  /** The whole list item. */
  readonly span: Span;
  /** Every field written in the entry, by name, as written (values may have any type). */
  readonly fields: Readonly<Record<string, Field>>;
  // The fields below are the well-typed readings of `fields`; a value of the
  // wrong type is left undefined here and reported by schema validation.
  readonly id?: string;
  readonly kind?: Kind;
  readonly text?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly start?: number;
  readonly note?: string;
}

export interface SourceInfo {
  readonly outlet?: string;
  readonly published?: string;
  readonly title?: string;
  readonly url?: string;
  readonly byline?: string;
  readonly language?: string;
  readonly translated_from?: string;
  readonly fields: Readonly<Record<string, Field>>;
  readonly span?: Span;
}

/** A YAML or schema problem found while reading a file. */
export interface FileProblem {
  readonly span: Span;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly data?: unknown;
}

/** A companion `NAME.ann.yaml`, read into plain data. */
export interface Companion {
  readonly uri: string;
  /** `NAME.txt` beside it. */
  readonly articleUri: string;
  readonly source: SourceInfo;
  readonly annotations: readonly Annotation[];
  /** Where the `source:` key is written, if it is. */
  readonly sourceKey?: Span;
  /** Where the `annotations:` key is written, if it is. */
  readonly annotationsKey?: Span;
  readonly problems: readonly FileProblem[];
  readonly lineStarts: LineStarts;
  /** True when the YAML had a syntax error: such a file is never rewritten by a fix. */
  readonly hasSyntaxError: boolean;
}

/** One definition in a dossier section. */
export interface Definition {
  readonly section: Section;
  readonly key: string;
  /** Where the key is written. */
  readonly keySpan: Span;
  /** The whole `key: {...}` pair. */
  readonly span: Span;
  readonly fields: Readonly<Record<string, Field>>;
  /** `name` for entities, `label` for the others. */
  readonly label?: string;
  readonly aliases: readonly string[];
  readonly type?: string;
  readonly role?: string;
  readonly unit?: string;
  readonly speaker?: string;
}

/** A `dossier.yaml`, read into plain data. */
export interface Dossier {
  readonly uri: string;
  /** The folder URI it governs (with a trailing slash). */
  readonly folder: string;
  readonly title?: string;
  readonly definitions: Readonly<Record<Section, ReadonlyMap<string, Definition>>>;
  readonly problems: readonly FileProblem[];
  readonly lineStarts: LineStarts;
  readonly hasSyntaxError: boolean;
}

/** Offsets at which each line starts (line 0 starts at 0). */
export type LineStarts = ArrayLike<number>;

// ---------------------------------------------------------------------------
// Diagnostics

export const DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'schema',
  'duplicate-id',
  'unknown-key',
  'anchor-ambiguous',
  'anchor-moved',
  'anchor-drifted',
  'anchor-orphaned',
  'value-mismatch',
  'companion-without-article',
  'article-unreadable',
  'figure-conflict',
  'figure-contested',
  'quote-misattributed',
  'quote-divergent',
  'claim-contested',
  'date-mismatch',
  'limit-exceeded',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const DEFAULT_SEVERITY: Readonly<Record<DiagnosticCode, Severity>> = {
  'yaml-syntax': 'error',
  schema: 'error',
  'duplicate-id': 'error',
  'unknown-key': 'error',
  'anchor-ambiguous': 'warning',
  'anchor-moved': 'information',
  'anchor-drifted': 'warning',
  'anchor-orphaned': 'error',
  'value-mismatch': 'warning',
  'companion-without-article': 'error',
  'article-unreadable': 'error',
  'figure-conflict': 'warning',
  'figure-contested': 'information',
  'quote-misattributed': 'warning',
  'quote-divergent': 'information',
  'claim-contested': 'information',
  'date-mismatch': 'warning',
  'limit-exceeded': 'warning',
};

/** A zero-based line/character position, as LSP counts them (UTF-16). */
export interface Position {
  readonly line: number;
  readonly character: number;
}
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface RelatedInformation {
  readonly uri: string;
  readonly range: Range;
  readonly message: string;
}

export interface CoreDiagnostic {
  readonly uri: string;
  readonly range: Range;
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly related?: readonly RelatedInformation[];
  /** Machine-readable details that quick fixes use. */
  readonly data?: unknown;
}

// ---------------------------------------------------------------------------
// Anchoring

/**
 * How an annotation attaches to its article:
 * - placed: at `start`, or the one fitting occurrence (exact or typography-insensitive);
 * - moved: placed, but away from the `start` hint that was written;
 * - ambiguous: several occurrences fit equally well;
 * - drifted: the words changed a little; placed on the best approximate match above the threshold;
 * - orphaned: nothing fits above the threshold; never attached anywhere.
 */
export type AnchorState = 'placed' | 'moved' | 'ambiguous' | 'drifted' | 'orphaned';

export interface AnchorQuery {
  readonly text: string;
  readonly prefix?: string;
  readonly suffix?: string;
  /** Offset hint in UTF-16 code units. */
  readonly start?: number;
}

export interface AnchorOptions {
  /** Minimum similarity (0..1) for an approximate match to be accepted as drifted. */
  readonly threshold: number;
}

export interface AnchorResult {
  readonly state: AnchorState;
  /** The attached range: set for placed, moved and drifted; never for ambiguous or orphaned. */
  readonly span?: Span;
  /** For ambiguous: every equally good occurrence. */
  readonly candidates?: readonly Span[];
  /** Similarity of the attached or best rejected text, 0..1 (1 for exact). */
  readonly score: number;
  /** True when placed through a typography-insensitive match. */
  readonly typographic?: boolean;
  /** For drifted: the article's current text at the span. For orphaned: the best rejected candidate, if any. */
  readonly found?: string;
  /** For orphaned: where the best rejected candidate was (never attached). */
  readonly nearest?: Span;
}
