/**
 * What the editing adapters share: the current text of a file (open buffer,
 * else disk), and turning a core EditPlan into an LSP WorkspaceEdit —
 * versioned TextDocumentEdits for open documents, CreateFile + an edit for a
 * new file. Nothing is written to disk here.
 */
import { readFileSync, statSync } from 'node:fs';
import type { CreateFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { EditPlan, FileEdit } from '../../core/edit/changes';
import type { EditInputs } from '../../core/features/inputs';
import { decode, lineStarts, positionAt } from '../../core/text';
import { toPath } from '../fileWorkspace';
import type { ServerContext } from '../server';

/** The text of a file as the editor sees it: the open buffer, else the file on disk. */
export function currentText(ctx: ServerContext, uri: string): string | undefined {
  const open = ctx.documents.get(uri);
  if (open) return open.getText();
  const path = toPath(uri);
  if (!path) return undefined;
  try {
    // The size limit holds here too: a 50 MB file is not read on every rename or code action request.
    if (statSync(path).size > ctx.corpus.maxFileBytes) return undefined;
    const decoded = decode(readFileSync(path));
    return decoded.ok ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

export function supportsDocumentChanges(ctx: ServerContext): boolean {
  return ctx.capabilities.workspace?.workspaceEdit?.documentChanges === true;
}

export function canCreateFiles(ctx: ServerContext): boolean {
  return supportsDocumentChanges(ctx) && (ctx.capabilities.workspace?.workspaceEdit?.resourceOperations ?? []).includes('create');
}

/** The core's view of the workspace for one request (texts read once each). */
export function inputsFor(ctx: ServerContext): EditInputs {
  const cache = new Map<string, string | undefined>();
  return {
    corpus: ctx.corpus,
    canCreateFiles: canCreateFiles(ctx),
    text(uri) {
      if (!cache.has(uri)) cache.set(uri, currentText(ctx, uri));
      return cache.get(uri);
    },
  };
}

function textEdits(file: FileEdit): TextEdit[] {
  const starts = lineStarts(file.base);
  return file.changes.map((c) => ({
    range: { start: positionAt(starts, c.start, file.base.length), end: positionAt(starts, c.end, file.base.length) },
    newText: c.newText,
  }));
}

/** An EditPlan as a WorkspaceEdit the client can apply (and undo) in one step. */
export function toWorkspaceEdit(ctx: ServerContext, plan: EditPlan): WorkspaceEdit {
  if (!supportsDocumentChanges(ctx)) {
    const changes: Record<string, TextEdit[]> = {};
    for (const f of plan.files) if (!f.create) changes[f.uri] = textEdits(f);
    return { changes };
  }
  const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
  for (const f of plan.files) {
    if (f.create) documentChanges.push({ kind: 'create', uri: f.uri, options: { overwrite: false, ignoreIfExists: false } });
    const open = ctx.documents.get(f.uri);
    documentChanges.push({ textDocument: { uri: f.uri, version: open && !f.create ? open.version : null }, edits: textEdits(f) });
  }
  return { documentChanges };
}
