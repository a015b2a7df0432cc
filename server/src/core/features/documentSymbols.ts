/**
 * Document symbols (the outline and breadcrumbs), hierarchical:
 * - an article: one group per annotation kind, holding the annotated words
 *   (name = the words, detail = the primary key and its dossier label);
 *   only annotations attached to words appear;
 * - a companion: `source` (detail = the outlet), then each annotation
 *   (name = `kind: text`, range = the list item, detail = id and keys);
 * - a dossier: one group per section, holding its definitions
 *   (name = the key, detail = the name or label).
 */
import type { Corpus } from '../corpus';
import { KINDS, SECTIONS, type Annotation, type Dossier, type LineStarts, type Range } from '../model';
import { rangeOf } from '../text';
import { companionFor, isArticleCandidate, isCompanion, isDossier } from '../workspace';
import { label } from './locate';
import { GROUP_SYMBOL, KIND_SYMBOL, SECTION_SYMBOL, SOURCE_SYMBOL, type SymbolKindName } from './symbolKinds';
import { definitionOf, keysOf } from './target';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKindName;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children?: readonly DocumentSymbol[];
}

const GROUP_NAME = { figure: 'figures', quote: 'quotes', entity: 'entities', claim: 'claims', date: 'dates', note: 'notes' } as const;

export function documentSymbols(corpus: Corpus, uri: string): DocumentSymbol[] {
  if (isCompanion(uri)) return companionSymbols(corpus, uri);
  if (isDossier(uri)) {
    const dossier = corpus.getDossier(uri);
    return dossier ? dossierSymbols(dossier) : [];
  }
  if (isArticleCandidate(uri)) return articleSymbols(corpus, uri);
  return [];
}

/** `key — label` for an annotation's primary key (label from the governing dossier). */
export function keyDetail(corpus: Corpus, uri: string, annotation: Annotation): string | undefined {
  const ref = keysOf(annotation)[0];
  if (!ref) return undefined;
  const def = definitionOf(corpus, uri, ref);
  return def?.label ? `${ref.key} — ${def.label}` : ref.key;
}

function articleSymbols(corpus: Corpus, uri: string): DocumentSymbol[] {
  const article = corpus.getArticle(uri);
  if (article?.text === undefined) return [];
  const text = article.text;
  const anchored = corpus.annotationsOf(companionFor(uri));
  const out: DocumentSymbol[] = [];
  for (const kind of KINDS) {
    const children: DocumentSymbol[] = [];
    for (const { annotation, anchor } of anchored) {
      if (annotation.kind !== kind || !anchor.span) continue;
      const range = rangeOf(article.lineStarts, anchor.span);
      children.push({
        name: label(text.slice(anchor.span.start, anchor.span.end)) || kind,
        detail: keyDetail(corpus, uri, annotation),
        kind: KIND_SYMBOL[kind],
        range,
        selectionRange: range,
      });
    }
    children.sort((a, b) => compare(a.range.start, b.range.start));
    const group = groupOf(GROUP_NAME[kind], children);
    if (group) out.push(group);
  }
  return out;
}

function companionSymbols(corpus: Corpus, uri: string): DocumentSymbol[] {
  const companion = corpus.getCompanion(uri);
  if (!companion) return [];
  const starts = companion.lineStarts;
  const out: DocumentSymbol[] = [];
  const source = companion.source;
  if (source.span) {
    const range = rangeOf(starts, source.span);
    out.push({ name: 'source', detail: source.outlet, kind: SOURCE_SYMBOL, range, selectionRange: range });
  }
  for (const a of companion.annotations) {
    const range = rangeOf(starts, a.span);
    const text = a.fields.text?.node;
    const keys = keysOf(a).map((k) => `${k.field}: ${k.key}`);
    out.push({
      name: `${a.kind ?? 'annotation'}: ${label(a.text ?? '')}`,
      detail: [a.id ? `#${a.id}` : undefined, ...keys].filter(Boolean).join(' · ') || undefined,
      kind: a.kind ? KIND_SYMBOL[a.kind] : 'property',
      range,
      selectionRange: text ? within(range, rangeOf(starts, text)) : range,
    });
  }
  return out;
}

function dossierSymbols(dossier: Dossier): DocumentSymbol[] {
  const starts: LineStarts = dossier.lineStarts;
  const out: DocumentSymbol[] = [];
  for (const section of SECTIONS) {
    const children: DocumentSymbol[] = [];
    for (const def of dossier.definitions[section].values()) {
      children.push({
        name: def.key,
        detail: def.label,
        kind: SECTION_SYMBOL[section],
        range: rangeOf(starts, def.span),
        selectionRange: rangeOf(starts, def.keySpan),
      });
    }
    const group = groupOf(section, children);
    if (group) out.push(group);
  }
  return out;
}

/** A group around its children (range = from the first child's start to the last one's end). */
function groupOf(name: string, children: DocumentSymbol[]): DocumentSymbol | undefined {
  if (children.length === 0) return undefined;
  let start = children[0].range.start;
  let end = children[0].range.end;
  for (const c of children) {
    if (compare(c.range.start, start) < 0) start = c.range.start;
    if (compare(c.range.end, end) > 0) end = c.range.end;
  }
  return { name, detail: String(children.length), kind: GROUP_SYMBOL, range: { start, end }, selectionRange: children[0].selectionRange, children };
}

function compare(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

/** A selection range clipped into its symbol's range, as LSP requires. */
function within(outer: Range, inner: Range): Range {
  return compare(inner.start, outer.start) >= 0 && compare(inner.end, outer.end) <= 0 ? inner : outer;
}
