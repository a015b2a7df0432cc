/** Rename of dossier keys (prepareRename + rename); refusals are ResponseErrors with the reason. */
import { LSPErrorCodes, ResponseError, type PrepareRenameParams, type RenameParams } from 'vscode-languageserver';
import { offsetIn } from '../../core/features/locate';
import { renameKey, renameTarget } from '../../core/features/rename';
import type { LineStarts } from '../../core/model';
import { lineStarts, offsetAt, rangeOf } from '../../core/text';
import { isRelevantFile } from '../../core/workspace';
import type { Feature, ServerContext } from '../server';
import { currentText, inputsFor, toWorkspaceEdit } from './editSupport';

/**
 * The offset of a position, by the lines the corpus already holds; for a file
 * it does not hold, by the file's current text (open buffer, else disk).
 */
function offsetOf(ctx: ServerContext, uri: string, position: PrepareRenameParams['position']): { offset: number; starts: LineStarts; length?: number } | undefined {
  const starts = ctx.corpus.lineStartsOf(uri);
  const offset = offsetIn(ctx.corpus, uri, position);
  if (starts && offset !== undefined) return { offset, starts, length: ctx.corpus.getArticle(uri)?.text?.length };
  const text = currentText(ctx, uri);
  if (text === undefined) return undefined;
  const lines = lineStarts(text);
  return { offset: offsetAt(lines, position, text.length), starts: lines, length: text.length };
}

const UNTRUSTED = 'This workspace is not trusted: Corroborate only analyses it and changes no file. Trust the workspace to rename.';

export function prepareRename(ctx: ServerContext, params: PrepareRenameParams) {
  if (!ctx.trusted) throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED);
  const uri = params.textDocument.uri;
  if (!isRelevantFile(uri)) return null;
  const at = offsetOf(ctx, uri, params.position);
  const target = at && renameTarget(inputsFor(ctx), uri, at.offset);
  if (!at || !target) throw new ResponseError(LSPErrorCodes.RequestFailed, 'There is no dossier key here to rename.');
  return { range: rangeOf(at.starts, target.span, at.length), placeholder: target.key };
}

export function rename(ctx: ServerContext, params: RenameParams) {
  if (!ctx.trusted) throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED);
  const uri = params.textDocument.uri;
  const at = isRelevantFile(uri) ? offsetOf(ctx, uri, params.position) : undefined;
  if (!at) throw new ResponseError(LSPErrorCodes.RequestFailed, 'There is no dossier key here to rename.');
  const result = renameKey(inputsFor(ctx), uri, at.offset, params.newName);
  if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  return toWorkspaceEdit(ctx, result.plan);
}

export const renameFeature: Feature = {
  capabilities(client) {
    return { renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true };
  },
  register(ctx) {
    ctx.connection.onPrepareRename((params) => prepareRename(ctx, params));
    ctx.connection.onRenameRequest((params) => rename(ctx, params));
  },
};
