/** Every language feature the server offers, one module each. */
import { definitionFeature } from './features/definition';
import { documentLinksFeature } from './features/documentLinks';
import { documentSymbolsFeature } from './features/documentSymbols';
import { hoverFeature } from './features/hover';
import { referencesFeature } from './features/references';
import { semanticTokensFeature } from './features/semanticTokens';
import { workspaceSymbolsFeature } from './features/workspaceSymbols';
import type { Feature } from './server';

export const FEATURES: readonly Feature[] = [
  hoverFeature,
  definitionFeature,
  referencesFeature,
  documentLinksFeature,
  documentSymbolsFeature,
  workspaceSymbolsFeature,
  semanticTokensFeature,
];
