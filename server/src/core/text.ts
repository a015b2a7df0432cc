/**
 * Text utilities: decoding file bytes, line tables and offset/position
 * conversion. Pure and total: nothing here throws.
 */
import type { LineStarts, Position, Range, Span } from './model';

export type Decoded =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Turns what a workspace read into text. A leading BOM is dropped; bytes that
 * are not UTF-8, or that contain NUL characters (a binary file), are refused
 * with a reason a person can act on.
 */
export function decode(content: string | Uint8Array): Decoded {
  let text: string;
  if (typeof content === 'string') {
    text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  } else {
    try {
      text = utf8.decode(content); // drops a UTF-8 BOM itself
    } catch {
      return { ok: false, reason: 'the file is not valid UTF-8 text' };
    }
  }
  if (text.indexOf('\u0000') !== -1) {
    return { ok: false, reason: 'the file holds NUL bytes: it looks like a binary file, not text' };
  }
  return { ok: true, text };
}

/**
 * A 53-bit digest of a text (two 32-bit FNV-1a variants, one of them also
 * over the length), for telling whether a file's text is the one already
 * read without keeping the text. Two different texts share one with a
 * chance of about 1 in 2^53.
 */
export function fingerprint(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

// TextDecoder is many times faster than String.fromCharCode, but only when the
// host stores a Uint16Array little-endian and every surrogate is paired
// (it would replace a lone one with U+FFFD and change the text).
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** True when the surrogate at `i` has its other half beside it. */
function paired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  const b = s.charCodeAt(i - 1);
  return b >= 0xd800 && b <= 0xdbff;
}

/** The string of these UTF-16 code units (`loneSurrogates`: some surrogate has no other half). */
function fromCodeUnits(codes: Uint16Array, loneSurrogates: boolean): string {
  if (LITTLE_ENDIAN && !loneSurrogates) return utf16.decode(codes);
  let text = '';
  for (let p = 0; p < codes.length; p += 4096) text += String.fromCharCode(...codes.subarray(p, Math.min(codes.length, p + 4096)));
  return text;
}

/** Code units of the piece being copied by detached (grown up to DETACH_KEEP). */
let detaching = new Uint16Array(256);
const DETACH_KEEP = 4096;

/** Room for `n` code units: the reused buffer, or for a longer piece one of its own. */
function unitsFor(n: number): Uint16Array {
  if (n > DETACH_KEEP) return new Uint16Array(n);
  if (detaching.length < n) detaching = new Uint16Array(Math.min(DETACH_KEEP, Math.max(n, detaching.length * 2)));
  return detaching;
}

/** True when `offset` falls between the \r and the \n of a CRLF line break: no line/character position can express it. */
export function splitsCrlf(s: string, offset: number): boolean {
  return offset > 0 && s.charCodeAt(offset - 1) === 13 && s.charCodeAt(offset) === 10;
}

/** `offset`, moved back to the \r when it falls between the \r and the \n of a CRLF (see splitsCrlf). */
export function offCrlf(s: string, offset: number): number {
  return splitsCrlf(s, offset) ? offset - 1 : offset;
}

/**
 * A copy of a piece of a text that does not keep the whole text alive.
 * V8 makes a substring of 13 or more characters a view into its parent
 * string, so a few words kept from each file (a field's value, an anchor's
 * `found`) kept every file's full text in memory. The copy is decoded from
 * the piece's code units: a string of its own, one byte a character where
 * every character fits in one. (Concatenating and slicing again, as before,
 * left a 32-byte view into a copy, two bytes a character when the file had
 * one wider character anywhere: for 20,000 pieces of 60 characters 2.4 MB
 * against 1.8 from a one-byte text, 3.6 against 1.8 from a two-byte one;
 * about 1.5 us a piece against 0.4.)
 */
export function detached(piece: string): string {
  const n = piece.length;
  if (n < 13) return piece; // V8 copies pieces this short
  const codes = unitsFor(n);
  let lone = false;
  for (let i = 0; i < n; i++) {
    const c = piece.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff && !paired(piece, i)) lone = true;
    codes[i] = c;
  }
  return fromCodeUnits(codes.subarray(0, n), lone);
}

/**
 * Offsets at which lines start; `\n`, `\r\n` and a lone `\r` end a line.
 * Kept for every file read, so in a typed array: 4 bytes a line, where a
 * JavaScript array grown line by line takes 8 and up to half as much again
 * in spare room.
 */
export function lineStarts(text: string): LineStarts {
  return Uint32Array.from(lineStartList(text));
}

/** Whether two files' lines start at the same offsets. */
export function sameLines(a: LineStarts | undefined, b: LineStarts | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lineStartList(text: string): number[] {
  const starts = [0];
  // Without a \r, only \n ends lines, and indexOf finds them several times
  // faster than a loop over every unit (11 against 80 ms for the 1,000-pair
  // bench's 17 MB).
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The zero-based position of an offset (clamped into the text). */
export function positionAt(starts: LineStarts, offset: number, textLength?: number): Position {
  if (!(offset > 0)) return { line: 0, character: 0 };
  if (textLength !== undefined && offset > textLength) offset = textLength;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** The offset of a position (clamped to its line's start and the next line's start). */
export function offsetAt(starts: LineStarts, position: Position, textLength: number): number {
  const line = Math.max(0, Math.floor(position.line));
  if (line >= starts.length) return textLength;
  const lineStart = starts[line];
  const nextStart = line + 1 < starts.length ? starts[line + 1] : textLength;
  return Math.max(lineStart, Math.min(lineStart + Math.max(0, Math.floor(position.character)), nextStart));
}

export function rangeOf(starts: LineStarts, span: Span, textLength?: number): Range {
  return { start: positionAt(starts, span.start, textLength), end: positionAt(starts, span.end, textLength) };
}

/** The one-based line number of an offset, for messages. */
export function lineNumber(starts: LineStarts, offset: number): number {
  return positionAt(starts, offset).line + 1;
}

/** Whether an offset is inside a span, its end included (a cursor just after a word is still on it). */
export function touches(span: Span | undefined, offset: number): boolean {
  return span !== undefined && offset >= span.start && offset <= span.end;
}
