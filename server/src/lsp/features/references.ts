/** Find All References: `textDocument/references`, answered by the core's `referencesAt`. */
import { offsetIn } from '../../core/features/locate';
import { REFERENCE_CONTRIBUTORS, referencesAt } from '../../core/features/references';
import type { Feature } from '../server';

export const referencesFeature: Feature = {
  capabilities: () => ({ referencesProvider: true }),
  register({ connection, corpus, ready }) {
    connection.onReferences(async ({ textDocument, position, context }, token) => {
      await ready(textDocument.uri, token);
      const offset = offsetIn(corpus, textDocument.uri, position);
      if (offset === undefined) return null;
      return referencesAt(corpus, textDocument.uri, offset, {
        includeDeclaration: context.includeDeclaration,
        contributors: REFERENCE_CONTRIBUTORS,
      });
    });
  },
};
