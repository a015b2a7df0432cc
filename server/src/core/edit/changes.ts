/**
 * Text changes as the core proposes them: offset-based replacements on the
 * exact text they were computed from. Nothing here writes anything; the
 * language server turns a plan into an LSP WorkspaceEdit.
 */

/** Replace [start, end) of the base text with `newText`. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** The changes to one file, computed on `base` (the file's current text, '' for a new file). */
export interface FileEdit {
  readonly uri: string;
  readonly base: string;
  /** The file does not exist yet: it is created with the changes applied to ''. */
  readonly create?: boolean;
  readonly changes: readonly TextChange[];
}

/** Every change of one undoable edit, one entry per file. */
export interface EditPlan {
  readonly files: readonly FileEdit[];
}

export type LineBreak = '\n' | '\r\n';

/** The line break a file uses: CRLF when its first line ends with one. */
export function eolOf(text: string): LineBreak {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/**
 * Applies non-overlapping changes to a text. Changes at the same offset keep
 * their order. Overlapping changes are a bug in the caller: the later one is
 * dropped rather than corrupting the text.
 */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const sorted = changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.start - b.c.start || a.c.end - b.c.end || a.i - b.i)
    .map((x) => x.c);
  let out = '';
  let at = 0;
  for (const c of sorted) {
    if (c.start < at || c.end < c.start || c.end > text.length) continue;
    out += text.slice(at, c.start) + c.newText;
    at = c.end;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------
// Lines

/** The offset at which the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The offset at which the line holding `offset` ends (before its line break). */
export function lineEndAt(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The offset just after the line break that ends the line holding `offset` (or the text's end). */
export function nextLineAt(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (text[end] === '\r' && text[end + 1] === '\n') return end + 2;
  return end < text.length ? end + 1 : end;
}

export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** The offset just after the last character before `end` that is not white space. */
export function trimEnd(text: string, end: number, floor = 0): number {
  let i = Math.min(end, text.length);
  while (i > floor && /\s/.test(text[i - 1])) i--;
  return i;
}

/** The leading spaces of the line holding `offset`. */
export function indentOfLine(text: string, offset: number): number {
  const start = lineStartAt(text, offset);
  let i = start;
  while (text[i] === ' ') i++;
  return i - start;
}
