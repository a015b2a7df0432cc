/**
 * A compact, JSON-friendly form of published LSP diagnostics, for the
 * warm-start cache (warmCache.ts). Pure: no I/O.
 *
 * Why not the diagnostics as JSON: at 1,000 bench pairs they are ~100 MB
 * (related information repeats the same counterpart, with the same
 * location and message, in every diagnostic of a group) and take seconds
 * to parse. Here every string (URI, message, code, data) is stored once in
 * a table, every related-information item (location + message) once in
 * another, and a file's diagnostics become one array of integers.
 *
 * Decoding gives objects whose JSON is identical to what was encoded (same
 * properties, in the order `toLspDiagnostic` builds them); a diagnostic with
 * anything else (tags, a numeric code, a markup message…) is kept whole as
 * JSON, so nothing is ever lost, only stored less compactly.
 */
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';

/** Marks one diagnostic in an encoded array: compact fields follow, or one string holding its JSON. */
const COMPACT = 0;
const RAW = 1;
/** Fields per related-information item: uri, start line/character, end line/character, message. */
export const RELATED_WIDTH = 6;
const COMPACT_KEYS = new Set(['range', 'severity', 'code', 'source', 'message', 'relatedInformation', 'data']);

/** The shared tables, as stored. */
export interface DiagnosticsTablesJson {
  readonly strings: readonly string[];
  /** Related-information items, RELATED_WIDTH integers each. */
  readonly related: readonly number[];
}

export class DiagnosticsTables {
  private strings: string[] = [];
  private related: number[] = [];
  /**
   * What encoding looks things up in: string ids by string, related item
   * ids by message id. Built at the first encoding, not when tables are
   * read back: a warm start only decodes (at 10,000 pairs, building them
   * took 195 ms of its start).
   */
  private stringIds: Map<string, number> | undefined = new Map();
  private relatedIds: Map<number, number[]> | undefined = new Map();

  /** Tables read back from `toJSON()`; undefined when the value is not such tables. */
  static fromJSON(value: unknown): DiagnosticsTables | undefined {
    const v = value as Partial<DiagnosticsTablesJson> | undefined;
    if (!v || !Array.isArray(v.strings) || !Array.isArray(v.related) || v.related.length % RELATED_WIDTH) return undefined;
    if (!v.strings.every((s) => typeof s === 'string') || !v.related.every(isInteger)) return undefined;
    const n = v.strings.length;
    for (let i = 0; i < v.related.length; i += RELATED_WIDTH) {
      const uri = v.related[i]!;
      const message = v.related[i + 5]!;
      if (uri >= n || message >= n || uri < 0 || message < 0) return undefined;
    }
    const t = new DiagnosticsTables();
    // As read: narrowing 29,000 strings per 1,000 pairs would cost a warm start 40 ms.
    t.strings = v.strings.slice();
    t.related = v.related.slice();
    t.stringIds = undefined;
    t.relatedIds = undefined;
    return t;
  }

  toJSON(): DiagnosticsTablesJson {
    return { strings: this.strings, related: this.related };
  }

  /** How many strings and related items the tables hold. */
  get size(): { strings: number; related: number } {
    return { strings: this.strings.length, related: this.related.length / RELATED_WIDTH };
  }

  /** One file's diagnostics as integers referring to these tables. */
  encode(diagnostics: readonly Diagnostic[]): number[] {
    const out: number[] = [];
    for (const d of diagnostics) {
      if (!isCompactable(d)) {
        out.push(RAW, this.string(JSON.stringify(d)));
        continue;
      }
      const r = d.range;
      out.push(COMPACT, r.start.line, r.start.character, r.end.line, r.end.character);
      out.push(d.severity ?? -1, this.optional(d.code as string | undefined), this.optional(d.source), this.string(d.message as string));
      out.push(d.data === undefined ? -1 : this.string(JSON.stringify(d.data)));
      const related = d.relatedInformation;
      out.push(related ? related.length : -1);
      for (const ri of related ?? []) {
        const l = ri.location.range;
        out.push(this.relatedItem([this.string(ri.location.uri), l.start.line, l.start.character, l.end.line, l.end.character, this.string(ri.message)]));
      }
    }
    return out;
  }

  /** The diagnostics an encoded array stands for; throws on an array these tables did not encode. */
  decode(encoded: ArrayLike<number>): Diagnostic[] {
    const out: Diagnostic[] = [];
    let i = 0;
    const next = (): number => {
      if (i >= encoded.length) throw new Error('truncated diagnostics');
      return encoded[i++];
    };
    while (i < encoded.length) {
      const kind = next();
      if (kind === RAW) {
        out.push(JSON.parse(this.stringAt(next())) as Diagnostic);
        continue;
      }
      if (kind !== COMPACT) throw new Error(`unknown diagnostic kind ${kind}`);
      const range = { start: { line: next(), character: next() }, end: { line: next(), character: next() } };
      const severity = next();
      const code = next();
      const source = next();
      const message = this.stringAt(next());
      const data = next();
      const nRelated = next();
      // Properties in the order toLspDiagnostic sets them, absent ones left out, so the JSON is the same.
      const d: Record<string, unknown> = { range };
      if (severity !== -1) d.severity = severity;
      if (code !== -1) d.code = this.stringAt(code);
      if (source !== -1) d.source = this.stringAt(source);
      d.message = message;
      if (nRelated !== -1) {
        const related: DiagnosticRelatedInformation[] = [];
        for (let k = 0; k < nRelated; k++) related.push(this.relatedAt(next()));
        d.relatedInformation = related;
      }
      if (data !== -1) d.data = JSON.parse(this.stringAt(data)) as unknown;
      out.push(d as unknown as Diagnostic);
    }
    return out;
  }

