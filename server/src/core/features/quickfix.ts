/**
 * Quick fixes for the diagnostics that carry what a fix needs in their
 * `data`, and "fix all" for the anchor fixes that need no judgement (moved,
 * drifted). Every fix is a minimal edit of the companion or dossier; a file
 * with a YAML syntax error gets none.
 */
import type { YAMLMap } from 'yaml';
import type { Corpus } from '../corpus';
import type { EditPlan, TextChange } from '../edit/changes';
import { addMapEntry, deleteListItem, setFields, type Fields } from '../edit/structure';
import { replaceScalar } from '../edit/structure';
import { annotationIndexAt, annotationItem, pairOf, scalarAt, stringOf, type EditableYaml } from '../edit/yamlDoc';
import { SECTIONS, asKind, type Range, type Section, type Span } from '../model';
import { lineNumber, lineStarts, offsetAt } from '../text';
import { basename, companionFor, isArticleCandidate, isCompanion, isDossier } from '../workspace';
import { contextFor, markedSpan } from './anchorContext';
import { idsOf, nextId } from './ids';
import { openForEdit, safely, type CoreCodeAction, type EditInputs } from './inputs';

export const QUICKFIX = 'quickfix';
export const FIX_ALL_KIND = 'source.fixAll.corroborate';
/** Codes whose fix needs no judgement and so are fixed by "fix all". */
export const FIX_ALL_CODES = ['anchor-moved', 'anchor-drifted'] as const;

/** A diagnostic as the client sends it back (or as the corpus produced it). */
export interface DiagnosticInput {
  readonly code?: string | number;
  readonly range: Range;
  readonly data?: unknown;
}

/** The annotation a diagnostic is about, opened for editing. */
interface Target {
  readonly companionUri: string;
  readonly y: EditableYaml;
  readonly index: number;
  readonly item: YAMLMap;
  readonly article?: string;
}

type Data = Record<string, unknown>;
function dataOf(d: DiagnosticInput): Data {
  return d.data && typeof d.data === 'object' ? (d.data as Data) : {};
}
function isSpan(v: unknown): v is Span {
  return !!v && typeof v === 'object' && typeof (v as Span).start === 'number' && typeof (v as Span).end === 'number';
}

/** Does annotation `index` of a companion carry this diagnostic? (for diagnostics mirrored on the article) */
function carries(corpus: Corpus, companionUri: string, index: number, d: DiagnosticInput): boolean {
  const a = corpus.annotationsOf(companionUri)[index];
  if (!a) return false;
  const data = dataOf(d);
  switch (d.code) {
    case 'anchor-moved':
      return a.anchor.state === 'moved';
    case 'anchor-drifted':
      return a.anchor.state === 'drifted';
    case 'anchor-ambiguous':
      return a.anchor.state === 'ambiguous';
    case 'duplicate-id':
      return a.annotation.id === data.id;
    case 'unknown-key':
      return typeof data.field === 'string' && a.annotation.fields[data.field]?.value === data.key;
    default:
      return true;
  }
}

/** The offset in a file opened for editing at which a diagnostic's range starts. */
function offsetIn(y: EditableYaml, range: Range): number {
  return offsetAt(lineStarts(y.text), range.start, y.text.length);
}

