/**
 * Positions and places in any file the corpus holds: turning an editor
 * position into an offset, and a span of a file into a location with a
 * line/character range. Shared by every navigation feature.
 */
import type { Corpus } from '../corpus';
import type { Range, Span } from '../model';
import { offsetAt, rangeOf } from '../text';

/** A range of one file. */
export interface Location {
  readonly uri: string;
  readonly range: Range;
}

/**
 * The offset of a position in a file the corpus knows; undefined when it does
 * not know the file. (Only articles keep their text, so a position past the
 * end of a YAML file's last line is not clamped; no lookup is harmed by it.)
 */
export function offsetIn(corpus: Corpus, uri: string, position: { line: number; character: number }): number | undefined {
  const starts = corpus.lineStartsOf(uri);
  if (!starts) return undefined;
  const length = corpus.getArticle(uri)?.text?.length ?? Number.MAX_SAFE_INTEGER;
  return offsetAt(starts, position, length);
}

/** The location of a span of a file (at the file's start when its lines are unknown). */
export function locationOf(corpus: Corpus, uri: string, span: Span): Location {
  return { uri, range: rangeOf(corpus.lineStartsOf(uri) ?? [0], span) };
}

/** Orders locations by file, then position; drops exact repeats. */
export function sortLocations(locations: readonly Location[]): Location[] {
  const seen = new Set<string>();
  const out: Location[] = [];
  for (const l of locations) {
    const id = `${l.uri}#${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(l);
  }
  return out.sort(
    (a, b) =>
      (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
}

/** A span's text on one line, shortened for a label. */
export function label(text: string, limit = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}
