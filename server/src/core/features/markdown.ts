/**
 * Building Markdown from user text safely: every string that comes from an
 * article, companion or dossier is escaped, so it can never inject links,
 * HTML or formatting into a hover.
 */
import type { LineStarts, Span } from '../model';
import { positionAt } from '../text';

/**
 * Escapes what could format, link or inject HTML: emphasis, code, links and
 * images, tables, strikethrough, entities and raw HTML, and a heading or
 * quote marker at the start. Line breaks become spaces.
 */
export function esc(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/^([#>+-])/, '\\$1');
}

/** "1 figure", "2 figures". */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/**
 * A URI as a Markdown link destination: characters that would end the link
 * or open another one (parentheses, brackets, angle brackets, white space,
 * backslashes, backticks) are percent-encoded, so a file named
 * `a) [x](javascript:y).txt` cannot smuggle a link into a hover.
 */
export function linkTarget(uri: string): string {
  return uri.replace(/[()[\]<>\s\\`"]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** A link that opens a file at a span (VS Code reads `#Lline,col`, 1-based). */
export function spanLink(label: string, uri: string, starts: LineStarts | undefined, span: Span | undefined): string {
  if (!span || !starts) return `[${esc(label)}](${linkTarget(uri)})`;
  const p = positionAt(starts, span.start);
  return `[${esc(label)}](${linkTarget(uri)}#L${p.line + 1},${p.character + 1})`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Made once: `toLocaleString` with options builds a formatter per call (34 us against 1 us here, measured). */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e9 && n % 1e7 === 0) return `${+(n / 1e9).toFixed(2)} billion`;
  if (Math.abs(n) >= 1e6 && n % 1e4 === 0) return `${+(n / 1e6).toFixed(2)} million`;
  return NUMBER.format(n);
}
