/**
 * Reading YAML with exact ranges: parses a file into the plain tree of
 * tree.ts (through js-yaml's events when that is certainly the same, else
 * through the `yaml` package) and turns it into plain values with spans.
 * Callers copy out what they need and let the tree go.
 */
import { parseDocument } from 'yaml';
import type { Field, FileProblem, Span } from '../model';
import { fastTree } from './fastYaml';
import { isYMap, keyName, spanOf, treeFromDocument, type YNode, type YPair } from './tree';
import { detached, offCrlf } from '../text';

export { keyName, spanOf } from './tree';

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
  /** The document's root node (null for an empty document). */
  readonly root: YNode | null;
  readonly problems: FileProblem[];
  readonly hasSyntaxError: boolean;
  /** Whether the fast path (js-yaml events) read the file. */
  readonly fast: boolean;
}

export interface ParseYamlOptions {
  /** Always parse with the `yaml` package (tests compare the two paths). */
  readonly forceFallback?: boolean;
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

export function parseYaml(text: string, options: ParseYamlOptions = {}): ParsedYaml {
  const deep = tooDeep(text);
  if (deep !== undefined) {
    return {
      root: null,
      problems: [{ span: { start: deep, end: deep + 1 }, code: 'yaml-syntax', message: `YAML syntax error: collections nested more than ${MAX_FLOW_NESTING} levels deep; the file is not read.` }],
      hasSyntaxError: true,
      fast: false,
    };
  }
  if (!options.forceFallback) {
    let fast: ReturnType<typeof fastTree>;
    try {
      fast = fastTree(text);
    } catch {
      fast = undefined; // a bug in the fast path must cost speed, not the file
    }
    if (fast) return { root: fast.root, problems: [], hasSyntaxError: false, fast: true };
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
      span: clampSpan({ start, end: Math.max(end, start) }, text),
      code: 'yaml-syntax',
      message: `YAML syntax error: ${tidyYamlMessage(e.message)}`,
    });
  }
  return { root: treeFromDocument(doc, text), problems, hasSyntaxError: doc.errors.length > 0, fast: false };
}

function tidyYamlMessage(message: string): string {
  // The yaml package appends " at line N, column M" plus a code excerpt when
  // prettyErrors is on; with it off the message is already short.
  return message.split('\n')[0].replace(/\s+/g, ' ').trim();
}

/** The span inside the text, not splitting a CRLF (the `yaml` package may point at the \n of one). */
function clampSpan(span: Span, text: string): Span {
  const inside = (p: number) => offCrlf(text, Math.max(0, Math.min(p, text.length)));
  const start = inside(span.start);
  return { start, end: Math.max(start, inside(span.end)) };
}

/** The span of a whole pair: from its key to the end of its value. */
export function pairSpan(pair: YPair): Span | undefined {
  const k = spanOf(pair.key);
  if (!k) return undefined;
  const v = spanOf(pair.value);
  return { start: k.start, end: v ? Math.max(v.end, k.end) : k.end };
}

/**
 * Copies a node out into plain JavaScript values, bounded in depth and alias
 * expansion. The bounds are per copier: use one per pass over a file (the
 * fields read out, the whole-file copy validated), so one pass's budget does
 * not cut the other short.
 */
export class PlainCopier {
  private expansions = 0;
  /** How deep inside alias expansions the copy currently is. */
  private inAlias = 0;
  private aliasedNodes = 0;
  /** Set while copying out fields, which are kept: their strings are made independent of the file's text (see `kept`). */
  private keeping = false;
  constructor(private readonly root: YNode | null) {}

  copy(node: YNode | null | undefined, depth = 0): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) return null;
    if (this.inAlias > 0 && ++this.aliasedNodes > MAX_ALIASED_NODES) return null;
    switch (node.kind) {
      case 'alias': {
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
      case 'scalar': {
        const v = node.value;
        if (typeof v === 'string') return this.keeping ? kept(v) : v;
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        if (typeof v === 'bigint') return Number(v);
        return v;
      }
      case 'seq':
        return node.items.map((item) => this.copy(item, depth + 1));
      case 'map': {
        const out: Record<string, unknown> = Object.create(null);
        for (const pair of node.pairs) {
          const name = keyName(pair);
          if (name === undefined) continue;
          out[name] = this.copy(pair.value, depth + 1);
        }
        return out;
      }
    }
  }

  /** Anchored nodes by anchor name, in document order (built once per file). */
  private anchors?: Map<string, Array<{ readonly at: number; readonly node: YNode }>>;

  /**
   * The node an alias refers to: the last node before it with that anchor.
   * (The yaml package's `Alias.resolve` walks the whole document for every
   * alias, so many aliases in a large file cost time quadratic in its size.)
   */
  private resolve(alias: YNode & { kind: 'alias' }): YNode | undefined {
    if (!this.anchors) {
      const anchors = new Map<string, Array<{ at: number; node: YNode }>>();
      const stack: Array<YNode | null> = [this.root];
      while (stack.length) {
        const n = stack.pop();
        if (!n) continue;
        if (n.anchor && n.start >= 0 && n.kind !== 'alias') {
          const list = anchors.get(n.anchor) ?? [];
          list.push({ at: n.start, node: n });
          anchors.set(n.anchor, list);
        }
        if (n.kind === 'seq') for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
        else if (n.kind === 'map') for (let i = n.pairs.length - 1; i >= 0; i--) stack.push(n.pairs[i].value, n.pairs[i].key);
      }
      for (const list of anchors.values()) list.sort((a, b) => a.at - b.at);
      this.anchors = anchors;
    }
    const at = alias.start >= 0 ? alias.start : Infinity;
    let found: YNode | undefined;
    for (const a of this.anchors.get(alias.source) ?? []) if (a.at < at) found = a.node;
    return found;
  }

  /** The fields of a map node, each with its key and value spans. */
  fields(map: YNode | null | undefined, depth = 0): Record<string, Field> {
    const out: Record<string, Field> = Object.create(FIELDS_PROTO);
    if (!isYMap(map)) return out;
    for (const pair of map.pairs) {
      const name = keyName(pair);
      const k = pair.key;
      if (name === undefined || !k || k.start < 0) continue;
      const v = pair.value;
      const placed = v !== null && v.start >= 0;
      this.keeping = true;
      try {
        out[name] = packedField(this.copy(v, depth + 1), k.start, k.end, placed ? v.start : k.end, placed ? v.end : k.end);
      } finally {
        this.keeping = false;
      }
    }
    return out;
  }
}

