/** Go to Definition: `textDocument/definition`, answered by the core's `definitionAt`. */
import { definitionAt } from '../../core/features/definition';
import { offsetIn } from '../../core/features/locate';
import type { Feature } from '../server';

export const definitionFeature: Feature = {
  capabilities: () => ({ definitionProvider: true }),
  register({ connection, corpus, ready }) {
    connection.onDefinition(async ({ textDocument, position }, token) => {
      await ready(textDocument.uri, token);
      const offset = offsetIn(corpus, textDocument.uri, position);
      return offset === undefined ? null : definitionAt(corpus, textDocument.uri, offset);
    });
  },
};
