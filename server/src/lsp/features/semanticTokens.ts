/**
 * Semantic tokens for annotated article words: `textDocument/semanticTokens/full`
 * and `/range`. When a companion or dossier changes, the article's colours
 * change too: lsp/features/refresh.ts asks the client to refresh.
 */
import { TOKEN_MODIFIERS, TOKEN_TYPES, encodeTokens, semanticTokens } from '../../core/features/semanticTokens';
import type { Feature } from '../server';

export const semanticTokensFeature: Feature = {
  capabilities: () => ({
    semanticTokensProvider: {
      legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
      full: true,
      range: true,
    },
  }),
  register(ctx) {
    const { connection, corpus, ready } = ctx;
    // The client's capabilities are read when used: at register time, before `initialize`, they are not known yet.
    const multiline = () => ctx.capabilities.textDocument?.semanticTokens?.multilineTokenSupport === true;
    connection.languages.semanticTokens.on(async ({ textDocument }, token) => {
      await ready(textDocument.uri, token);
      return { data: encodeTokens(semanticTokens(corpus, textDocument.uri, { multiline: multiline() })) };
    });
    connection.languages.semanticTokens.onRange(async ({ textDocument, range }, token) => {
      await ready(textDocument.uri, token);
      return { data: encodeTokens(semanticTokens(corpus, textDocument.uri, { range, multiline: multiline() })) };
    });
  },
};
