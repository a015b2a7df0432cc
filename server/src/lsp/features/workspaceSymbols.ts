/** Dossier definitions and sources in the symbol search: `workspace/symbol`. */
import { workspaceSymbols } from '../../core/features/workspaceSymbols';
import { toLspSymbolKind } from '../convert';
import type { Feature } from '../server';

export const workspaceSymbolsFeature: Feature = {
  capabilities: () => ({ workspaceSymbolProvider: true }),
  register({ connection, corpus }) {
    connection.onWorkspaceSymbol(async ({ query }) => {
      return workspaceSymbols(corpus, query).map((s) => ({ ...s, kind: toLspSymbolKind(s.kind) }));
    });
  },
};
