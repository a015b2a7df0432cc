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

/**
 * Orders locations by file, then position; drops exact repeats. Files are
 * ranked once, so a list of thousands (a key's references across a large
 * dossier) is sorted on numbers, not by comparing long URIs again and again.
 * `ranks` (Corpus.fileRanks) saves ranking them here, when it ranks them all.
 */
export function sortLocations(locations: readonly Location[], ranks?: ReadonlyMap<string, number>): Location[] {
  let keyed = ranks ? keyedBy(locations, ranks) : undefined;
  keyed ??= keyedBy(locations, rankFiles(locations))!;
  keyed.sort(
    (a, b) =>
      a.file - b.file ||
      a.l.range.start.line - b.l.range.start.line ||
      a.l.range.start.character - b.l.range.start.character ||
      a.l.range.end.line - b.l.range.end.line ||
      a.l.range.end.character - b.l.range.end.character,
  );
  const out: Location[] = [];
  let last: { l: Location; file: number } | undefined;
  for (const k of keyed) {
    if (!last || !sameRange(k, last)) out.push(k.l);
    last = k;
  }
  return out;
}

/** Each location with its file's rank; undefined when `ranks` lacks a file. */
function keyedBy(locations: readonly Location[], ranks: ReadonlyMap<string, number>): { l: Location; file: number }[] | undefined {
  const keyed: { l: Location; file: number }[] = [];
  for (const l of locations) {
    const file = ranks.get(l.uri);
    if (file === undefined) return undefined;
    keyed.push({ l, file });
  }
  return keyed;
}

function rankFiles(locations: readonly Location[]): Map<string, number> {
  const rank = new Map<string, number>();
  for (const l of locations) rank.set(l.uri, 0);
  [...rank.keys()].sort().forEach((uri, i) => rank.set(uri, i));
  return rank;
}

function sameRange(a: { l: Location; file: number }, b: { l: Location; file: number }): boolean {
  const x = a.l.range;
  const y = b.l.range;
  return a.file === b.file && x.start.line === y.start.line && x.start.character === y.start.character && x.end.line === y.end.line && x.end.character === y.end.character;
}

/** A span's text on one line, shortened for a label. */
export function label(text: string, limit = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}
