// The `corroborate.*` settings as VS Code sends them (in initializationOptions
// and in answers to workspace/configuration) when nobody changed any: every
// setting at the default package.json declares. The bench's client sends the
// same, so that it measures the server an editor runs (until the twenty-second
// round it sent `{}`, which hid that spelled-out defaults made every cold
// index anchor twice).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Declared defaults as a nested object (`diagnostics.closedFiles` → { diagnostics: { closedFiles } }), with `overrides` merged in. */
export function editorSettings(repoRoot, overrides = {}) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const settings = {};
  for (const [key, spec] of Object.entries(pkg.contributes.configuration.properties)) {
    const [, section, name] = key.split('.');
    (settings[section] ??= {})[name] = spec.default;
  }
  for (const [section, values] of Object.entries(overrides)) settings[section] = { ...settings[section], ...values };
  return settings;
}
