/** textDocument/hover → core/features/hover. */
import { MarkupKind, type ServerCapabilities } from 'vscode-languageserver';
import { hover } from '../../core/features/hover';
import { offsetAt, rangeOf } from '../../core/text';
import type { Feature, ServerContext } from '../server';

export const hoverFeature: Feature = {
  capabilities(): ServerCapabilities {
    return { hoverProvider: true };
  },
  register(ctx: ServerContext): void {
    ctx.connection.onHover(async ({ textDocument, position }) => {
      await ctx.ready(textDocument.uri);
      const starts = ctx.corpus.lineStartsOf(textDocument.uri);
      const doc = ctx.documents.get(textDocument.uri);
      if (!starts) return null;
      const length = doc ? doc.getText().length : Number.MAX_SAFE_INTEGER;
      const result = hover(ctx.corpus, textDocument.uri, offsetAt(starts, position, length));
      if (!result) return null;
      return {
        contents: { kind: MarkupKind.Markdown, value: result.markdown },
        range: result.span ? rangeOf(starts, result.span) : undefined,
      };
    });
  },
};
