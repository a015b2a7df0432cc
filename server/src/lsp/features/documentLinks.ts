/** Document links from a companion's `text` values to the article: `textDocument/documentLink`. */
import { documentLinks } from '../../core/features/documentLinks';
import type { Feature } from '../server';

export const documentLinksFeature: Feature = {
  capabilities: () => ({ documentLinkProvider: { resolveProvider: false } }),
  register({ connection, corpus, ready }) {
    connection.onDocumentLinks(async ({ textDocument }, token) => {
      await ready(textDocument.uri, token);
      return documentLinks(corpus, textDocument.uri);
    });
  },
};
