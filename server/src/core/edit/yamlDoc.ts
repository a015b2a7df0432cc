/**
 * Reading a YAML file in order to edit it: the parsed Document with exact
 * node ranges, refused when the file has a syntax error (such a file is
 * never edited), plus lookups that edits start from.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { tooDeep } from '../parse/yamlTree';
import { eolOf, type LineBreak } from './changes';

export interface EditableYaml {
  readonly text: string;
  readonly eol: LineBreak;
  readonly doc: Document.Parsed;
}

/** The file parsed for editing, or undefined when it has a YAML syntax error. */
export function editable(text: string): EditableYaml | undefined {
  try {
    if (tooDeep(text) !== undefined) return undefined;
    const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: true, strict: false, prettyErrors: false });
    if (doc.errors.length > 0) return undefined;
    return { text, eol: eolOf(text), doc };
  } catch {
    return undefined;
  }
}

function keyOf(pair: Pair): string | undefined {
  const k = pair.key;
  if (!isScalar(k)) return undefined;
  return k.value === null || k.value === undefined ? undefined : String(k.value);
}

/** The pair `name:` of a map node. */
export function pairOf(map: unknown, name: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p): p is Pair => isPair(p) && keyOf(p) === name);
}

/** The top-level pair `name:` of a file. */
export function topPair(y: EditableYaml, name: string): Pair | undefined {
  return pairOf(y.doc.contents, name);
}

/** The items of the `annotations:` list, when it is a list. */
export function annotationItems(y: EditableYaml): readonly unknown[] {
  const v = topPair(y, 'annotations')?.value;
  return isSeq(v) ? v.items : [];
}

/** The mapping of annotation `index`, when it is a block or flow mapping. */
export function annotationItem(y: EditableYaml, index: number): YAMLMap | undefined {
  const item = annotationItems(y)[index];
  return isMap(item) ? item : undefined;
}

/** The index of the annotation whose text holds `offset`. */
export function annotationIndexAt(y: EditableYaml, offset: number): number | undefined {
  const items = annotationItems(y);
  for (let i = 0; i < items.length; i++) {
    const r = (items[i] as Node | null)?.range;
    if (r && offset >= r[0] && offset <= r[1]) return i;
  }
  return undefined;
}

/** The scalar (key or value) that starts exactly at `offset`, anywhere in the file. */
export function scalarAt(y: EditableYaml, offset: number): Scalar | undefined {
  let found: Scalar | undefined;
  const walk = (node: unknown, depth: number): void => {
    if (found || depth > 64 || !node) return;
    if (isScalar(node)) {
      if (node.range && node.range[0] === offset) found = node;
    } else if (isMap(node) || isSeq(node)) {
      for (const item of (node as YAMLMap | YAMLSeq).items) {
        if (isPair(item)) {
          walk(item.key, depth + 1);
          walk(item.value, depth + 1);
        } else walk(item, depth + 1);
      }
    }
  };
  walk(y.doc.contents, 0);
  return found;
}

/** The string value of a scalar, if it is one. */
export function stringOf(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
