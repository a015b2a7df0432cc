/** Document links from a companion's `text` values to the article: `textDocument/documentLink`. */
import { documentLinks } from '../../core/features/documentLinks';
import type { Feature } from '../server';

export const documentLinksFeature: Feature = {
  capabilities: () => ({ documentLinkProvider: { resolveProvider: false } }),
  register({ connection, corpus, indexed }) {
    connection.onDocumentLinks(async ({ textDocument }) => {
      await indexed;
      return documentLinks(corpus, textDocument.uri);
    });
  },
};
