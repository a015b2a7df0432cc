/**
 * Completion in companions and dossiers, read from the lines around the
 * cursor (so it works while the file is half-typed and not valid YAML):
 * field names valid for the annotation's kind, enumerated values, dossier
 * keys for reference fields, article text for `text`, dates.
 */
import dossierSchema from '../../../../schemas/dossier.schema.json';
import { lineEndAt, lineStartAt } from '../edit/changes';
import { yamlString } from '../edit/scalar';
import { APPROX_VALUES, KINDS, REFERENCE_FIELDS, SECTIONS, STANCES, asKind, type Definition, type Kind, type Section, type Span } from '../model';
import { lineNumber } from '../text';
import { companionFor, isCompanion, isDossier, articleFor } from '../workspace';
import { markedSpan } from './anchorContext';
import { safely, type EditInputs } from './inputs';
import { isoDay } from './prefill';

export type CompletionKind = 'field' | 'value' | 'reference' | 'text' | 'date';

export interface CoreCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** What replaces `replace` (defaults to the label). */
  readonly insertText?: string;
  /** The text the completion replaces (the partly typed word). */
  readonly replace: Span;
  readonly sortText?: string;
  readonly filterText?: string;
}

const COMMON_FIELDS = ['id', 'kind', 'text', 'prefix', 'suffix', 'start', 'note'];
export const KIND_FIELDS: Readonly<Record<Kind, readonly string[]>> = {
  figure: ['quantity', 'value', 'unit', 'approx', 'claimant', 'as_of'],
  quote: ['speaker', 'quote'],
  entity: ['entity'],
  claim: ['claim', 'stance', 'claimant'],
  date: ['date'],
  note: [],
};
const SOURCE_FIELDS = ['outlet', 'published', 'title', 'url', 'byline', 'language', 'translated_from'];
const DOSSIER_TOP = ['title', ...SECTIONS];
const COMPANION_TOP = ['source', 'annotations'];
/** The fields of each dossier section's definitions: the dossier schema's, in its order. */
const DEFINITION_FIELDS: Readonly<Record<Section, readonly string[]>> = {
  entities: Object.keys(dossierSchema.definitions.entity.properties),
  quantities: Object.keys(dossierSchema.definitions.quantity.properties),
  claims: Object.keys(dossierSchema.definitions.claim.properties),
  quotes: Object.keys(dossierSchema.definitions.quote.properties),
};
const FIELD_HELP: Readonly<Record<string, string>> = {
  id: 'Identifier, unique in this file',
  kind: 'figure | quote | entity | claim | date | note',
  text: 'The marked words, exactly as in the article',
  prefix: 'Words just before the text (tells repeated text apart)',
  suffix: 'Words just after the text (tells repeated text apart)',
  start: 'Offset hint (UTF-16) where the text starts',
  note: 'Free comment',
  quantity: 'Key of a quantity in the dossier',
  value: 'The number the figure states',
  unit: 'Unit of the value',
  approx: 'exact | about | nearly | over | at-least | up-to | under',
  claimant: 'Key of the entity that makes the claim or states the figure',
  as_of: 'Date the figure refers to (YYYY-MM-DD)',
  speaker: 'Key of the entity quoted',
  quote: 'Key of a quote in the dossier',
  entity: 'Key of an entity in the dossier',
  claim: 'Key of a claim in the dossier',
  stance: 'asserts | denies | questions',
  date: 'The date meant, YYYY-MM-DD',
};
const DATE_FIELDS = new Set(['published', 'date', 'as_of']);
/** Most `text` suggestions offered. */
const MAX_TEXT_ITEMS = 40;
const MAX_SENTENCE = 160;

interface Line {
  readonly start: number;
  readonly text: string;
  readonly indent: number;
}

function lineAt(text: string, offset: number): Line {
  const start = lineStartAt(text, offset);
  const t = text.slice(start, lineEndAt(text, offset));
  return { start, text: t, indent: /^ */.exec(t)![0].length };
}

/** The lines above `offset`'s line, nearest first. */
function* linesAbove(text: string, offset: number): Generator<Line> {
  let at = lineAt(text, offset).start;
  while (at > 0) {
    let prevEnd = at - 1;
    if (text[prevEnd] === '\n' && text[prevEnd - 1] === '\r') prevEnd--;
    const l = lineAt(text, prevEnd);
    yield l;
    at = l.start;
  }
}