/** Strings up to this length are shared between files (kinds, keys, ids, units, dates). */
const SHARED_MAX_LENGTH = 40;
/** At most this many shared strings; the table starts afresh when full. */
const SHARED_CAP = 50_000;
const sharedStrings = new Map<string, string>();

/**
 * A string value to keep: its own characters only. A scalar the parser cut
 * out of the file's text can be a V8 "sliced string", a view that keeps the
 * whole text alive (every companion's text stayed in memory through its
 * field values, 5 MB at 1,000 pairs). Short values are also shared:
 * `kind: figure` written 8,000 times is one string.
 */
function kept(s: string): string {
  if (s.length > SHARED_MAX_LENGTH) return detached(s);
  let k = sharedStrings.get(s);
  if (k === undefined) {
    if (sharedStrings.size >= SHARED_CAP) sharedStrings.clear();
    k = detached(s);
    sharedStrings.set(k, k);
  }
  return k;
}


/**
 * The prototype of every fields record: empty, with no prototype of its own,
 * so a record answers only the names written in the file (as
 * `Object.create(null)` would) while staying a fast-mode object that shares
 * its hidden class with records of the same field order. A record made by
 * `Object.create(null)` is a hash table from the start: ~350 bytes for an
 * annotation's eight fields against ~90.
 */
const FIELDS_PROTO: object = Object.freeze(Object.create(null));

/**
 * A field as the parser keeps it: one object, its spans built when asked
 * for. Every field of every annotation is held for as long as its file is,
 * and three objects per field (the field and two spans) were the largest
 * part of a companion's memory. Most fields fit in two small integers: the
 * key's start and length, and the value's length and distance from the
 * key's end (an object of three fields: 48 bytes on 64-bit V8, against 64
 * with the four offsets); any other field keeps the four offsets.
 */
function packedField(value: unknown, keyStart: number, keyEnd: number, nodeStart: number, nodeEnd: number): Field {
  const keyLength = keyEnd - keyStart;
  const gap = nodeStart - keyEnd;
  const nodeLength = nodeEnd - nodeStart;
  if (keyStart >= 0 && keyStart < MAX_KEY_START && keyLength >= 0 && keyLength < KEY_LENGTHS && gap >= 0 && gap < GAPS && nodeLength >= 0 && nodeLength < MAX_NODE_LENGTH) {
    return new SmallField(value, keyStart * KEY_LENGTHS + keyLength, nodeLength * GAPS + gap);
  }
  return new WideField(value, keyStart, keyEnd, nodeStart, nodeEnd);
}

/**
 * How SmallField packs its spans. Both numbers stay below 2^30, small
 * integers that V8 keeps in the object itself whatever its pointer size
 * (a larger number would be an object of its own).
 */
const KEY_LENGTHS = 2 ** 8;
const MAX_KEY_START = 2 ** 22;
const GAPS = 2 ** 7;
const MAX_NODE_LENGTH = 2 ** 23;

class SmallField implements Field {
  constructor(
    readonly value: unknown,
    /** The key's start × KEY_LENGTHS + its length. */
    private readonly keyAt: number,
    /** The value's length × GAPS + its distance from the key's end. */
    private readonly nodeAt: number,
  ) {}
  get key(): Span {
    const start = Math.floor(this.keyAt / KEY_LENGTHS);
    return { start, end: start + (this.keyAt % KEY_LENGTHS) };
  }
  get node(): Span {
    const start = Math.floor(this.keyAt / KEY_LENGTHS) + (this.keyAt % KEY_LENGTHS) + (this.nodeAt % GAPS);
    return { start, end: start + Math.floor(this.nodeAt / GAPS) };
  }
}

class WideField implements Field {
  constructor(
    readonly value: unknown,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly nodeStart: number,
    private readonly nodeEnd: number,
  ) {}
  get key(): Span {
    return { start: this.keyStart, end: this.keyEnd };
  }
  get node(): Span {
    return { start: this.nodeStart, end: this.nodeEnd };
  }
}

/** Finds the pair `name:` in a map node. */
export function findPair(map: YNode | null | undefined, name: string): YPair | undefined {
  if (!isYMap(map)) return undefined;
  for (const pair of map.pairs) {
    if (keyName(pair) === name) return pair;
  }
  return undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
