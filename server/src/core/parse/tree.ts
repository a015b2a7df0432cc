/**
 * The plain YAML tree the read path works on: maps, sequences, scalars and
 * aliases with the ranges the `yaml` package gives (`start`..`end` is a
 * node's value range, without what trails it). Built either from a `yaml`
 * Document (treeFromDocument) or straight from js-yaml's parser events
 * (fastYaml.ts); both must give the same tree for the same text.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { Span } from '../model';
import { offCrlf } from '../text';

interface YBase {
  /** Offset of the value's first character; -1 if the node has no range. */
  readonly start: number;
  /** Offset just after the value (trailing comments and line breaks excluded). */
  readonly end: number;
  readonly anchor?: string;
}
export interface YScalar extends YBase {
  readonly kind: 'scalar';
  readonly value: unknown;
}
export interface YPair {
  readonly key: YNode | null;
  readonly value: YNode | null;
}
export interface YMap extends YBase {
  readonly kind: 'map';
  readonly pairs: YPair[];
}
export interface YSeq extends YBase {
  readonly kind: 'seq';
  readonly items: Array<YNode | null>;
}
export interface YAlias extends YBase {
  readonly kind: 'alias';
  /** The anchor name the alias refers to. */
  readonly source: string;
}
export type YNode = YScalar | YMap | YSeq | YAlias;

export function isYMap(node: unknown): node is YMap {
  return (node as YNode | null | undefined)?.kind === 'map';
}
export function isYSeq(node: unknown): node is YSeq {
  return (node as YNode | null | undefined)?.kind === 'seq';
}

/** The span of a node (value range, without trailing comments). */
export function spanOf(node: YNode | null | undefined): Span | undefined {
  if (!node || node.start < 0) return undefined;
  return { start: node.start, end: node.end };
}

/** A pair's key as a string (`undefined` for complex keys). */
export function keyName(pair: YPair): string | undefined {
  const k = pair.key;
  if (k?.kind === 'scalar') {
    const v = k.value;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v === null) return '';
  }
  return undefined;
}

/**
 * Copies a parsed `yaml` Document's contents (parsed from `text`) into the
 * plain tree. Iterative, so a deeply nested document cannot overflow the
 * stack here.
 */
export function treeFromDocument(doc: Document.Parsed, text: string): YNode | null {
  const root = shallow(doc.contents, text);
  const todo: Array<[unknown, YNode]> = [];
  if (root) todo.push([doc.contents, root]);
  const visit = (from: unknown): YNode | null => {
    const node = shallow(from, text);
    if (node && (node.kind === 'map' || node.kind === 'seq')) todo.push([from, node]);
    return node;
  };
  while (todo.length) {
    const [from, node] = todo.pop()!;
    if (node.kind === 'seq' && isSeq(from)) {
      for (const item of from.items) node.items.push(visit(item));
    } else if (node.kind === 'map' && isMap(from)) {
      for (const pair of from.items) {
        if (!isPair(pair)) continue;
        node.pairs.push({ key: visit(pair.key), value: visit(pair.value) });
      }
    }
  }
  return root;
}

/**
 * One node without its children (collections get empty, fillable lists).
 * In a file with a syntax error, the `yaml` package may end a node between
 * the \r and the \n of a line break, where no line and character can point:
 * such an offset is moved back to the \r.
 */
function shallow(node: unknown, text: string): YNode | null {
  if (node === null || node === undefined || typeof node !== 'object') return null;
  const range = (node as { range?: readonly number[] | null }).range;
  const start = range ? offCrlf(text, range[0]!) : -1;
  const end = range ? offCrlf(text, range[1]!) : -1;
  if (isAlias(node)) return { kind: 'alias', source: node.source, start, end };
  const anchor = (node as { anchor?: string }).anchor;
  // Only anchored nodes carry the key, as in trees built from events.
  const a = anchor ? { anchor } : undefined;
  if (isScalar(node)) return { kind: 'scalar', value: node.value, start, end, ...a };
  if (isSeq(node)) return { kind: 'seq', items: [], start, end, ...a };
  if (isMap(node)) return { kind: 'map', pairs: [], start, end, ...a };
  return null;
}
