/** Writing a large JSON array in pieces, so that other work runs between them. */
import { isAscii } from 'node:buffer';

/** Items written per piece by default. */
export const CHUNK = 500;

/**
 * Writes `items` as a JSON array (each item as `json` gives it), `chunk`
 * items per call of `write`: a caller whose `write` awaits I/O lets other
 * work run in between. The pieces joined are the array's JSON. With
 * `lines`, each item is on a line of its own, and so is the closing
 * bracket (what `json` gives must then hold no line break, as JSON text
 * never does), so the array can be read back a line at a time.
 */
export async function writeArray<T>(items: readonly T[], json: (item: T) => string, write: (text: string) => Promise<void>, chunk = CHUNK, lines = false): Promise<void> {
  const size = Math.max(1, Math.floor(chunk));
  const separator = lines ? ',\n' : ',';
  await write('[');
  for (let i = 0; i < items.length; i += size) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(items.length, i + size); j++) parts.push(json(items[j]));
    await write((i ? separator : lines ? '\n' : '') + parts.join(separator));
  }
  await write(lines ? '\n]' : ']');
}

/** A character past ASCII. */
const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * JSON text with every character past ASCII written as a `\uXXXX` escape
 * (outside strings, JSON text has none): the same JSON, in a file that
 * `textOf` reads back as one byte a character, several times faster than
 * decoding UTF-8 (44 MB of cache at 10,000 bench pairs: 30 against 170 ms),
 * with JSON.parse a little faster on the result too.
 */
export function asciiJson(text: string): string {
  return text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A file's bytes as text: as Latin-1 when they are all ASCII (the same text, decoded faster), else as UTF-8. */
export function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Items read between two pauses, at most, by `LineReader.items`. */
const READ_SLICE = 2000;

/**
 * Reads back, a line at a time, text laid out by `writeArray(…, lines)`:
 * lines the caller expects, and arrays whose items are one per line. Long
 * arrays are read a slice at a time, with `pause` awaited in between.
 */
export class LineReader {
  private at = 0;
  private readonly lines: readonly string[];

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  /** The next line; throws when there is none. */
  next(): string {
    if (this.at >= this.lines.length) throw new Error('unexpected end of text');
    return this.lines[this.at++];
  }

  /** Takes the next line, which must be `line`; throws otherwise. */
  expect(line: string): void {
    if (this.next() !== line) throw new Error(`expected ${JSON.stringify(line)} at line ${this.at}`);
  }

  /**
   * The items of an array whose opening bracket ended the line before, each
   * as `parse` reads its JSON, up to the line that starts with its closing
   * bracket (left for `expect`).
   */
  async items<T>(parse: (json: string) => T, pause: () => Promise<void>): Promise<T[]> {
    const out: T[] = [];
    for (;;) {
      if (this.at >= this.lines.length) throw new Error('unexpected end of text');
      const line = this.lines[this.at];
      if (line.startsWith(']')) return out;
      this.at++;
      out.push(parse(line.endsWith(',') ? line.slice(0, -1) : line));
      if (out.length % READ_SLICE === 0) await pause();
    }
  }

  /** Whether only empty lines are left. */
  done(): boolean {
    return this.lines.slice(this.at).every((l) => l === '');
  }
}
