/**
 * `textDocument/codeLens` → core/features/codeLens. Which kinds get a lens is
 * the `corroborate.codeLens.kinds` setting, read from the client on each
 * request (a client without configuration support gets every kind). A lens
 * runs the client-side command `corroborate.showReferences` with JSON
 * arguments (uri, position, locations); the extension turns them into a Peek
 * view. Lenses are refreshed, where the client can, after each change.
 */
import { CodeLensRefreshRequest, type CodeLens } from 'vscode-languageserver';
import { LENS_KINDS, codeLenses, type LensKind } from '../../core/features/codeLens';
import { SHOW_REFERENCES_COMMAND } from '../protocol';
import type { Feature, ServerContext } from '../server';

async function wantedKinds(ctx: ServerContext): Promise<LensKind[]> {
  if (!ctx.capabilities.workspace?.configuration) return [...LENS_KINDS];
  try {
    const kinds: unknown = await ctx.connection.workspace.getConfiguration('corroborate.codeLens.kinds');
    if (!Array.isArray(kinds)) return [...LENS_KINDS];
    return LENS_KINDS.filter((k) => kinds.includes(k));
  } catch {
    return [...LENS_KINDS];
  }
}

export const codeLensFeature: Feature = {
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens(async ({ textDocument }): Promise<CodeLens[]> => {
      await ctx.indexed;
      const kinds = await wantedKinds(ctx);
      return codeLenses(ctx.corpus, textDocument.uri, kinds).map((lens) => ({
        range: lens.range,
        command: {
          title: lens.title,
          command: SHOW_REFERENCES_COMMAND,
          arguments: [lens.uri, lens.range.start, lens.locations],
        },
      }));
    });
    let pending = false;
    ctx.onDidPublish((sent) => {
      if (!sent || pending || !ctx.capabilities.workspace?.codeLens?.refreshSupport) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        void ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }, 300);
    });
  },
};
