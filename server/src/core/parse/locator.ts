/**
 * Maps JSON paths (as JSON Schema errors give them) back to YAML spans.
 */
import type { Locator } from '../schema';
import { spanOf, type YNode } from './tree';
import { findPair } from './yamlTree';

function child(node: YNode | null | undefined, seg: string | number): YNode | null | undefined {
  if (node?.kind === 'seq' && typeof seg === 'number') return node.items[seg];
  return findPair(node, String(seg))?.value;
}

export function locatorFor(root: YNode | null): Locator {
  return {
    node(path) {
      let node: YNode | null | undefined = root;
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
      let node: YNode | null | undefined = root;
      for (const seg of path.slice(0, -1)) {
        node = child(node, seg);
        if (node === undefined || node === null) return undefined;
      }
      return spanOf(findPair(node, String(path[path.length - 1]))?.key);
    },
  };
}
