/**
 * `textDocument/codeLens` → core/features/codeLens. Which kinds get a lens is
 * the `corroborate.codeLens.kinds` setting, read with the other settings when
 * they change (a client without configuration support, or one that answers
 * `{}`, gets every kind). A lens runs the client-side command
 * `corroborate.showReferences` with JSON arguments (uri, position,
 * locations); the extension turns them into a Peek view. Lenses are
 * refreshed by lsp/features/refresh.ts.
 */
import type { CodeLens } from 'vscode-languageserver';
import { codeLenses } from '../../core/features/codeLens';
import { SHOW_REFERENCES_COMMAND } from '../protocol';
import type { Feature } from '../server';

export const codeLensFeature: Feature = {
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens(async ({ textDocument }): Promise<CodeLens[]> => {
      await ctx.indexed;
      return codeLenses(ctx.corpus, textDocument.uri, ctx.settings.codeLensKinds).map((lens) => ({
        range: lens.range,
        command: {
          title: lens.title,
          command: SHOW_REFERENCES_COMMAND,
          arguments: [lens.uri, lens.range.start, lens.locations],
        },
      }));
    });
  },
};
