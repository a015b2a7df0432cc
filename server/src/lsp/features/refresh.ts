/**
 * Asks the client, where it can, to refresh what it drew from the corpus and
 * does not ask for again by itself: CodeLenses (counts and spreads change
 * with any source) and semantic tokens (an article's colours change when its
 * companion or dossier does). One timer for both: a little after the last
 * diagnostics pass in which the corpus or any diagnostics changed, so a
 * burst of edits or file events leads to one refresh. CodeLenses also
 * refresh when `corroborate.codeLens.kinds` changes.
 */
import { CodeLensRefreshRequest } from 'vscode-languageserver';
import type { Feature } from '../server';

const REFRESH_DELAY_MS = 300;

export const refreshFeature: Feature = {
  capabilities: () => ({}),
  register(ctx) {
    let timer: NodeJS.Timeout | undefined;
    let lenses = false;
    let tokens = false;
    const refreshSoon = (what: { lenses: boolean; tokens: boolean }) => {
      lenses ||= what.lenses;
      tokens ||= what.tokens;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const client = ctx.capabilities.workspace;
        if (lenses && client?.codeLens?.refreshSupport) void ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
        if (tokens && client?.semanticTokens?.refreshSupport) void ctx.connection.languages.semanticTokens.refresh().catch(() => undefined);
        lenses = tokens = false;
      }, REFRESH_DELAY_MS);
    };

    let seen = ctx.corpus.version;
    ctx.onDidPublish((sent) => {
      if (sent === 0 && ctx.corpus.version === seen) return;
      seen = ctx.corpus.version;
      refreshSoon({ lenses: true, tokens: true });
    });
    ctx.onDidChangeSettings(() => refreshSoon({ lenses: true, tokens: false }));
  },
};
