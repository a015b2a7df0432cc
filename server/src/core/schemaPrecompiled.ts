/**
 * Validators compiled ahead of time. Here, none: run from source (the tests),
 * the schemas are compiled on first use. The bundle replaces this module with
 * code generated at build time (scripts/build.mjs, ajv's standalone code), so
 * the shipped server and CLI never compile a schema: that took some 110 ms
 * of the first file a user opened.
 */
import type { ValidateFunction } from 'ajv';

export const precompiled: { readonly companion: ValidateFunction; readonly dossier: ValidateFunction } | undefined = undefined;
