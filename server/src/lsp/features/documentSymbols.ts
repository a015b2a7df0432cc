/** The outline of articles, companions and dossiers: `textDocument/documentSymbol` (hierarchical). */
import type { DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols, type DocumentSymbol as CoreSymbol } from '../../core/features/documentSymbols';
import { toLspSymbolKind } from '../convert';
import type { Feature } from '../server';

function toLsp(s: CoreSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: toLspSymbolKind(s.kind),
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children?.map(toLsp),
  };
}

export const documentSymbolsFeature: Feature = {
  capabilities: () => ({ documentSymbolProvider: { label: 'Corroborate' } }),
  register({ connection, corpus, ready }) {
    connection.onDocumentSymbol(async ({ textDocument }, token) => {
      await ready(textDocument.uri, token);
      return documentSymbols(corpus, textDocument.uri).map(toLsp);
    });
  },
};
