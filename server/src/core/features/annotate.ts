/**
 * "Annotate as ..." on words selected in an article, and "Annotate all
 * mentions of this entity": each appends complete entries to the article's
 * companion (creating it with a `source:` stub when there is none).
 */
import type { Corpus } from '../corpus';
import { applyChanges, eolOf, type EditPlan, type FileEdit } from '../edit/changes';
import { yamlString } from '../edit/scalar';
import { appendListItems, type Fields } from '../edit/structure';
import { editable } from '../edit/yamlDoc';
import { KINDS, type Definition, type Dossier, type Kind, type Span } from '../model';
import { basename, companionFor, stem } from '../workspace';
import { contextFor, markedSpan, type AnchorContext } from './anchorContext';
import { idsOf, nextId } from './ids';
import type { CoreCodeAction, DeferredAction, EditInputs } from './inputs';
import { openForEdit, safely } from './inputs';
import { approxOf, guessSpeaker, matchEntity, readDate, readNumber } from './prefill';

export const ANNOTATE_KIND = 'refactor.annotate';
export const MENTIONS_KIND = 'refactor.annotate.mentions';

/** The selection without the white space at its ends. */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** What a new entry is filled from. */
interface EntryContext {
  readonly article: string;
  readonly span: Span;
  readonly kind: Kind;
  readonly id: string;
  readonly dossier?: Dossier;
  /** The year dates without one are read in (the article's publication year). */
  readonly year?: number;
  /** A known entity key for an entity entry. */
  readonly entity?: string;
  /** `contextFor(article, span)`, when the caller has it already (it is the same for every kind). */
  readonly context?: AnchorContext;
}

/**
 * The fields of a new entry: id, kind, text; prefix/suffix only when the
 * text is not unique in the article; then what can be read from the words.
 */
function entryFields(c: EntryContext): Fields {
  const text = c.article.slice(c.span.start, c.span.end);
  const fields: Array<readonly [string, string | number]> = [
    ['id', c.id],
    ['kind', c.kind],
    ['text', text],
  ];
  const ctx = c.context ?? contextFor(c.article, c.span);
  if (ctx.prefix !== undefined) fields.push(['prefix', ctx.prefix]);
  if (ctx.suffix !== undefined) fields.push(['suffix', ctx.suffix]);
  switch (c.kind) {
    case 'figure': {
      const value = readNumber(text);
      if (value !== undefined) fields.push(['value', value]);
      const approx = approxOf(c.article, c.span);
      if (approx) fields.push(['approx', approx]);
      break;
    }
    case 'quote': {
      const speaker = guessSpeaker(c.article, c.span, c.dossier);
      if (speaker) fields.push(['speaker', speaker]);
      break;
    }
    case 'entity': {
      const key = c.entity ?? matchEntity(c.dossier, text)?.key;
      if (key) fields.push(['entity', key]);
      break;
    }
    case 'date': {
      const date = readDate(text, c.year);
      if (date) fields.push(['date', date]);
      break;
    }
  }
  return fields;
}

/** A new companion's first lines: the outlet guessed from the file name, the date if the name has one. */
function companionStub(articleUri: string, eol: string): string {
  const name = stem(articleUri);
  const date = /\d{4}-\d{2}-\d{2}/.exec(name)?.[0];
  const words = name
    .replace(/\d{4}-\d{2}-\d{2}/, ' ')
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  const outlet = words.join(' ') || name;
  return [
    'source:',
    `  outlet: ${yamlString(outlet)} # TODO: the outlet's name`,
    date ? `  published: ${date}` : '  # published: YYYY-MM-DD  # TODO: the publication date',
    'annotations:',
    '',
  ].join(eol);
}

type CompanionEdit = { readonly edit: FileEdit } | { readonly disabled: string };