function* linesBelow(text: string, offset: number): Generator<Line> {
  let at = lineAt(text, offset).start + lineAt(text, offset).text.length;
  while (at < text.length) {
    at += text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1;
    if (at > text.length) break;
    const l = lineAt(text, at);
    yield l;
    at = l.start + l.text.length;
  }
}

function isBlankOrComment(l: Line): boolean {
  return /^\s*(#.*)?$/.test(l.text);
}

/** The top-level key whose block holds the line (or undefined at the top level). */
function topKey(text: string, offset: number): string | undefined {
  for (const l of linesAbove(text, offset)) {
    if (isBlankOrComment(l) || l.indent > 0 || l.text.startsWith('-')) continue;
    return /^([\w-]+)\s*:/.exec(l.text)?.[1];
  }
  return undefined;
}

/** The keys written in the list item that holds the line, and its kind. */
function itemAround(text: string, offset: number): { keys: Set<string>; kind?: Kind } | undefined {
  const here = lineAt(text, offset);
  const lines: Line[] = [];
  let dash: Line | undefined;
  const hereDash = /^( *)- /.exec(here.text);
  if (hereDash) dash = here;
  else {
    for (const l of linesAbove(text, offset)) {
      if (isBlankOrComment(l)) continue;
      if (/^( *)- /.test(l.text) && l.indent < Math.max(here.indent, 1)) {
        dash = l;
        break;
      }
      if (l.indent === 0) return undefined;
      lines.push(l);
    }
  }
  if (!dash) return undefined;
  lines.push(dash);
  for (const l of linesBelow(text, offset)) {
    if (isBlankOrComment(l)) continue;
    if (l.indent <= dash.indent) break;
    lines.push(l);
  }
  const keys = new Set<string>();
  let kind: Kind | undefined;
  for (const l of lines) {
    if (l === here) continue;
    const m = /^\s*(?:-\s+)?([\w-]+)\s*:\s*(.*?)\s*(?:#.*)?$/.exec(l.text);
    if (!m) continue;
    keys.add(m[1]);
    if (m[1] === 'kind') {
      const v = m[2].replace(/^['"]|['"]$/g, '');
      kind = asKind(v) ?? kind;
    }
  }
  return { keys, kind };
}

function fieldItems(names: readonly string[], present: ReadonlySet<string>, replace: Span): CoreCompletion[] {
  return names
    .filter((n) => !present.has(n))
    .map((n, i) => ({
      label: n,
      kind: 'field' as const,
      detail: FIELD_HELP[n],
      insertText: `${n}: `,
      replace,
      sortText: String(i).padStart(3, '0'),
    }));
}

function valueItems(values: readonly string[], replace: Span, detail?: string): CoreCompletion[] {
  return values.map((v) => ({ label: v, kind: 'value' as const, detail, replace }));
}

function describe(def: Definition): { detail?: string; documentation?: string } {
  const detail = def.label;
  const doc = [
    def.role && `Role: ${def.role}`,
    def.type && `Type: ${def.type}`,
    def.unit && `Unit: ${def.unit}`,
    def.speaker && `Speaker: ${def.speaker}`,
    def.aliases.length ? `Also: ${def.aliases.join(', ')}` : undefined,
  ].filter(Boolean);
  return { detail, documentation: doc.length ? doc.join('\n') : undefined };
}

/** Dossier keys of a section; without a dossier, the keys already used in the scope for that field. */
function referenceItems(inputs: EditInputs, uri: string, field: string, section: Section, replace: Span): CoreCompletion[] {
  const dossier = inputs.corpus.dossierFor(uri);
  if (dossier) {
    return [...dossier.definitions[section].values()].map((def) => ({
      label: def.key,
      kind: 'reference' as const,
      ...describe(def),
      replace,
      filterText: `${def.key} ${def.label ?? ''}`,
    }));
  }
  const used = new Set<string>();
  for (const c of inputs.corpus.scopeOf(uri)) {
    for (const a of c.annotations) {
      for (const [name, s] of Object.entries(REFERENCE_FIELDS)) {
        const v = a.fields[name]?.value;
        if (s === section && typeof v === 'string' && v) used.add(v);
      }
    }
  }
  return [...used].sort().map((k) => ({ label: k, kind: 'reference' as const, detail: `used as ${field} elsewhere`, replace }));
}

// ---------------------------------------------------------------------------
// Article text worth annotating

const NUMBER_PHRASE =
  /(?:\b(?:about|around|approximately|roughly|some|nearly|almost|more than|over|at least|up to|as many as|fewer than|less than|under)\s+)?\d[\d,.]*(?:\s*(?:%|per cent|percent|million|billion|thousand|hundred))?(?:\s+[a-z]+)?/gi;
const QUOTED = /["“]([^"“”\n]{3,400})["”]/g;
const DATE_PHRASE =
  /\b(?:\d{4}-\d{2}-\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*(?:\s+\d{4})?|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b/g;
const NAME_PHRASE = /\b[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)+/gu;

function matches(article: string, pattern: RegExp, group = 0): Span[] {
  const out: Span[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(article); m && out.length < 500; m = pattern.exec(article)) {
    if (m[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    const start = m.index + (group ? m[0].indexOf(m[group]) : 0);
    out.push({ start, end: start + m[group].length });
  }
  return out;
}

function sentences(article: string): Span[] {
  const out: Span[] = [];
  const re = /[^.!?\n]+[.!?]?/g;
  for (let m = re.exec(article); m && out.length < 500; m = re.exec(article)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    if (t.length >= 12 && t.length <= MAX_SENTENCE) out.push({ start: m.index + lead, end: m.index + lead + t.length });
  }
  return out;
}

/** Spans of the article worth offering as `text` for a kind, not yet annotated, in article order. */
export function textCandidates(inputs: EditInputs, articleUri: string, kind: Kind | undefined): Span[] {
  const article = inputs.corpus.getArticle(articleUri)?.text;
  if (article === undefined) return [];
  let spans: Span[];
  switch (kind) {
    case 'figure':
      spans = matches(article, NUMBER_PHRASE);
      break;
    case 'quote':
      spans = matches(article, QUOTED, 1);
      break;
    case 'date':
      spans = matches(article, DATE_PHRASE);
      break;
    case 'entity': {
      const dossier = inputs.corpus.dossierFor(articleUri);
      const names = dossier ? [...dossier.definitions.entities.values()].flatMap((d) => [d.label, ...d.aliases]) : [];
      spans = [...matches(article, NAME_PHRASE)];
      for (const n of names) if (n) for (let i = article.indexOf(n); i !== -1; i = article.indexOf(n, i + 1)) spans.push({ start: i, end: i + n.length });
      break;
    }
    case undefined:
      spans = [...matches(article, NUMBER_PHRASE), ...matches(article, QUOTED, 1)];
      break;
    default:
      spans = sentences(article);
  }
  const marked = inputs.corpus
    .annotationsOf(companionFor(articleUri))
    .map((a) => markedSpan(article, a.annotation, a.anchor))
    .filter((s): s is Span => s !== undefined);
  const seen = new Set<string>();
  return spans
    .map((s) => ({ start: s.start, end: s.end - (article.slice(s.start, s.end).length - article.slice(s.start, s.end).trimEnd().length) }))
    .filter((s) => s.end > s.start && !marked.some((m) => s.start < m.end && m.start < s.end))
    .sort((a, b) => a.start - b.start)
    .filter((s) => {
      const t = article.slice(s.start, s.end);
      if (seen.has(t)) return false;
      seen.add(t);
      return true;
    })
    .slice(0, MAX_TEXT_ITEMS);
}

function textItems(inputs: EditInputs, companionUri: string, kind: Kind | undefined, replace: Span): CoreCompletion[] {
  const articleUri = articleFor(companionUri);
  const article = inputs.corpus.getArticle(articleUri)?.text ?? '';
  const starts = inputs.corpus.getArticle(articleUri)?.lineStarts ?? [0];
  return textCandidates(inputs, articleUri, kind).map((s, i) => {
    const t = article.slice(s.start, s.end);
    return {
      label: t.length > 60 ? t.slice(0, 59) + '…' : t,
      kind: 'text' as const,
      detail: `line ${lineNumber(starts, s.start)} of the article`,
      insertText: yamlString(t),
      filterText: t,
      replace,
      sortText: String(i).padStart(4, '0'),
    };
  });
}

function dateItems(today: Date, replace: Span): CoreCompletion[] {
  const d = isoDay(today);
  return [{ label: d, kind: 'date', detail: 'today', replace }];
}

// ---------------------------------------------------------------------------

/**
 * Completions at `offset` of a companion's or dossier's current `text`.
 * `today` comes from the caller (the core has no clock).
 */
export function completions(inputs: EditInputs, uri: string, text: string, offset: number, today: Date): CoreCompletion[] {
  return safely([], () => completionsUnsafe(inputs, uri, text, offset, today));
}

function completionsUnsafe(inputs: EditInputs, uri: string, text: string, offset: number, today: Date): CoreCompletion[] {
  const line = lineAt(text, offset);
  const before = text.slice(line.start, offset);
  if (/#/.test(before.replace(/(["'])(?:(?!\1).)*\1/g, ''))) return []; // in a comment
  // In a flow mapping, only what follows the last `{` or `,` counts.
  const flowStart = Math.max(before.lastIndexOf('{'), before.lastIndexOf(','));
  const segment = flowStart >= 0 && /[{,]\s*[\w-]*(\s*:\s*[^,{}]*)?$/.test(before) ? before.slice(flowStart + 1) : before;
  const segStart = offset - segment.length;

  const keyMatch = /^(\s*(?:-\s+)?)([\w-]*)$/.exec(segment);
  const valueMatch = /^(\s*(?:-\s+)?)([\w-]+)\s*:\s*(.*)$/.exec(segment);
  const section = topKey(text, offset);
  const atTop = line.indent === 0 && !segment.trimStart().startsWith('-') && flowStart < 0;

  if (keyMatch) {
    const typed = keyMatch[2];
    const replace = { start: offset - typed.length, end: offset };
    if (atTop) return fieldItems(isDossier(uri) ? DOSSIER_TOP : COMPANION_TOP, new Set(), replace);
    if (isCompanion(uri)) {
      if (section === 'source') return fieldItems(SOURCE_FIELDS, new Set(), replace);
      if (section === 'annotations') {
        const item = itemAround(text, offset);
        if (!item) return [];
        const names = item.kind ? [...COMMON_FIELDS, ...KIND_FIELDS[item.kind]] : [...COMMON_FIELDS, ...new Set(Object.values(KIND_FIELDS).flat())];
        return fieldItems(names, item.keys, replace);
      }
      return [];
    }
    if (isDossier(uri) && section && section in DEFINITION_FIELDS && (line.indent >= 4 || flowStart >= 0)) {
      return fieldItems(DEFINITION_FIELDS[section as Section], new Set(), replace);
    }
    return [];
  }

  if (valueMatch) {
    const field = valueMatch[2];
    const typed = valueMatch[3];
    const replace = { start: segStart + segment.length - typed.length, end: offset };
    if (isCompanion(uri) && section === 'source') return DATE_FIELDS.has(field) ? dateItems(today, replace) : [];
    if (isDossier(uri)) {
      if (field === 'speaker' && section === 'quotes') return referenceItems(inputs, uri, field, 'entities', replace);
      if (field === 'type' && section === 'entities') {
        const used = new Set(['person', 'organisation', 'place', 'group']);
        for (const d of inputs.corpus.getDossier(uri)?.definitions.entities.values() ?? []) if (d.type) used.add(d.type);
        return valueItems([...used], replace);
      }
      return [];
    }
    if (!isCompanion(uri) || section !== 'annotations') return [];
    switch (field) {
      case 'kind':
        return valueItems(KINDS, replace);
      case 'approx':
        return valueItems(APPROX_VALUES, replace);
      case 'stance':
        return valueItems(STANCES, replace);
      case 'text':
        return textItems(inputs, uri, itemAround(text, offset)?.kind, replace);
    }
    if (DATE_FIELDS.has(field)) return dateItems(today, replace);
    const target = REFERENCE_FIELDS[field];
    if (target) return referenceItems(inputs, uri, field, target, replace);
  }
  return [];
}
