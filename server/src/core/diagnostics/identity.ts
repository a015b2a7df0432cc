/** `duplicate-id`: ids must be unique within a companion. */
import type { Companion } from '../model';
import type { Finding } from './finding';

export function duplicateIdFindings(companion: Companion): Finding[] {
  const first = new Map<string, number>();
  const out: Finding[] = [];
  for (const a of companion.annotations) {
    if (a.id === undefined) continue;
    const field = a.fields.id;
    const earlier = first.get(a.id);
    if (earlier === undefined) {
      first.set(a.id, a.index);
      continue;
    }
    const original = companion.annotations.find((x) => x.index === earlier);
    out.push({
      uri: companion.uri,
      span: field.node,
      code: 'duplicate-id',
      message: `The id "${a.id}" is already used by annotation ${earlier + 1} of this file; ids must be unique.`,
      related: original?.fields.id
        ? [{ uri: companion.uri, span: original.fields.id.node, message: `first use of "${a.id}"` }]
        : undefined,
      data: { id: a.id },
      annotation: a.index,
    });
  }
  return out;
}