/** Appends entries to a companion, creating it when it does not exist. */
export function appendToCompanion(inputs: EditInputs, articleUri: string, entries: readonly Fields[]): CompanionEdit {
  const uri = companionFor(articleUri);
  const name = basename(uri);
  const text = inputs.text(uri);
  if (text === undefined) {
    if (inputs.corpus.getCompanion(uri) || inputs.corpus.exists(uri)) return { disabled: `${name} cannot be read` };
    if (!inputs.canCreateFiles) return { disabled: `${name} does not exist and this editor cannot create files` };
    const article = inputs.corpus.getArticle(articleUri)?.text ?? '';
    const stub = companionStub(articleUri, eolOf(article));
    const y = editable(stub);
    const change = y && appendListItems(y, 'annotations', entries);
    if (!change) return { disabled: 'internal error: the new companion could not be written' };
    return { edit: { uri, base: '', create: true, changes: [{ start: 0, end: 0, newText: applyChanges(stub, [change]) }] } };
  }
  const y = openForEdit(inputs, uri);
  if (!y) return { disabled: `${name} has a YAML syntax error; fix it first` };
  const change = appendListItems(y, 'annotations', entries);
  if (!change) return { disabled: `the annotations of ${name} are not a block list this can add to` };
  return { edit: { uri, base: text, changes: [change] } };
}

function publicationYear(corpus: Corpus, articleUri: string): number | undefined {
  const published = corpus.getCompanion(companionFor(articleUri))?.source.published ?? /\d{4}-\d{2}-\d{2}/.exec(stem(articleUri))?.[0];
  const y = published ? Number(published.slice(0, 4)) : NaN;
  return Number.isInteger(y) ? y : undefined;
}

const KIND_TITLE: Readonly<Record<Kind, string>> = {
  figure: 'figure',
  quote: 'quote',
  entity: 'entity',
  claim: 'claim',
  date: 'date',
  note: 'note',
};

/** "Annotate as figure / quote / ..." for a selection in an article. */
export function annotateActions(inputs: EditInputs, articleUri: string, selection: Span, options: MentionOptions = {}): CoreCodeAction[] {
  return safely([], () => annotateActionsUnsafe(inputs, articleUri, selection, options));
}

function annotateActionsUnsafe(inputs: EditInputs, articleUri: string, selection: Span, options: MentionOptions): CoreCodeAction[] {
  const { corpus } = inputs;
  const article = corpus.getArticle(articleUri)?.text;
  if (article === undefined || !corpus.isIndexedArticle(articleUri)) return [];
  const span = trimSpan(article, selection);
  if (span.end <= span.start) return [];
  const dossier = corpus.dossierFor(articleUri);
  const taken = idsOf(openForEdit(inputs, companionFor(articleUri)));
  const year = publicationYear(corpus, articleUri);
  const context = contextFor(article, span);
  const out: CoreCodeAction[] = [];
  for (const kind of KINDS) {
    const entry = entryFields({ article, span, kind, id: nextId(taken, kind), dossier, year, context });
    const result = appendToCompanion(inputs, articleUri, [entry]);
    out.push({
      title: `Annotate as ${KIND_TITLE[kind]}`,
      kind: `${ANNOTATE_KIND}.${kind}`,
      ...('edit' in result ? { plan: { files: [result.edit] } } : { disabled: result.disabled }),
    });
  }
  return [...out, ...mentionActions(inputs, articleUri, span, options)];
}

// ---------------------------------------------------------------------------
// Every mention of an entity

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

