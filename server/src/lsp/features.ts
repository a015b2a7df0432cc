/** Every language feature the server offers, one module each. */
import { hoverFeature } from './features/hover';
import type { Feature } from './server';

export const FEATURES: readonly Feature[] = [hoverFeature];
