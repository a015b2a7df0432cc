/**
 * The JSON Schemas' validators. Run from source (the tests), the schemas are
 * compiled with ajv on first use. The bundle replaces this module with code
 * generated at build time (scripts/build.mjs, ajv's standalone code), so
 * the shipped server and CLI neither compile a schema (that took some
 * 110 ms of the first file a user opened) nor load ajv's compiler at all.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import companionSchema from '../../../schemas/companion.schema.json';
import dossierSchema from '../../../schemas/dossier.schema.json';

/** The options the schemas are compiled with, here and at build time (scripts/build.mjs, checked by test/cli/check.test.ts). */
export const AJV_OPTIONS = Object.freeze({ allErrors: true, strict: false, verbose: true });

let compiled: { readonly companion: ValidateFunction; readonly dossier: ValidateFunction } | undefined;

export function validators(): { readonly companion: ValidateFunction; readonly dossier: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ ...AJV_OPTIONS });
    compiled = { companion: ajv.compile(companionSchema as object), dossier: ajv.compile(dossierSchema as object) };
  }
  return compiled;
}