  /**
   * Re-encodes an array of another tables' into these (to drop strings no
   * file uses any more when the cache is written).
   */
  adopt(from: DiagnosticsTables, encoded: ArrayLike<number>): number[] {
    return this.encode(from.decode(encoded));
  }

  private optional(s: string | undefined): number {
    return s === undefined ? -1 : this.string(s);
  }

  private string(s: string): number {
    return (this.stringIds ?? this.buildLookups().strings).get(s) ?? this.add(narrow(s));
  }

  private add(s: string): number {
    const id = this.strings.length;
    this.strings.push(s);
    (this.stringIds ?? this.buildLookups().strings).set(s, id);
    return id;
  }

  /** The lookups encoding needs, built from the tables read back (see fromJSON). */
  private buildLookups(): { strings: Map<string, number>; related: Map<number, number[]> } {
    const strings = new Map<string, number>();
    // A string stored twice (not by this class) is looked up as its first.
    for (let id = this.strings.length - 1; id >= 0; id--) strings.set(this.strings[id]!, id);
    const related = new Map<number, number[]>();
    for (let id = 0; id * RELATED_WIDTH < this.related.length; id++) {
      const message = this.related[id * RELATED_WIDTH + 5]!;
      const ids = related.get(message);
      if (ids) ids.push(id);
      else related.set(message, [id]);
    }
    this.stringIds = strings;
    this.relatedIds = related;
    return { strings, related };
  }

  private stringAt(id: number): string {
    const s = this.strings[id];
    if (s === undefined) throw new Error(`no string ${id}`);
    return s;
  }

  /** The id of a related item (uri, range, message), added if new; items are looked up by message, then compared. */
  private relatedItem(item: readonly number[]): number {
    const message = item[5];
    const byMessage = this.relatedIds ?? this.buildLookups().related;
    let ids = byMessage.get(message);
    if (!ids) byMessage.set(message, (ids = []));
    const r = this.related;
    for (const id of ids) {
      const at = id * RELATED_WIDTH;
      if (r[at] === item[0] && r[at + 1] === item[1] && r[at + 2] === item[2] && r[at + 3] === item[3] && r[at + 4] === item[4]) return id;
    }
    const id = r.length / RELATED_WIDTH;
    for (const n of item) r.push(n);
    ids.push(id);
    return id;
  }

  private relatedAt(id: number): DiagnosticRelatedInformation {
    const at = id * RELATED_WIDTH;
    if (!(id >= 0 && at + RELATED_WIDTH <= this.related.length)) throw new Error(`no related item ${id}`);
    const r = this.related;
    return {
      location: { uri: this.stringAt(r[at]), range: { start: { line: r[at + 1], character: r[at + 2] }, end: { line: r[at + 3], character: r[at + 4] } } },
      message: this.stringAt(r[at + 5]),
    };
  }
}

/** A character past Latin-1. */
const WIDE = /[^\u0000-\u00ff]/;

/**
 * The string as the tables keep it: one byte a character where every
 * character fits in one. V8 keeps a string two bytes a character when a
 * piece it was made from was, and a message quoting an article or companion
 * with a curly quote anywhere in it is (3.2 of the tables' 8 MB in the
 * server's heap at 1,000 bench pairs, with 815 of 29,259 strings needing
 * two bytes). A Latin-1 round trip through a Buffer makes a one-byte copy.
 */
function narrow(s: string): string {
  return s.length < 16 || WIDE.test(s) ? s : Buffer.from(s, 'latin1').toString('latin1');
}

function isInteger(n: unknown): n is number {
  return Number.isInteger(n);
}

/** Whether a diagnostic has only what the compact form keeps, in a form it keeps exactly. */
function isCompactable(d: Diagnostic): boolean {
  for (const k of Object.keys(d)) if (!COMPACT_KEYS.has(k) && (d as unknown as Record<string, unknown>)[k] !== undefined) return false;
  const r = d.range;
  if (![r.start.line, r.start.character, r.end.line, r.end.character].every(isInteger)) return false;
  if (d.severity !== undefined && !isInteger(d.severity)) return false;
  if (typeof d.message !== 'string') return false;
  if (d.code !== undefined && typeof d.code !== 'string') return false;
  if (d.source !== undefined && typeof d.source !== 'string') return false;
  for (const ri of d.relatedInformation ?? []) {
    const keys = Object.keys(ri);
    if (keys.length !== 2 || typeof ri.message !== 'string' || Object.keys(ri.location).length !== 2) return false;
    const l = ri.location.range;
    if (![l.start.line, l.start.character, l.end.line, l.end.character].every(isInteger)) return false;
  }
  // Nested range objects with extra properties would be lost.
  return Object.keys(r).length === 2 && Object.keys(r.start).length === 2 && Object.keys(r.end).length === 2;
}
