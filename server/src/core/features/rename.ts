/**
 * Renaming a dossier key: from its definition, from a reference to it in a
 * companion, or from article words annotated with it. The definition and
 * every use in the scope (companions, and quotes' speakers in the dossier)
 * change in one edit. Refused, with a reason, for a name that is not a valid
 * key or is already defined, and when a file to change cannot be edited.
 */
import { isMap, isPair, isScalar, type Node } from 'yaml';
import type { EditPlan, FileEdit, TextChange } from '../edit/changes';
import { replaceScalar } from '../edit/structure';
import { annotationItems, pairOf, stringOf, topPair, type EditableYaml } from '../edit/yamlDoc';
import { REFERENCE_FIELDS, SECTIONS, type Kind, type Section, type Span } from '../model';
import { basename, isArticleCandidate, isCompanion, isDossier } from '../workspace';
import { markedSpan } from './anchorContext';
import { openForEdit, safely, type EditInputs } from './inputs';

/** What a rename at a position would rename. */
export interface RenameTarget {
  readonly section: Section;
  readonly key: string;
  /** Where, in the file asked about, the name is shown. */
  readonly span: Span;
}

export type RenameResult = { readonly plan: EditPlan } | { readonly error: string };

/** A valid key: starts with a letter or digit; then letters, digits, `-`, `_`, `.`. */
export const VALID_KEY = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;

/** Which reference field of an annotation names "its" key, by kind. */
const FIELD_FOR_KIND: Readonly<Record<Kind, readonly string[]>> = {
  entity: ['entity'],
  figure: ['quantity', 'claimant'],
  claim: ['claim', 'claimant'],
  quote: ['quote', 'speaker'],
  date: [],
  note: [],
};

function nodeSpan(node: unknown): Span | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}
function within(span: Span | undefined, offset: number): span is Span {
  return !!span && offset >= span.start && offset <= span.end;
}

/** The key a rename at `offset` of `uri` is about, if any. */
export function renameTarget(inputs: EditInputs, uri: string, offset: number): RenameTarget | undefined {
  return safely(undefined, () => renameTargetUnsafe(inputs, uri, offset));
}

function renameTargetUnsafe(inputs: EditInputs, uri: string, offset: number): RenameTarget | undefined {
  if (isDossier(uri)) {
    const y = openForEdit(inputs, uri);
    if (!y) return undefined;
    for (const section of SECTIONS) {
      const map = topPair(y, section)?.value;
      if (!isMap(map)) continue;
      for (const p of map.items) {
        if (!isPair(p)) continue;
        const keySpan = nodeSpan(p.key);
        const key = stringOf(p.key);
        if (key !== undefined && within(keySpan, offset)) return { section, key, span: keySpan };
        const speaker = section === 'quotes' ? pairOf(p.value, 'speaker')?.value : undefined;
        const s = stringOf(speaker);
        if (s !== undefined && within(nodeSpan(speaker), offset)) return { section: 'entities', key: s, span: nodeSpan(speaker)! };
      }
    }
    return undefined;
  }
  if (isCompanion(uri)) {
    const y = openForEdit(inputs, uri);
    if (!y) return undefined;
    for (const item of annotationItems(y)) {
      if (!isMap(item)) continue;
      for (const p of item.items) {
        const field = stringOf(p.key);
        const section = field !== undefined ? REFERENCE_FIELDS[field] : undefined;
        const value = stringOf(p.value);
        if (section && value && within(nodeSpan(p.value), offset)) return { section, key: value, span: nodeSpan(p.value)! };
      }
    }
    return undefined;
  }
  if (isArticleCandidate(uri)) {
    const article = inputs.corpus.getArticle(uri)?.text;
    const hit = inputs.corpus.annotationAt(uri, offset);
    if (!hit || article === undefined) return undefined;
    const span = markedSpan(article, hit.annotation, hit.anchor);
    const kind = hit.annotation.kind;
    if (!span || !kind) return undefined;
    for (const field of FIELD_FOR_KIND[kind]) {
      const v = hit.annotation.fields[field]?.value;
      if (typeof v === 'string' && v) return { section: REFERENCE_FIELDS[field], key: v, span };
    }
  }
  return undefined;
}

/** Every reference to `key` of `section` in a companion. */
function companionUses(y: EditableYaml, section: Section, key: string): unknown[] {
  const out: unknown[] = [];
  for (const item of annotationItems(y)) {
    if (!isMap(item)) continue;
    for (const p of item.items) {
      const field = stringOf(p.key);
      if (field !== undefined && REFERENCE_FIELDS[field] === section && isScalar(p.value) && stringOf(p.value) === key) out.push(p.value);
    }
  }
  return out;
}

/** Renames the key at `offset` of `uri` to `newName` everywhere in its scope. */
export function renameKey(inputs: EditInputs, uri: string, offset: number, newName: string): RenameResult {
  return safely<RenameResult>({ error: 'Internal error while renaming; nothing was changed.' }, () => renameKeyUnsafe(inputs, uri, offset, newName));
}

function renameKeyUnsafe(inputs: EditInputs, uri: string, offset: number, newName: string): RenameResult {
  const target = renameTarget(inputs, uri, offset);
  if (!target) return { error: 'There is no dossier key here to rename.' };
  const { section, key } = target;
  const name = newName.trim();
  if (!VALID_KEY.test(name)) {
    return { error: `"${newName}" is not a valid key: use letters, digits, "-", "_" or "." and start with a letter or digit.` };
  }
  if (name === key) return { plan: { files: [] } };
  const { corpus } = inputs;
  const dossier = corpus.dossierFor(uri);
  const files: FileEdit[] = [];

  if (dossier) {
    if (dossier.definitions[section].has(name)) return { error: `"${name}" is already defined under ${section} in ${basename(dossier.uri)}.` };
    const y = openForEdit(inputs, dossier.uri);
    if (!y) return { error: `${basename(dossier.uri)} has a YAML syntax error; fix it before renaming.` };
    const changes: TextChange[] = [];
    const map = topPair(y, section)?.value;
    const def = isMap(map) ? map.items.find((p) => isPair(p) && stringOf(p.key) === key) : undefined;
    if (def) changes.push(...[replaceScalar(y, def.key, name)].filter((c): c is TextChange => !!c));
    if (section === 'entities') {
      const quotes = topPair(y, 'quotes')?.value;
      if (isMap(quotes)) {
        for (const q of quotes.items) {
          const speaker = pairOf(q.value, 'speaker')?.value;
          if (stringOf(speaker) === key) changes.push(...[replaceScalar(y, speaker, name)].filter((c): c is TextChange => !!c));
        }
      }
    }
    if (changes.length) files.push({ uri: dossier.uri, base: y.text, changes });
  }

  for (const companion of corpus.scopeOf(uri)) {
    const text = inputs.text(companion.uri);
    if (text === undefined || !text.includes(key)) continue;
    const y = openForEdit(inputs, companion.uri);
    if (!y) return { error: `${basename(companion.uri)} has a YAML syntax error; fix it before renaming.` };
    const uses = companionUses(y, section, key);
    if (!dossier && companionUses(y, section, name).length > 0) {
      return { error: `"${name}" is already used as a ${section} key in ${basename(companion.uri)}.` };
    }
    const changes = uses.map((node) => replaceScalar(y, node, name)).filter((c): c is TextChange => !!c);
    if (changes.length) files.push({ uri: companion.uri, base: y.text, changes });
  }
  return { plan: { files } };
}
