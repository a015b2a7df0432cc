/**
 * Reading YAML with exact ranges: a thin layer over the `yaml` package that
 * turns a parsed Document into plain values with spans. The Document itself
 * is never kept: callers copy out what they need and let it go.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Field, FileProblem, Span } from '../model';

/** Nesting deeper than this is cut short (a guard against hostile files). */
const MAX_DEPTH = 64;
/** Aliases resolved while copying one file out (billion-laughs guard). */
const MAX_ALIAS_EXPANSIONS = 1000;

export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly problems: FileProblem[];
  readonly hasSyntaxError: boolean;
}

export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text, {
    prettyErrors: false,
    keepSourceTokens: false,
    uniqueKeys: true,
    strict: false,
  });
  const problems: FileProblem[] = [];
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    problems.push({
      span: clampSpan({ start, end: Math.max(end, start) }, text.length),
      code: 'yaml-syntax',
      message: `YAML syntax error: ${tidyYamlMessage(e.message)}`,
    });
  }
  return { doc, problems, hasSyntaxError: doc.errors.length > 0 };
}

function tidyYamlMessage(message: string): string {
  // The yaml package appends " at line N, column M" plus a code excerpt when
  // prettyErrors is on; with it off the message is already short.
  return message.split('\n')[0].replace(/\s+/g, ' ').trim();
}

function clampSpan(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(span.start, length));
  const end = Math.max(start, Math.min(span.end, length));
  return { start, end };
}

/** The span of a node (value range, without trailing comments). */
export function spanOf(node: unknown): Span | undefined {
  const r = (node as Node | null | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

/** The span of a whole pair: from its key to the end of its value. */
export function pairSpan(pair: Pair): Span | undefined {
  const k = spanOf(pair.key);
  if (!k) return undefined;
  const v = spanOf(pair.value);
  return { start: k.start, end: v ? Math.max(v.end, k.end) : k.end };
}

/** A pair's key as a string (`undefined` for complex keys). */
export function keyName(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) {
    const v = k.value;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v === null) return '';
  }
  return undefined;
}

/** Copies a node out into plain JavaScript values, bounded in depth and alias expansion. */
export class PlainCopier {
  private expansions = 0;
  constructor(private readonly doc: Document.Parsed) {}

  copy(node: unknown, depth = 0): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) return null;
    if (isAlias(node)) {
      if (++this.expansions > MAX_ALIAS_EXPANSIONS) return null;
      let target: unknown;
      try {
        target = node.resolve(this.doc);
      } catch {
        return null;
      }
      return this.copy(target, depth + 1);
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v === 'bigint') return Number(v);
      return v;
    }
    if (isSeq(node)) return node.items.map((item) => this.copy(item, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = Object.create(null);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = keyName(pair);
        if (name === undefined) continue;
        out[name] = this.copy(pair.value, depth + 1);
      }
      return out;
    }
    return null;
  }

  /** The fields of a map node, each with its key and value spans. */
  fields(map: unknown, depth = 0): Record<string, Field> {
    const out: Record<string, Field> = Object.create(null);
    if (!isMap(map)) return out;
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const name = keyName(pair);
      const key = spanOf(pair.key);
      if (name === undefined || !key) continue;
      const node = spanOf(pair.value) ?? { start: key.end, end: key.end };
      out[name] = { value: this.copy(pair.value, depth + 1), key, node };
    }
    return out;
  }
}

/** Finds the pair `name:` in a map node. */
export function findPair(map: unknown, name: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isPair(pair) && keyName(pair) === name) return pair;
  }
  return undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function asScalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
