/** Every language feature the server offers, one module each. */
import { codeActionsFeature } from './features/codeActions';
import { completionFeature } from './features/completion';
import { renameFeature } from './features/rename';
import type { Feature } from './server';

export const FEATURES: readonly Feature[] = [codeActionsFeature, completionFeature, renameFeature];
