/** Every language feature the server offers, one module each. */
import type { Feature } from './server';

export const FEATURES: readonly Feature[] = [];
