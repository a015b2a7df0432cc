/**
 * Semantic tokens for the annotated words of an article: one token type per
 * annotation kind, and modifiers for what is wrong with them.
 *
 * - Types: the six kinds (`figure`, `quote`, `entity`, `claim`, `date`, `note`).
 * - Modifiers: `drifted` and `ambiguous` from the anchor's state; `conflict`
 *   and `contested` are set by other modules through a `TokenModifierProvider`
 *   (the cross-source comparison says which figures conflict).
 *
 * Annotations may nest (an entity inside a claim) but tokens may not overlap:
 * where spans overlap the shortest one wins and the longer one is cut around
 * it. Tokens never span lines unless the client supports it: a quote over two
 * lines becomes one token per line (line breaks excluded).
 * Only annotations attached to words (`anchor.span`) are coloured.
 */
import type { Corpus } from '../corpus';
import { crossSourceModifiers } from '../crossSource/navigation';
import { KINDS, type Kind, type LineStarts, type Range, type Span } from '../model';
import { positionAt } from '../text';
import { companionFor } from '../workspace';

export const TOKEN_TYPES: readonly Kind[] = KINDS;
export const TOKEN_MODIFIERS = ['drifted', 'ambiguous', 'conflict', 'contested'] as const;
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** Identifies an annotation of the article's companion for modifier providers: its `index`. */
export type AnnotationIndex = number;

/** Says which annotations of an article carry which modifiers. Must not throw (one that does is skipped). */
export type TokenModifierProvider = (corpus: Corpus, articleUri: string) => ReadonlyMap<AnnotationIndex, readonly TokenModifier[]>;

/** `drifted` and `ambiguous` from each annotation's anchor. */
export const anchorStateModifiers: TokenModifierProvider = (corpus, articleUri) => {
  const out = new Map<AnnotationIndex, TokenModifier[]>();
  for (const { annotation, anchor } of corpus.annotationsOf(companionFor(articleUri))) {
    if (anchor.state === 'drifted' || anchor.state === 'ambiguous') out.set(annotation.index, [anchor.state]);
  }
  return out;
};

/** The providers the server uses: anchoring states and cross-source findings. */
export const TOKEN_MODIFIER_PROVIDERS: readonly TokenModifierProvider[] = [anchorStateModifiers, crossSourceModifiers];

export interface SemanticToken {
  readonly line: number;
  readonly character: number;
  /** In UTF-16 code units. */
  readonly length: number;
  readonly type: Kind;
  readonly modifiers: readonly TokenModifier[];
}

export interface TokenOptions {
  /** Only tokens that intersect this range. */
  readonly range?: Range;
  /** The client accepts tokens that span lines. */
  readonly multiline?: boolean;
  readonly providers?: readonly TokenModifierProvider[];
}

interface Piece {
  readonly span: Span;
  readonly type: Kind;
  readonly modifiers: readonly TokenModifier[];
  /** The whole annotated span's length: shorter wins where pieces overlap. */
  readonly weight: number;
  readonly order: number;
}

export function semanticTokens(corpus: Corpus, articleUri: string, options: TokenOptions = {}): SemanticToken[] {
  const article = corpus.getArticle(articleUri);
  if (article?.text === undefined) return [];
  const modifiers = collectModifiers(corpus, articleUri, options.providers ?? TOKEN_MODIFIER_PROVIDERS);
  const pieces: Piece[] = [];
  for (const { annotation, anchor } of corpus.annotationsOf(companionFor(articleUri))) {
    const span = anchor.span;
    if (!annotation.kind || !span || span.end <= span.start || span.end > article.text.length) continue;
    pieces.push({
      span,
      type: annotation.kind,
      modifiers: modifiers.get(annotation.index) ?? [],
      weight: span.end - span.start,
      order: pieces.length,
    });
  }
  const tokens: SemanticToken[] = [];
  for (const piece of flatten(pieces)) {
    for (const t of toTokens(article.text, article.lineStarts, piece, options.multiline === true)) {
      if (!options.range || intersects(t, options.range)) tokens.push(t);
    }
  }
  return tokens;
}

function collectModifiers(corpus: Corpus, articleUri: string, providers: readonly TokenModifierProvider[]): Map<AnnotationIndex, TokenModifier[]> {
  const out = new Map<AnnotationIndex, TokenModifier[]>();
  for (const provide of providers) {
    let given: ReadonlyMap<AnnotationIndex, readonly TokenModifier[]>;
    try {
      given = provide(corpus, articleUri);
    } catch {
      continue;
    }
    for (const [key, mods] of given) {
      const list = out.get(key) ?? [];
      for (const m of mods) if (TOKEN_MODIFIERS.includes(m) && !list.includes(m)) list.push(m);
      out.set(key, list);
    }
  }
  return out;
}

/** Cuts overlapping pieces so none overlap, the shortest winning; sorted by position. */
export function flatten<P extends Piece>(pieces: readonly P[]): P[] {
  const bounds = [...new Set(pieces.flatMap((p) => [p.span.start, p.span.end]))].sort((a, b) => a - b);
  const byStart = [...pieces].sort((a, b) => a.span.start - b.span.start);
  const out: P[] = [];
  let active: P[] = [];
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    while (next < byStart.length && byStart[next].span.start <= from) active.push(byStart[next++]);
    active = active.filter((p) => p.span.end > from);
    let winner: P | undefined;
    for (const p of active) {
      if (!winner || p.weight < winner.weight || (p.weight === winner.weight && p.order < winner.order)) winner = p;
    }
    if (!winner) continue;
    const last = out[out.length - 1];
    if (last && last.order === winner.order && last.span.end === from) out[out.length - 1] = { ...last, span: { start: last.span.start, end: to } };
    else out.push({ ...winner, span: { start: from, end: to } });
  }
  return out;
}

/** A piece as tokens: one, or one per line it covers (line breaks left out). */
function toTokens(text: string, starts: LineStarts, piece: Piece, multiline: boolean): SemanticToken[] {
  const { span, type, modifiers } = piece;
  const first = positionAt(starts, span.start).line;
  if (multiline) return [{ line: first, character: span.start - starts[first], length: span.end - span.start, type, modifiers }];
  const out: SemanticToken[] = [];
  for (let line = first; line < starts.length && starts[line] < span.end; line++) {
    let lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    while (lineEnd > starts[line] && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
    const from = Math.max(span.start, starts[line]);
    const to = Math.min(span.end, lineEnd);
    if (to > from) out.push({ line, character: from - starts[line], length: to - from, type, modifiers });
  }
  return out;
}

function intersects(t: SemanticToken, range: Range): boolean {
  if (t.line < range.start.line || t.line > range.end.line) return false;
  if (t.line === range.start.line && t.character + t.length <= range.start.character) return false;
  if (t.line === range.end.line && t.character >= range.end.character) return false;
  return true;
}

/**
 * The LSP wire form: five numbers a token (line delta, start delta, length,
 * type index, modifier bit set), relative to the previous token.
 */
export function encodeTokens(tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const deltaLine = t.line - prevLine;
    data.push(deltaLine, deltaLine === 0 ? t.character - prevChar : t.character, t.length, TOKEN_TYPES.indexOf(t.type), modifierBits(t.modifiers));
    prevLine = t.line;
    prevChar = t.character;
  }
  return data;
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const m of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(m);
  return bits;
}
