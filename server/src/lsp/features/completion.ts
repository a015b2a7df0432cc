/** Completion in companions and dossiers; the adapter passes today's date in. */
import { CompletionItemKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { completions, type CompletionKind } from '../../core/features/completion';
import { lineStarts, offsetAt, rangeOf } from '../../core/text';
import { isCompanion, isDossier } from '../../core/workspace';
import type { Feature, ServerContext } from '../server';
import { inputsFor } from './editSupport';

const ITEM_KIND: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  text: CompletionItemKind.Text,
  date: CompletionItemKind.Value,
};

export function complete(ctx: ServerContext, params: CompletionParams, today: Date): CompletionItem[] {
  const uri = params.textDocument.uri;
  if (!isCompanion(uri) && !isDossier(uri)) return [];
  const doc = ctx.documents.get(uri);
  if (!doc) return [];
  const text = doc.getText();
  const starts = lineStarts(text);
  const offset = offsetAt(starts, params.position, text.length);
  return completions(inputsFor(ctx), uri, text, offset, today).map((c) => ({
    label: c.label,
    kind: ITEM_KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation,
    sortText: c.sortText,
    filterText: c.filterText,
    textEdit: { range: rangeOf(starts, c.replace, text.length), newText: c.insertText ?? c.label },
  }));
}

export const completionFeature: Feature = {
  capabilities() {
    return { completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false } };
  },
  register(ctx) {
    ctx.connection.onCompletion(async (params, token) => {
      await ctx.ready(params.textDocument.uri, token);
      try {
        return complete(ctx, params, new Date());
      } catch (e) {
        ctx.connection.console.error(`corroborate: completion failed: ${String(e)}`);
        return [];
      }
    });
  },
};
