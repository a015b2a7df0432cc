/** Writing a large JSON array in pieces, so that other work runs between them. */

/** Items written per piece by default. */
export const CHUNK = 500;

/**
 * Writes `items` as a JSON array (each item as `json` gives it), `chunk`
 * items per call of `write`: a caller whose `write` awaits I/O lets other
 * work run in between. The pieces joined are the array's JSON.
 */
export async function writeArray<T>(items: readonly T[], json: (item: T) => string, write: (text: string) => Promise<void>, chunk = CHUNK): Promise<void> {
  const size = Math.max(1, Math.floor(chunk));
  await write('[');
  for (let i = 0; i < items.length; i += size) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(items.length, i + size); j++) parts.push(json(items[j]));
    await write((i ? ',' : '') + parts.join(','));
  }
  await write(']');
}
