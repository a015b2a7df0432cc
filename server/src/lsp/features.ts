/** Every language feature the server offers, one module each. */
import { codeActionsFeature } from './features/codeActions';
import { codeLensFeature } from './features/codeLens';
import { completionFeature } from './features/completion';
import { definitionFeature } from './features/definition';
import { documentLinksFeature } from './features/documentLinks';
import { documentSymbolsFeature } from './features/documentSymbols';
import { hoverFeature } from './features/hover';
import { referencesFeature } from './features/references';
import { refreshFeature } from './features/refresh';
import { renameFeature } from './features/rename';
import { semanticTokensFeature } from './features/semanticTokens';
import { viewsFeature } from './features/views';
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
  codeActionsFeature,
  completionFeature,
  renameFeature,
  codeLensFeature,
  viewsFeature,
  refreshFeature,
];
