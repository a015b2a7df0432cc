/**
 * Semantic tokens for annotated article words: `textDocument/semanticTokens/full`
 * and `/range`. When a companion or dossier changes, the article's colours
 * change too, so the client is asked to refresh (if it can), a little after
 * the last edit.
 */
import { TOKEN_MODIFIERS, TOKEN_TYPES, encodeTokens, semanticTokens } from '../../core/features/semanticTokens';
import { isCompanion, isDossier } from '../../core/workspace';
import type { Feature } from '../server';

const REFRESH_DELAY_MS = 300;

export const semanticTokensFeature: Feature = {
  capabilities: () => ({
    semanticTokensProvider: {
      legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
      full: true,
      range: true,
    },
  }),
  register(ctx) {
    const { connection, documents, corpus, ready } = ctx;
    // The client's capabilities are read when used: at register time, before `initialize`, they are not known yet.
    const multiline = () => ctx.capabilities.textDocument?.semanticTokens?.multilineTokenSupport === true;
    connection.languages.semanticTokens.on(async ({ textDocument }) => {
      await ready(textDocument.uri);
      return { data: encodeTokens(semanticTokens(corpus, textDocument.uri, { multiline: multiline() })) };
    });
    connection.languages.semanticTokens.onRange(async ({ textDocument, range }) => {
      await ready(textDocument.uri);
      return { data: encodeTokens(semanticTokens(corpus, textDocument.uri, { range, multiline: multiline() })) };
    });

    let timer: NodeJS.Timeout | undefined;
    documents.onDidChangeContent(({ document }) => {
      if (!(isCompanion(document.uri) || isDossier(document.uri))) return;
      if (!ctx.capabilities.workspace?.semanticTokens?.refreshSupport) return;
      clearTimeout(timer);
      timer = setTimeout(() => void connection.languages.semanticTokens.refresh().catch(() => undefined), REFRESH_DELAY_MS);
    });
  },
};
