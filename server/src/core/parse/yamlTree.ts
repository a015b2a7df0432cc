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
/**
 * Nodes copied through aliases while copying one file out: bounds the work
 * when a few aliases point at a huge node (a 20,000-item list aliased 1,000
 * times is 20 million nodes although only 1,000 aliases are resolved).
 */
const MAX_ALIASED_NODES = 100_000;

export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly problems: FileProblem[];
  readonly hasSyntaxError: boolean;
}

/** Flow collections nested deeper than this are not parsed at all (see tooDeep). */
export const MAX_FLOW_NESTING = 256;

/**
 * The offset at which flow brackets (`[`, `{`) nest deeper than `max`, if
 * they do. The yaml package parses nesting recursively: thousands of levels
 * overflow the stack, and where it overflows depends on how deep the caller's
 * stack already is — so the same file would get different diagnostics from
 * one call to the next. Such a file is refused before parsing, the same way
 * every time. (Brackets in comments are skipped; in quoted strings they are
 * counted, which errs on the side of refusing only absurd files.)
 */
export function tooDeep(text: string, max = MAX_FLOW_NESTING): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */ && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

export function parseYaml(text: string): ParsedYaml {
  const deep = tooDeep(text);
  if (deep !== undefined) {
    return {
      doc: parseDocument(''),
      problems: [{ span: { start: deep, end: deep + 1 }, code: 'yaml-syntax', message: `YAML syntax error: collections nested more than ${MAX_FLOW_NESTING} levels deep; the file is not read.` }],
      hasSyntaxError: true,
    };
  }
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
  /** How deep inside alias expansions the copy currently is. */
  private inAlias = 0;
  private aliasedNodes = 0;
  constructor(private readonly doc: Document.Parsed) {}

  copy(node: unknown, depth = 0): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) return null;
    if (this.inAlias > 0 && ++this.aliasedNodes > MAX_ALIASED_NODES) return null;
    if (isAlias(node)) {
      if (++this.expansions > MAX_ALIAS_EXPANSIONS) return null;
      const target = this.resolve(node);
      if (target === undefined) return null;
      this.inAlias++;
      try {
        return this.copy(target, depth + 1);
      } finally {
        this.inAlias--;
      }
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

  /** Anchored nodes by anchor name, in document order (built once per file). */
  private anchors?: Map<string, Array<{ readonly at: number; readonly node: unknown }>>;

  /**
   * The node an alias refers to: the last node before it with that anchor.
   * (The yaml package's `Alias.resolve` walks the whole document for every
   * alias, so many aliases in a large file cost time quadratic in its size.)
   */
  private resolve(alias: { source: string; range?: readonly number[] | null }): unknown {
    if (!this.anchors) {
      const anchors = new Map<string, Array<{ at: number; node: unknown }>>();
      const stack: unknown[] = [this.doc.contents];
      while (stack.length) {
        const n = stack.pop();
        if (!n || typeof n !== 'object') continue;
        if (isPair(n)) {
          stack.push(n.value, n.key);
          continue;
        }
        const anchor = (n as { anchor?: string }).anchor;
        const r = (n as Node).range;
        if (anchor && r && !isAlias(n)) {
          const list = anchors.get(anchor) ?? [];
          list.push({ at: r[0], node: n });
          anchors.set(anchor, list);
        }
        if (isMap(n) || isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
      }
      for (const list of anchors.values()) list.sort((a, b) => a.at - b.at);
      this.anchors = anchors;
    }
    const at = alias.range?.[0] ?? Infinity;
    let found: unknown;
    for (const a of this.anchors.get(alias.source) ?? []) if (a.at < at) found = a.node;
    return found;
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