/** Finds the annotation a diagnostic on a companion, or mirrored on its article, is about. */
function targetOf(inputs: EditInputs, uri: string, d: DiagnosticInput): Target | undefined {
  const { corpus } = inputs;
  let companionUri: string;
  let index: number | undefined;
  if (isCompanion(uri)) {
    companionUri = uri;
    const y = openForEdit(inputs, uri);
    if (!y) return undefined;
    index = annotationIndexAt(y, offsetIn(y, d.range));
  } else if (isArticleCandidate(uri)) {
    companionUri = companionFor(uri);
    const entry = corpus.getArticle(uri);
    const article = entry?.text;
    if (!entry || article === undefined) return undefined;
    const offset = offsetAt(entry.lineStarts, d.range.start, article.length);
    index = corpus.annotationsOf(companionUri).findIndex((a, i) => {
      const spans = a.anchor.state === 'ambiguous' ? (a.anchor.candidates ?? []) : [markedSpan(article, a.annotation, a.anchor)];
      return spans.some((s) => s && offset >= s.start && offset <= s.end) && carries(corpus, companionUri, i, d);
    });
    if (index === -1) index = undefined;
  } else return undefined;
  const y = openForEdit(inputs, companionUri);
  if (!y || index === undefined) return undefined;
  const item = annotationItem(y, index);
  if (!item) return undefined;
  return { companionUri, y, index, item, article: corpus.getArticle(corpus.getCompanion(companionUri)?.articleUri ?? '')?.text };
}

function plan(uri: string, y: EditableYaml, changes: readonly TextChange[] | undefined): EditPlan | undefined {
  if (!changes || changes.length === 0) return undefined;
  return { files: [{ uri, base: y.text, changes }] };
}

/** Fields written after `text` when added. */
const AFTER_TEXT = ['suffix', 'prefix', 'text'];

function fieldString(item: YAMLMap, name: string): string | undefined {
  return stringOf(pairOf(item, name)?.value);
}

// ---------------------------------------------------------------------------
// One fix per kind of finding

function moveFix(t: Target, d: DiagnosticInput): TextChange[] | undefined {
  const start = dataOf(d).start;
  if (typeof start !== 'number') return undefined;
  return setFields(t.y, t.item, [['start', start]], AFTER_TEXT);
}

function driftFix(t: Target, d: DiagnosticInput): TextChange[] | undefined {
  const { found, span } = dataOf(d);
  if (typeof found !== 'string' || found === '') return undefined;
  const fields: Array<readonly [string, string | number]> = [['text', found]];
  if (isSpan(span) && t.article !== undefined) {
    const prefix = fieldString(t.item, 'prefix');
    const suffix = fieldString(t.item, 'suffix');
    if (prefix) fields.push(['prefix', t.article.slice(Math.max(0, span.start - prefix.length), span.start)]);
    if (suffix) fields.push(['suffix', t.article.slice(span.end, span.end + suffix.length)]);
    if (pairOf(t.item, 'start')) fields.push(['start', span.start]);
  }
  return setFields(t.y, t.item, fields, AFTER_TEXT);
}

/** Prefix/suffix (and start, if written) that pin the annotation to one candidate. */
function pinFix(t: Target, candidate: Span): TextChange[] | undefined {
  if (t.article === undefined) return undefined;
  const article = t.article;
  const ctx = contextFor(article, candidate);
  const fields: Array<readonly [string, string | number]> = [];
  const fit = (name: 'prefix' | 'suffix', wanted: string | undefined) => {
    const old = fieldString(t.item, name);
    if (wanted !== undefined) fields.push([name, wanted]);
    else if (old) {
      // An old context that does not match this occurrence would detach it: align it.
      const here = name === 'prefix' ? article.slice(Math.max(0, candidate.start - old.length), candidate.start) : article.slice(candidate.end, candidate.end + old.length);
      if (here !== old) fields.push([name, here]);
    }
  };
  fit('prefix', ctx.prefix);
  fit('suffix', ctx.suffix);
  if (pairOf(t.item, 'start')) fields.push(['start', candidate.start]);
  if (fields.length === 0) return undefined;
  return setFields(t.y, t.item, fields, AFTER_TEXT);
}

function valueFix(t: Target, d: DiagnosticInput): TextChange[] | undefined {
  const expected = dataOf(d).expected;
  if (typeof expected !== 'number' || !Number.isFinite(expected)) return undefined;
  return setFields(t.y, t.item, [['value', expected]], ['approx', 'unit', 'value', 'quantity', ...AFTER_TEXT]);
}