/** Where an entity's name and aliases occur as whole words, longest first where they overlap. */
function mentionsOf(article: string, entity: Definition): Span[] {
  const names = [...new Set([entity.label, ...entity.aliases].filter((n): n is string => !!n && n.trim() !== ''))];
  const hits: Span[] = [];
  for (const name of names) {
    for (let i = article.indexOf(name); i !== -1; i = article.indexOf(name, i + 1)) {
      const end = i + name.length;
      if (!isWordChar(article[i - 1]) && !isWordChar(article[end])) hits.push({ start: i, end });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const h of hits) if (!out.some((o) => h.start < o.end && o.start < h.end)) out.push(h);
  return out.sort((a, b) => a.start - b.start);
}

/** Mentions not yet covered by an entity annotation of the article. */
function unannotatedMentions(corpus: Corpus, articleUri: string, entity: Definition): Span[] {
  const article = corpus.getArticle(articleUri)?.text;
  if (article === undefined) return [];
  const marked = corpus
    .annotationsOf(companionFor(articleUri))
    .filter((a) => a.annotation.kind === 'entity')
    .map((a) => markedSpan(article, a.annotation, a.anchor))
    .filter((s): s is Span => s !== undefined);
  return mentionsOf(article, entity).filter((m) => !marked.some((s) => m.start < s.end && s.start < m.end));
}

function mentionEntries(inputs: EditInputs, articleUri: string, entity: Definition, mentions: readonly Span[]): Fields[] {
  const article = inputs.corpus.getArticle(articleUri)?.text ?? '';
  const taken = idsOf(openForEdit(inputs, companionFor(articleUri)));
  return mentions.map((span) => {
    const id = nextId(taken, 'entity');
    taken.add(id);
    return entryFields({ article, span, kind: 'entity', id, entity: entity.key });
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface MentionOptions {
  /**
   * List "in all articles" without its edit (the client resolves it when
   * chosen): working it out reads every article and companion of the dossier.
   */
  readonly deferAllArticles?: boolean;
}

/** "Annotate all mentions of X in this article / in all articles", when the selection names an entity. */
export function mentionActions(inputs: EditInputs, articleUri: string, span: Span, options: MentionOptions = {}): CoreCodeAction[] {
  const { corpus } = inputs;
  const dossier = corpus.dossierFor(articleUri);
  const article = corpus.getArticle(articleUri)?.text;
  if (!dossier || article === undefined) return [];
  const entity = matchEntity(dossier, article.slice(span.start, span.end));
  if (!entity) return [];
  const name = entity.label ?? entity.key;
  const out: CoreCodeAction[] = [];

  const here = unannotatedMentions(corpus, articleUri, entity);
  if (here.length > 0) {
    const r = appendToCompanion(inputs, articleUri, mentionEntries(inputs, articleUri, entity, here));
    out.push({
      title: `Annotate all ${plural(here.length, 'mention')} of ${name} in this article`,
      kind: MENTIONS_KIND,
      ...('edit' in r ? { plan: { files: [r.edit] } } : { disabled: r.disabled }),
    });
  }
  if (options.deferAllArticles) {
    out.push({
      title: `Annotate all mentions of ${name} in every article of this dossier`,
      kind: MENTIONS_KIND,
      deferred: { type: 'mentions-in-all-articles', articleUri, entity: entity.key },
    });
  } else {
    const all = allMentionsAction(inputs, articleUri, entity);
    if (all) out.push(all);
  }
  return out;
}

/** Completes a deferred action: its edit, or undefined when there is nothing (left) to do. */
export function resolveDeferred(inputs: EditInputs, deferred: DeferredAction): CoreCodeAction | undefined {
  return safely(undefined, () => {
    const entity = inputs.corpus.dossierFor(deferred.articleUri)?.definitions.entities.get(deferred.entity);
    return entity ? allMentionsAction(inputs, deferred.articleUri, entity) : undefined;
  });
}

/** Every unannotated mention of an entity in the articles of the dossier that governs `articleUri`. */
function allMentionsAction(inputs: EditInputs, articleUri: string, entity: Definition): CoreCodeAction | undefined {
  const { corpus } = inputs;
  const dossier = corpus.dossierFor(articleUri);
  const files: FileEdit[] = [];
  let total = 0;
  const skipped: string[] = [];
  for (const entry of corpus.allArticles()) {
    if (corpus.dossierFor(entry.uri) !== dossier) continue;
    // A text let go (see ArticleTexts) would leave its mentions out: offer nothing rather than part (withArticleTexts reads them back).
    if (entry.released) return undefined;
    if (entry.text === undefined) continue;
    const mentions = unannotatedMentions(corpus, entry.uri, entity);
    if (mentions.length === 0) continue;
    const r = appendToCompanion(inputs, entry.uri, mentionEntries(inputs, entry.uri, entity, mentions));
    if ('edit' in r) {
      files.push(r.edit);
      total += mentions.length;
    } else skipped.push(basename(companionFor(entry.uri)));
  }
  if (!(files.length > 1 || (files.length === 1 && files[0].uri !== companionFor(articleUri)))) return undefined;
  const plan: EditPlan = { files: files.sort((a, b) => (a.uri < b.uri ? -1 : 1)) };
  const note = skipped.length ? ` (skipping ${skipped.join(', ')}: cannot be edited)` : '';
  return {
    title: `Annotate all ${plural(total, 'mention')} of ${entity.label ?? entity.key} in ${plural(files.length, 'article')}${note}`,
    kind: MENTIONS_KIND,
    plan,
  };
}
