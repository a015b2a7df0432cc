/** textDocument/hover → core/features/hover. */
import { MarkupKind, type ServerCapabilities } from 'vscode-languageserver';
import { hover } from '../../core/features/hover';
import { locationOf, offsetIn } from '../../core/features/locate';
import type { Feature, ServerContext } from '../server';

export const hoverFeature: Feature = {
  capabilities(): ServerCapabilities {
    return { hoverProvider: true };
  },
  register(ctx: ServerContext): void {
    ctx.connection.onHover(async ({ textDocument, position }, token) => {
      await ctx.ready(textDocument.uri, token);
      const offset = offsetIn(ctx.corpus, textDocument.uri, position);
      if (offset === undefined) return null;
      const result = hover(ctx.corpus, textDocument.uri, offset);
      if (!result) return null;
      return {
        contents: { kind: MarkupKind.Markdown, value: result.markdown },
        range: result.span ? locationOf(ctx.corpus, textDocument.uri, result.span).range : undefined,
      };
    });
  },
};