function renameIdFix(t: Target): { id: string; changes: TextChange[] } | undefined {
  const node = pairOf(t.item, 'id')?.value;
  const id = nextId(idsOf(t.y), asKind(fieldString(t.item, 'kind')));
  const change = replaceScalar(t.y, node, id);
  return change ? { id, changes: [change] } : undefined;
}

/** "jane-roe" -> "Jane Roe": a readable first label for a new definition. */
function labelFromKey(key: string): string {
  return key
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/** A new definition for an undefined key, in the dossier that governs `uri`. */
export function addDefinitionPlan(inputs: EditInputs, uri: string, section: Section, key: string, label?: string): EditPlan | undefined {
  const dossier = inputs.corpus.dossierFor(uri);
  if (!dossier) return undefined;
  const y = openForEdit(inputs, dossier.uri);
  if (!y) return undefined;
  const fields: Fields = [[section === 'entities' ? 'name' : 'label', label ?? labelFromKey(key)]];
  const change = addMapEntry(y, section, key, fields, SECTIONS);
  return plan(dossier.uri, y, change ? [change] : undefined);
}

const SECTIONS_SET: ReadonlySet<string> = new Set(SECTIONS);

function unknownKeyFixes(inputs: EditInputs, uri: string, d: DiagnosticInput, i: number): CoreCodeAction[] {
  const { key, section, suggestion } = dataOf(d);
  if (typeof key !== 'string' || typeof section !== 'string' || !SECTIONS_SET.has(section)) return [];
  const out: CoreCodeAction[] = [];
  // The value to change sits in the file the diagnostic is on, or (mirrored) in the article's companion.
  let fileUri = uri;
  let y = isArticleCandidate(uri) ? undefined : openForEdit(inputs, uri);
  let offset = y ? offsetIn(y, d.range) : undefined;
  if (isArticleCandidate(uri)) {
    const t = targetOf(inputs, uri, d);
    const field = dataOf(d).field;
    const node = t && typeof field === 'string' ? pairOf(t.item, field)?.value : undefined;
    const r = (node as { range?: number[] } | undefined)?.range;
    if (t && r) {
      fileUri = t.companionUri;
      y = t.y;
      offset = r[0];
    }
  }
  if (typeof suggestion === 'string' && y && offset !== undefined) {
    const node = scalarAt(y, offset);
    const change = node && stringOf(node) === key ? replaceScalar(y, node, suggestion) : undefined;
    const p = plan(fileUri, y, change ? [change] : undefined);
    if (p) out.push({ title: `Change to '${suggestion}'`, kind: QUICKFIX, plan: p, diagnostics: [i], isPreferred: true });
  }
  const p = addDefinitionPlan(inputs, uri, section as Section, key);
  if (p) out.push({ title: `Add '${key}' to the dossier`, kind: QUICKFIX, plan: p, diagnostics: [i] });
  return out;
}

/** The single fix for a diagnostic that "fix all" applies, if it has one. */
function autoFix(inputs: EditInputs, uri: string, d: DiagnosticInput): { companionUri: string; y: EditableYaml; changes: TextChange[] } | undefined {
  const t = targetOf(inputs, uri, d);
  if (!t) return undefined;
  const changes = d.code === 'anchor-moved' ? moveFix(t, d) : d.code === 'anchor-drifted' ? driftFix(t, d) : undefined;
  return changes ? { companionUri: t.companionUri, y: t.y, changes } : undefined;
}

/** Quick fixes for the diagnostics of a request (companion, article or dossier). */
export function quickFixes(inputs: EditInputs, uri: string, diagnostics: readonly DiagnosticInput[]): CoreCodeAction[] {
  return safely([], () => quickFixesUnsafe(inputs, uri, diagnostics));
}

function quickFixesUnsafe(inputs: EditInputs, uri: string, diagnostics: readonly DiagnosticInput[]): CoreCodeAction[] {
  const out: CoreCodeAction[] = [];
  const perCodeOffered = new Set<string>();
  diagnostics.forEach((d, i) => {
    if (d.code === 'unknown-key') {
      out.push(...unknownKeyFixes(inputs, uri, d, i));
      return;
    }
    if (isDossier(uri)) return;
    const t = targetOf(inputs, uri, d);
    if (!t) return;
    const single = (title: string, changes: TextChange[] | undefined, isPreferred = false) => {
      const p = plan(t.companionUri, t.y, changes);
      if (p) out.push({ title, kind: QUICKFIX, plan: p, diagnostics: [i], isPreferred });
    };
    switch (d.code) {
      case 'anchor-moved': {
        const start = dataOf(d).start;
        single(`Update start to ${String(start)}`, moveFix(t, d), true);
        break;
      }
      case 'anchor-drifted':
        single('Re-anchor to what the text says now', driftFix(t, d), true);
        break;
      case 'anchor-ambiguous': {
        const candidates = (dataOf(d).candidates as unknown[] | undefined)?.filter(isSpan) ?? [];
        const starts = inputs.corpus.getArticle(inputs.corpus.getCompanion(t.companionUri)?.articleUri ?? '')?.lineStarts ?? [0];
        const lines = candidates.map((c) => lineNumber(starts, c.start));
        candidates.forEach((c, k) => {
          const line = lines[k];
          const nth = lines.slice(0, k).filter((l) => l === line).length;
          const sameLine = lines.filter((l) => l === line).length > 1;
          single(`Pin to occurrence on line ${line}${sameLine ? ` (${ordinal(nth + 1)} on the line)` : ''}`, pinFix(t, c));
        });
        break;
      }
      case 'value-mismatch': {
        const expected = dataOf(d).expected;
        single(`Set value to ${String(expected)}`, valueFix(t, d), true);
        break;
      }
      case 'anchor-orphaned':
        single('Delete this annotation', deleteListItem(t.y, 'annotations', t.index));
        break;
      case 'duplicate-id': {
        const r = renameIdFix(t);
        if (r) single(`Rename to '${r.id}'`, r.changes, true);
        break;
      }
    }
    // "Fix all N of this kind in this file", offered once per code.
    const code = String(d.code);
    if ((FIX_ALL_CODES as readonly string[]).includes(code) && !perCodeOffered.has(code)) {
      perCodeOffered.add(code);
      const all = fixAllPlan(inputs, t.companionUri, [code]);
      if (all && all.count > 1) out.push({ title: `Fix all ${all.count} ${code} in this file`, kind: QUICKFIX, plan: all.plan });
    }
  });
  return out;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/** One edit fixing every diagnostic of the given codes in a companion. */
export function fixAllPlan(inputs: EditInputs, companionUri: string, codes: readonly string[] = FIX_ALL_CODES): { plan: EditPlan; count: number } | undefined {
  const diagnostics = inputs.corpus.diagnostics(companionUri).filter((d) => codes.includes(d.code));
  const changes: TextChange[] = [];
  let y: EditableYaml | undefined;
  let count = 0;
  for (const d of diagnostics) {
    const fix = autoFix(inputs, companionUri, d);
    if (!fix) continue;
    y = fix.y;
    changes.push(...fix.changes);
    count++;
  }
  if (!y || count === 0) return undefined;
  return { plan: { files: [{ uri: companionUri, base: y.text, changes }] }, count };
}

/** `source.fixAll.corroborate` for a companion or its article. */
export function fixAllActions(inputs: EditInputs, uri: string): CoreCodeAction[] {
  return safely([], () => fixAllActionsUnsafe(inputs, uri));
}

function fixAllActionsUnsafe(inputs: EditInputs, uri: string): CoreCodeAction[] {
  const companionUri = isCompanion(uri) ? uri : isArticleCandidate(uri) ? companionFor(uri) : undefined;
  if (!companionUri) return [];
  const all = fixAllPlan(inputs, companionUri);
  if (!all) return [];
  return [{ title: `Fix all ${all.count} moved or drifted anchors in ${basename(companionUri)}`, kind: FIX_ALL_KIND, plan: all.plan }];
}
