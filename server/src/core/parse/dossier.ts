/**
 * Reads a `dossier.yaml` into plain data with spans, validates it against the
 * dossier schema, and lets the YAML tree go.
 */
import { SECTIONS, type Definition, type Dossier, type Section } from '../model';
import { validate } from '../schema';
import { lineStarts } from '../text';
import { dirname } from '../workspace';
import { locatorFor } from './locator';
import { isYMap } from './tree';
import { PlainCopier, asString, findPair, keyName, pairSpan, parseYaml, spanOf, type ParseYamlOptions } from './yamlTree';

export function parseDossier(uri: string, text: string, options: ParseYamlOptions = {}): Dossier {
  try {
    return parseDossierUnsafe(uri, text, options);
  } catch (e) {
    return {
      uri,
      folder: dirname(uri),
      definitions: emptySections(),
      problems: [{ span: { start: 0, end: 0 }, code: 'yaml-syntax', message: `Could not read this file: ${String(e)}` }],
      lineStarts: lineStarts(text),
      hasSyntaxError: true,
    };
  }
}

function emptySections(): Record<Section, Map<string, Definition>> {
  return { entities: new Map(), quantities: new Map(), claims: new Map(), quotes: new Map() };
}

function parseDossierUnsafe(uri: string, text: string, options: ParseYamlOptions): Dossier {
  const { root, problems, hasSyntaxError } = parseYaml(text, options);
  const copier = new PlainCopier(root);
  const definitions = emptySections();

  for (const section of SECTIONS) {
    const pair = findPair(root, section);
    if (!pair || !isYMap(pair.value)) continue;
    for (const item of pair.value.pairs) {
      const key = keyName(item);
      const keySpan = spanOf(item.key);
      const span = pairSpan(item);
      if (key === undefined || key === '' || !keySpan || !span) continue;
      const fields = copier.fields(item.value);
      const aliases = fields.aliases?.value;
      definitions[section].set(key, {
        section,
        key,
        keySpan,
        span,
        fields,
        label: asString(fields[section === 'entities' ? 'name' : 'label']?.value) ?? asString(fields.label?.value),
        aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string' && a.trim() !== '') : [],
        type: asString(fields.type?.value),
        role: asString(fields.role?.value),
        unit: asString(fields.unit?.value),
        speaker: asString(fields.speaker?.value),
      });
    }
  }

  const titleField = findPair(root, 'title');
  const title = titleField ? asString(copier.copy(titleField.value)) : undefined;

  if (root !== null) {
    // A copy with its own alias budget (see parseCompanion).
    problems.push(...validate('dossier', new PlainCopier(root).copy(root), locatorFor(root)));
  }
  return {
    uri,
    folder: dirname(uri),
    title,
    definitions,
    problems,
    lineStarts: lineStarts(text),
    hasSyntaxError,
  };
}
