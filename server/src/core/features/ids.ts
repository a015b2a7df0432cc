/** Annotation ids: a kind letter and a number, unique in the file (`f3`, `q2`). */
import { annotationItems, pairOf, stringOf, type EditableYaml } from '../edit/yamlDoc';
import type { Kind } from '../model';

export const ID_PREFIX: Readonly<Record<Kind, string>> = {
  figure: 'f',
  quote: 'q',
  entity: 'e',
  claim: 'c',
  date: 'd',
  note: 'n',
};

/** The ids written in a companion opened for editing (none when it is not). */
export function idsOf(y: EditableYaml | undefined): Set<string> {
  const ids = new Set<string>();
  if (!y) return ids;
  for (const item of annotationItems(y)) {
    const id = stringOf(pairOf(item, 'id')?.value);
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/** The next free id for a kind: one above the highest `<letter><number>` in use, skipping any taken. */
export function nextId(taken: ReadonlySet<string>, kind: Kind | undefined): string {
  const letter = kind ? ID_PREFIX[kind] : 'a';
  let n = 0;
  const pattern = new RegExp(`^${letter}(\\d+)$`);
  for (const id of taken) {
    const m = pattern.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  let id = `${letter}${n + 1}`;
  while (taken.has(id)) id = `${letter}${++n + 1}`;
  return id;
}
