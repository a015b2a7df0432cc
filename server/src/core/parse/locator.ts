/**
 * Maps JSON paths (as JSON Schema errors give them) back to YAML spans.
 */
import { isMap, isPair, isSeq, type Document } from 'yaml';
import type { Locator } from '../schema';
import type { Span } from '../model';
import { keyName, spanOf } from './yamlTree';

function child(node: unknown, seg: string | number): unknown {
  if (isSeq(node) && typeof seg === 'number') return node.items[seg];
  if (isMap(node)) {
    for (const pair of node.items) if (isPair(pair) && keyName(pair) === String(seg)) return pair.value;
  }
  return undefined;
}

export function locatorFor(doc: Document.Parsed): Locator {
  return {
    node(path) {
      let node: unknown = doc.contents;
      let best = spanOf(node);
      for (const seg of path) {
        const next = child(node, seg);
        if (next === undefined || next === null) break;
        node = next;
        best = spanOf(node) ?? best;
      }
      return best;
    },
    key(path) {
      let node: unknown = doc.contents;
      for (const seg of path.slice(0, -1)) {
        node = child(node, seg);
        if (node === undefined || node === null) return undefined;
      }
      const last = path[path.length - 1];
      if (!isMap(node)) return undefined;
      for (const pair of node.items) {
        if (isPair(pair) && keyName(pair) === String(last)) return spanOf(pair.key) as Span | undefined;
      }
      return undefined;
    },
  };
}
