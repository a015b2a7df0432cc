/**
 * Validation against the published JSON Schemas (`schemas/*.json`): the same
 * files the Red Hat YAML extension uses through `contributes.yamlValidation`,
 * so the editor and the server agree on one source of truth.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FileProblem, Span } from './model';
import { validators } from './schemaPrecompiled';

export type SchemaName = 'companion' | 'dossier';

/** Where a JSON path points in the YAML text. */
export interface Locator {
  /** The value node at a path, or the nearest existing ancestor. */
  node(path: readonly (string | number)[]): Span | undefined;
  /** The key of the field at a path (its last segment). */
  key(path: readonly (string | number)[]): Span | undefined;
}

/** Validates a plain value; never throws. */
export function validate(schema: SchemaName, value: unknown, locate: Locator): FileProblem[] {
  let validator: ValidateFunction;
  try {
    validator = validators()[schema];
    if (validator(value)) return [];
  } catch (e) {
    return [{ span: { start: 0, end: 0 }, code: 'schema', message: `Could not validate: ${String(e)}` }];
  }
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  for (const error of validator.errors ?? []) {
    const problem = toProblem(error, locate);
    if (!problem) continue;
    const k = `${problem.span.start}:${problem.span.end}:${problem.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push(problem);
  }
  return problems;
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function where(path: readonly (string | number)[]): string {
  // "annotations[3]" reads better in a message than "/annotations/3".
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || 'the file';
}

function toProblem(error: ErrorObject, locate: Locator): FileProblem | undefined {
  const path = pathOf(error.instancePath);
  const field = typeof path[path.length - 1] === 'string' ? (path[path.length - 1] as string) : undefined;
  const fallback: Span = locate.node(path) ?? { start: 0, end: 0 };
  switch (error.keyword) {
    case 'if':
    case 'anyOf':
    case 'oneOf':
      // Summary errors: the specific ones beside them say what is wrong.
      return undefined;
    case 'additionalProperties': {
      const name = String((error.params as { additionalProperty?: string }).additionalProperty);
      const props = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      const allowed = props ? Object.keys(props) : [];
      const owner = describeOwner(path, error.data);
      return {
        span: locate.key([...path, name]) ?? fallback,
        code: 'schema',
        message: `Unknown field "${name}"${owner}.${allowed.length ? ` Allowed: ${allowed.join(', ')}.` : ''}`,
        data: { field: name, allowed },
      };
    }
    case 'required': {
      const name = String((error.params as { missingProperty?: string }).missingProperty);
      const span = firstKeySpan(error.data, path, locate) ?? fallback;
      return {
        span,
        code: 'schema',
        message: `Missing required field "${name}" in ${where(path)}${describeOwner(path, error.data)}.`,
        data: { missing: name },
      };
    }
    case 'enum': {
      const allowed = ((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
      return {
        span: fallback,
        code: 'schema',
        message: `"${field ?? where(path)}" cannot be ${describeValue(error.data)}; allowed: ${allowed.join(', ')}.`,
        data: { field, allowed },
      };
    }
    case 'type': {
      const t = String((error.params as { type?: string }).type);
      const wanted = t
        .split(',')
        .map((x) => TYPE_WORDS[x] ?? x)
        .join(' or ');
      return {
        span: fallback,
        code: 'schema',
        message: `"${field ?? where(path)}" must be ${wanted}, not ${describeValue(error.data)}.`,
      };
    }
    case 'pattern':
    case 'format': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return {
        span: fallback,
        code: 'schema',
        message: `"${field ?? where(path)}" is not in the expected form${description ? `: ${description}` : ''} (got ${describeValue(error.data)}).`,
      };
    }
    default:
      return {
        span: fallback,
        code: 'schema',
        message: `"${field ?? where(path)}" ${error.message ?? 'is not valid'}.`,
      };
  }
}

function describeOwner(path: readonly (string | number)[], data: unknown): string {
  if (path[0] === 'annotations' && typeof path[1] === 'number' && path.length === 2) {
    const kind = data && typeof data === 'object' ? (data as Record<string, unknown>).kind : undefined;
    return typeof kind === 'string' ? ` for a ${kind} annotation` : ' for an annotation';
  }
  return path.length ? ` in ${where(path)}` : '';
}

function firstKeySpan(data: unknown, path: readonly (string | number)[], locate: Locator): Span | undefined {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const first = Object.keys(data)[0];
    if (first !== undefined) return locate.key([...path, first]);
  }
  return undefined;
}
