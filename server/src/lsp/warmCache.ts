/**
 * Warm start: the diagnostics last published for every file, kept in the
 * editor's storage folder for this workspace (never in the workspace), so a
 * second start can show them at once while the index is rebuilt behind.
 *
 * What is kept, per file the corpus holds (dossiers, companions, the
 * articles it indexes): a fingerprint of the content its diagnostics were
 * computed from (a SHA-1 of the bytes, with the size, mtime, ctime and inode
 * seen just before reading), its scope (see `Corpus.scopeKey`), and the
 * diagnostics in the compact form of diagnosticsCodec.ts with the key the
 * publisher remembers them by. The whole cache also carries a key of
 * everything else diagnostics depend on (server version, corpus options,
 * related-information support, trust, workspace folders); another key means
 * the cache is not used.
 *
 * On a start, a scope's cached diagnostics are published only when the same
 * files make it up as when they were computed and none of them changed
 * (cross-source findings depend on every file of the scope), and only when
 * no dossier was added, removed or changed. "Unchanged" is decided like git
 * does: the same size, mtime, ctime and inode as recorded mean the same
 * bytes (ctime cannot be set back by tools), unless the file had been
 * modified within a few seconds of being recorded ("racy"); otherwise the
 * file is read and its hash compared. An open editor's text is always
 * hashed. Anything unreadable, corrupt or of another version is ignored.
 * Files open in an editor are sent first.
 *
 * The cache is written (to a temporary file, then renamed) once a pass of
 * the publisher has caught up with every change: after an index and, a
 * while later, after edits; and at shutdown. From the start of an index
 * until the first write after it, what the publisher sends is encoded as it
 * is sent (the index's passes send every file, and working them all out
 * again at the end would take seconds, too long for a shutdown). After
 * that write nothing is kept in memory: a later write reads the cache file
 * back, keeps the rows that still hold what was last sent (the same key),
 * and works out again, as the publisher sent them, the diagnostics of the
 * files sent since.
 */
import { createHash } from 'node:crypto';
import { promises as fs, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { Corpus } from '../core/corpus';
import { DOSSIER_NAME, companionFor, dirname, isArticleCandidate, isDossier, isRelevantFile, type Workspace } from '../core/workspace';
import { asciiJson, LineReader, textOf, writeArray } from './chunkedJson';
import { DiagnosticsTables, RELATED_WIDTH } from './diagnosticsCodec';
import { toPath, type FileWorkspace, type OpenBuffers } from './fileWorkspace';

export const CACHE_FILE = 'warm-start.json';
const FORMAT = 'corroborate-warm-start/1';
/** A file modified this close (ms) to when it was recorded is hashed on the next start whatever its stat says. */
const RACY_MS = 3000;
/** After an index, the cache is written once nothing was published for this long (ms). */
const WRITE_DELAY_MS = 5000;
/**
 * After edits, the cache is written once the server has had nothing to
 * publish for this long (ms), and at shutdown. Writing reads the last cache
 * back and writes every file again (some 0.25 s at 1,000 pairs, in slices):
 * not between keystrokes. A crash in between only costs the next start a
 * re-check of what changed.
 */
const EDIT_WRITE_DELAY_MS = 30_000;
/** Files published on a warm start and not yet written out, at most (see `serve`). */
const SEND_CHUNK = 200;
/** Files checked (stat, or read and hashed) at once. */
const CHECK_BATCH = 64;
/** Files whose stat is taken between two turns of the event loop, at most, when checking the cache. */
const STAT_SLICE = 1000;
/** Writing works out files' diagnostics for this long (ms) at most before giving way to the client. */
const WRITE_SLICE_MS = 10;

/** What a file's content was when its diagnostics were computed. */
export interface FileStamp {
  /** SHA-1 of the content (base64), or `large:SIZE` for a file over the size limit (never read). */
  readonly hash: string;
  /** The stat taken just before reading; absent for an editor's buffer. */
  readonly size?: number;
  readonly mtimeMs?: number;
  readonly ctimeMs?: number;
  readonly ino?: number;
  /** Modified within RACY_MS of being recorded: the stat alone cannot be trusted. */
  readonly racy?: boolean;
}

export function contentHash(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('base64');
}

function stampOf(st: Stats, takenAt: number, hash: string): FileStamp {
  const racy = st.mtimeMs > takenAt - RACY_MS || st.ctimeMs > takenAt - RACY_MS;
  return { hash, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, ...(racy ? { racy } : {}) };
}

/**
 * The file workspace, recording a stamp of every file as the corpus reads it
 * (when enabled), and handing the corpus a listing already made for the
 * warm-start check instead of walking the folders twice.
 */
export class RecordingWorkspace implements Workspace {
  enabled = false;
  readonly stamps = new Map<string, FileStamp>();
  /** Reads under way: the cache is not written while a read may not be applied yet. */
  pending = 0;
  /** The stat `fileSize` took, for the read that follows it. */
  private readonly stats = new Map<string, { st: Stats; at: number }>();
  private listing: readonly string[] | undefined;

  constructor(
    private readonly inner: FileWorkspace,
    private readonly buffers: OpenBuffers,
    private readonly maxFileBytes: () => number,
  ) {}

  /** The next `listFiles()` answers this (once). */
  primeListing(uris: readonly string[]): void {
    this.listing = uris;
  }

  listFiles(): Promise<readonly string[]> {
    const listing = this.listing;
    this.listing = undefined;
    return listing ? Promise.resolve(listing) : this.inner.listFiles();
  }

  async fileSize(uri: string): Promise<number | undefined> {
    const path = toPath(uri);
    if (!this.enabled || !path || this.buffers.get(uri) !== undefined) return this.inner.fileSize(uri);
    this.pending++;
    try {
      const at = Date.now();
      const st = await fs.stat(path);
      if (st.size > this.maxFileBytes()) this.stamps.set(uri, stampOf(st, at, `large:${st.size}`));
      else this.stats.set(uri, { st, at });
      return st.size;
    } catch {
      return undefined;
    } finally {
      this.pending--;
    }
  }

  async readFile(uri: string): Promise<string | Uint8Array | undefined> {
    if (!this.enabled) return this.inner.readFile(uri);
    this.pending++;
    try {
      const taken = this.stats.get(uri);
      this.stats.delete(uri);
      const content = await this.inner.readFile(uri);
      if (content === undefined) this.stamps.delete(uri);
      else if (typeof content === 'string' || !taken) this.stamps.set(uri, { hash: contentHash(content) });
      else this.stamps.set(uri, stampOf(taken.st, taken.at, contentHash(content)));
      return content;
    } finally {
      this.pending--;
    }
  }
}

/** Whether `inner` is `outer` or lies below it (file-system paths). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The scope of a file given the dossiers that exist: the nearest at or above its folder, or ''. Mirrors `Corpus.dossierFor`. */
export function scopeOf(uri: string, dossiers: ReadonlySet<string>): string {
  let folder = dirname(uri);
  while (folder) {
    if (dossiers.has(folder + DOSSIER_NAME)) return folder + DOSSIER_NAME;
    const parent = dirname(folder.slice(0, -1));
    if (parent === folder || !parent) break;
    folder = parent;
  }
  return '';
}

/**
 * The files of a listing whose content decides diagnostics, by scope: every
 * dossier and companion, and the articles the corpus indexes (those with a
 * companion, or under a dossier).
 */
export function membersByScope(listing: readonly string[]): Map<string, string[]> {
  const relevant = listing.filter(isRelevantFile);
  const listed = new Set(relevant);
  const dossiers = new Set(relevant.filter(isDossier));
  const out = new Map<string, string[]>();
  for (const uri of relevant) {
    const scope = scopeOf(uri, dossiers);
    if (isArticleCandidate(uri) && !listed.has(companionFor(uri)) && scope === '') continue;
    const list = out.get(scope);
    if (list) list.push(uri);
    else out.set(scope, [uri]);
  }
  return out;
}

/** One file as the cache file stores it. */
type Row = [uri: string, scope: string, stamp: FileStamp, key: number, diagnostics: number[] | null];

interface CacheFile {
  format: string;
  key: string;
  tables: unknown;
  files: Row[];
}

/**
 * What the cache asks of the publisher (DiagnosticsPublisher): the key of
 * what it last sent for a file, those diagnostics worked out again, and
 * whether it has sent everything due.
 */
export interface SentDiagnostics {
  sentKey(uri: string): number | undefined;
  diagnosticsNow(uri: string): Diagnostic[];
  settled(): boolean;
}

/** The cache file as last written, when read back to write the next. */
interface Previous {
  readonly tables: DiagnosticsTables;
  readonly rows: Map<string, Row>;
}

/** A write under way (see `WarmCache.writeNow`). */
interface Staged {
  /** The key it is written under. */
  readonly key: string;
  /** The previous file; null when there is none, undefined until read (staged as sent, it is read when writing). */
  previous: Previous | null | undefined;
  /** The tables rows are encoded into: the previous file's, or new ones (`rebuild`). */
  readonly tables: DiagnosticsTables;
  readonly rebuild: boolean;
  /** Each file's row so far, with the key of the diagnostics it stands for, and where it came from. */
  readonly rows: Map<string, { readonly key: number; readonly encoded: number[]; readonly from: 'sent' | 'cache' | 'worked out' }>;
}

/** The cache file's lines up to its tables' strings, and between its arrays (see `writeNow`). */
const STRINGS_LINE = '"tables":{"strings":[';
const RELATED_LINE = '],"related":[';
const FILES_LINE = ']},"files":[';
const END_LINE = ']}';

/** What a warm start found and did, for the log. */
export interface WarmStartReport {
  readonly used: boolean;
  /** Why the cache was not used at all, when it was not. */
  readonly reason?: string;
  readonly servedFiles: number;
  readonly servedScopes: number;
  readonly staleScopes: number;
  readonly cacheBytes: number;
  readonly loadMs: number;
  readonly checkMs: number;
  /** Decoding and sending the served diagnostics, until written to the connection. */
  readonly sendMs?: number;
}

export class WarmCache {
  private key = '';
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private changed = false;
  private disposed = false;
  /** Strings and related items in the tables when they were last rebuilt (0: not known yet). */
  private compactSize = 0;
  /** The write under way, kept when it gives way to a change; filled as files are sent while `eager`. */
  private staged: Staged | undefined;
  /** From the start of an index until the next write: what is sent is staged as it is sent. */
  private eager = true;
  /** Set once this server wrote the cache: later writes wait for a longer pause. */
  private everWritten = false;
  /** Whether a full index has ended since the server started. */
  private indexedOnce = false;
  /** The corpus version and key when the publisher last caught up, outside indexing. */
  private caughtUp: { version: number; key: string } | undefined;

  constructor(
    /** The storage folder (created when first written). */
    readonly folder: string,
    private readonly corpus: Corpus,
    private readonly workspace: RecordingWorkspace,
    private readonly sent: SentDiagnostics,
    private readonly openText: (uri: string) => string | undefined,
    /** Resolves once the client's waiting messages are handled: a long write gives way to them. */
    private readonly giveWay: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  get file(): string {
    return join(this.folder, CACHE_FILE);
  }

  /** Everything besides the files that diagnostics depend on; a cache written under another key is not used. */
  setKey(key: string): void {
    if (key !== this.key) this.changed = true;
    this.key = key;
  }

  /** The publisher sent a file's diagnostics (or an empty list for a deleted file). */
  recordSent(uri: string, diagnostics: readonly Diagnostic[], key: number, exists: boolean): void {
    this.changed = true;
    if (!this.eager) return;
    if (this.staged?.key !== this.key) this.staged = { key: this.key, previous: undefined, tables: new DiagnosticsTables(), rebuild: true, rows: new Map() };
    if (exists) this.staged.rows.set(uri, { key, encoded: this.staged.tables.encode(diagnostics), from: 'sent' });
    else this.staged.rows.delete(uri);
  }

  /** An index is starting: every file will be sent again; stage them as they are (see `eager`). */
  indexing(): void {
    this.eager = true;
  }

  /** A full index ended: the stamps were all refreshed. */
  indexed(): void {
    this.indexedOnce = true;
    this.changed = true;
  }

  /** After every publisher pass: once it has caught up outside indexing, write soon. */
  afterPass(): void {
    if (this.disposed || this.corpus.isIndexing) return;
    this.caughtUp = { version: this.corpus.version, key: this.key };
    if (!this.changed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.write(), this.everWritten ? EDIT_WRITE_DELAY_MS : WRITE_DELAY_MS);
  }

  /** Writes now if there is anything to write and the last pass is current (at shutdown), then stops; `write: false` only stops. */
  async flush(write = true): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (write && this.changed) await this.write();
    this.disposed = true;
  }

  /**
   * Reads the cache and publishes, through `send`, the diagnostics of every
   * scope whose files are all as they were; returns what it did. Never
   * throws: a cache that cannot be used is left alone.
   */
  async serve(listing: readonly string[], send: (uri: string, diagnostics: Diagnostic[], key: number) => Promise<void>): Promise<WarmStartReport> {
    const started = performance.now();
    const report = (used: boolean, extra: Partial<WarmStartReport>): WarmStartReport => ({
      used,
      servedFiles: 0,
      servedScopes: 0,
      staleScopes: 0,
      cacheBytes: 0,
      loadMs: 0,
      checkMs: 0,
      ...extra,
    });
    let text: string;
    let cacheBytes: number;
    try {
      const bytes = await fs.readFile(this.file);
      cacheBytes = bytes.length;
      text = textOf(bytes);
    } catch {
      return report(false, { reason: 'no cache yet' });
    }
    let parsed: { tables: DiagnosticsTables; files: Row[] } | undefined;
    try {
      parsed = this.parse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    const loadMs = performance.now() - started;
    if (!parsed) return report(false, { reason: 'unreadable, or written by another version or under other settings', cacheBytes, loadMs });
    const { tables, files } = parsed;

    const cachedByScope = new Map<string, Row[]>();
    for (const row of files) {
      const list = cachedByScope.get(row[1]);
      if (list) list.push(row);
      else cachedByScope.set(row[1], [row]);
    }
    const listedByScope = membersByScope(listing);
    const listedDossiers = listing.filter(isDossier).sort();
    const cachedDossiers = files.map((r) => r[0]).filter(isDossier).sort();
    if (listedDossiers.join('\n') !== cachedDossiers.join('\n')) {
      return report(false, { reason: 'dossiers were added or removed', cacheBytes, loadMs });
    }
    // Only scopes made up of the same files are worth checking.
    const candidates: Row[][] = [];
    let staleScopes = 0;
    for (const [scope, rows] of cachedByScope) {
      const listed = new Set(listedByScope.get(scope));
      const same = listed.size === rows.length && rows.every((r) => listed.has(r[0]));
      if (same) candidates.push(rows);
      else staleScopes++;
    }
    for (const scope of listedByScope.keys()) if (!cachedByScope.has(scope)) staleScopes++;
    const checkStart = performance.now();
    const max = this.corpus.maxFileBytes;
    // Every dossier is checked, also those of scopes that are stale anyway: a changed one stops everything.
    const candidateRows = new Set(candidates.flat());
    const rows = [...candidateRows, ...files.filter((r) => isDossier(r[0]) && !candidateRows.has(r))];
    const ok = new Map<string, boolean>();
    // Most files are answered by their stat alone, taken synchronously (a slice at a time, so that the
    // client's messages are handled in between): 20,000 stats through promises took 150 ms, 40 ms so.
    const toRead: Row[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (i % STAT_SLICE === STAT_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
      const row = rows[i]!;
      const same = sameStat(row[0], row[2], this.openText);
      if (same === undefined) toRead.push(row);
      else ok.set(row[0], same);
    }
    for (let i = 0; i < toRead.length; i += CHECK_BATCH) {
      const batch = toRead.slice(i, i + CHECK_BATCH);
      const results = await Promise.all(batch.map((r) => unchanged(r[0], r[2], max, this.openText)));
      batch.forEach((r, k) => ok.set(r[0], results[k]));
    }
    const checkMs = performance.now() - checkStart;
    if (cachedDossiers.some((d) => ok.get(d) !== true)) {
      return report(false, { reason: 'a dossier changed', cacheBytes, loadMs, checkMs });
    }
    const served: Row[] = [];
    let servedScopes = 0;
    for (const scopeRows of candidates) {
      if (scopeRows.every((r) => ok.get(r[0]))) {
        served.push(...scopeRows);
        servedScopes++;
      } else staleScopes++;
    }
    // The files open in editors (restored with the window) first, and out on their own before the rest
    // is encoded: they are what someone is looking at, and at 10,000 pairs sending everything takes seconds.
    const open: Row[] = [];
    const closed: Row[] = [];
    for (const row of served) (this.openText(row[0]) === undefined ? closed : open).push(row);
    this.compactSize = tables.size.strings + tables.size.related;
    const sendStart = performance.now();
    let sent = 0;
    // At most a chunk is waiting to be written: once there is, the older half is waited for while the newer
    // half keeps the client reading. All is written out before the index starts: an index under way would
    // otherwise take turns with the connection's writer and delay every message.
    const writing: Array<Promise<void>> = [];
    const written = (sends: Array<Promise<void>>) => Promise.all(sends.map((p) => p.catch(() => undefined)));
    for (const rows of [open, closed]) {
      for (const row of rows) {
        const encoded = row[4];
        if (!encoded) continue;
        let diagnostics: Diagnostic[];
        try {
          diagnostics = tables.decode(encoded);
        } catch {
          continue; // left to the index
        }
        writing.push(send(row[0], diagnostics, row[3]));
        sent++;
        if (writing.length >= SEND_CHUNK) await written(writing.splice(0, SEND_CHUNK / 2));
      }
      await written(writing.splice(0));
    }
    return { used: true, servedFiles: sent, servedScopes, staleScopes, cacheBytes, loadMs, checkMs, sendMs: performance.now() - sendStart };
  }

  /** The cache file's content, validated; undefined when it is not one this version wrote under the current key. */
  private parse(value: unknown): { tables: DiagnosticsTables; files: Row[] } | undefined {
    const v = value as Partial<CacheFile> | null;
    if (!v || typeof v !== 'object' || v.format !== FORMAT || v.key !== this.key || !Array.isArray(v.files)) return undefined;
    const tables = DiagnosticsTables.fromJSON(v.tables);
    if (!tables) return undefined;
    for (const row of v.files) if (!isRow(row)) return undefined;
    return { tables, files: v.files };
  }

  /**
   * Only once an index has ended: before (a server stopped during a warm
   * start, as the window closes) the corpus holds only what was opened, and
   * a cache of that would replace a whole one. And only while the publisher
   * has sent everything due, so that what it sent can be worked out again.
   */
  private canWrite(): boolean {
    return (
      this.indexedOnce &&
      !this.corpus.isIndexing &&
      this.workspace.pending === 0 &&
      this.caughtUp?.version === this.corpus.version &&
      this.caughtUp.key === this.key &&
      this.sent.settled()
    );
  }

  /** Whether a write begun at `version` under `key` may go on: nothing changed since. */
  private stillCurrent(version: number, key: string): boolean {
    return this.canWrite() && this.corpus.version === version && this.key === key;
  }

  private write(): Promise<void> {
    this.timer = undefined;
    if (this.writing || this.disposed) return this.writing ?? Promise.resolve();
    if (!this.canWrite()) return Promise.resolve(); // the next pass schedules it again
    this.writing = this.writeNow()
      .catch((e) => this.log(`corroborate: could not write the warm-start cache ${this.file}: ${String(e)}`))
      .finally(() => (this.writing = undefined));
    return this.writing;
  }

  /**
   * Works out the rows (a slice at a time, giving way to the client), then
   * writes them out a chunk at a time: encoding it all in one piece held up
   * every request for ~360 ms at 4,000 bench pairs. When anything changes
   * meanwhile the write stops, to go on after the next pass; the rows worked
   * out so far are kept (`staged`) and used again where the file's key is
   * still the same, so a busy session still gets its cache written. Each
   * table entry and each row is on a line of its own, so that the next write
   * can read the file back a slice at a time; it is one JSON document all
   * the same.
   */
  private async writeNow(): Promise<void> {
    const started = performance.now();
    const version = this.corpus.version;
    const key = this.key;
    this.changed = false;
    let written = false;
    try {
      if (this.staged?.key !== key) this.staged = await this.stage(key);
      const staged = this.staged;
      // Staged as sent: files not sent since the last cache (a warm start's) come from it.
      if (staged.previous === undefined) staged.previous = (await this.readPrevious()) ?? null;
      if (!this.stillCurrent(version, key)) return;
      const files = await this.rows(staged, version, key);
      if (!files) return;
      await fs.mkdir(this.folder, { recursive: true });
      const tmp = join(this.folder, `${CACHE_FILE}.${process.pid}.tmp`);
      const out = await fs.open(tmp, 'w');
      let bytes = 0;
      const write = async (text: string) => {
        const ascii = asciiJson(text);
        bytes += ascii.length;
        await out.write(ascii);
      };
      try {
        const { strings, related } = staged.tables.toJSON();
        await write(`{"format":${JSON.stringify(FORMAT)},"key":${JSON.stringify(key)},\n${STRINGS_LINE.slice(0, -1)}`);
        await writeArray(strings, (s) => JSON.stringify(s), write, undefined, true);
        await write(RELATED_LINE.slice(1, -1));
        const items = Array.from({ length: related.length / RELATED_WIDTH }, (_, i) => i * RELATED_WIDTH);
        await writeArray(items, (at) => related.slice(at, at + RELATED_WIDTH).join(','), write, undefined, true);
        await write(FILES_LINE.slice(1, -1));
        await writeArray(files, (r) => JSON.stringify(r), write, undefined, true);
        await write(`${END_LINE.slice(1)}\n`);
      } finally {
        await out.close();
      }
      await fs.rename(tmp, this.file);
      written = true;
      this.staged = undefined;
      this.eager = false;
      if (staged.rebuild) this.compactSize = staged.tables.size.strings + staged.tables.size.related;
      this.everWritten = true;
      const from = { sent: 0, cache: 0, 'worked out': 0 };
      const inFile = new Set(files.map((r) => r[0]));
      for (const [uri, row] of staged.rows) if (inFile.has(uri)) from[row.from]++;
      this.log(
        `corroborate: warm-start cache written: ${files.length} files (${from.sent} as sent, ${from.cache} kept from the last cache, ` +
          `${from['worked out']} worked out again), ${(bytes / 1048576).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`,
      );
    } finally {
      if (!written) this.changed = true;
    }
  }

  /**
   * A write's starting point: the cache file as last written, when written
   * under `key`, and the tables the rows are encoded into (the file's own;
   * new ones when there is no file, or once its tables have doubled since
   * they were last rebuilt, so that they do not grow forever over a long
   * session of edits; re-encoding costs about as much as encoding, hence
   * not every time).
   */
  private async stage(key: string): Promise<Staged> {
    const previous = await this.readPrevious();
    const before = previous?.tables;
    const size = before ? before.size.strings + before.size.related : 0;
    // The first write only sets the baseline: what the index's early passes left unused is little.
    if (this.compactSize === 0) this.compactSize = size;
    const rebuild = !before || size > 2 * this.compactSize;
    return { key, previous: previous ?? null, tables: before && !rebuild ? before : new DiagnosticsTables(), rebuild, rows: new Map() };
  }

  /**
   * The cache file as last written, read back a slice at a time, when it
   * was written under the current key: its tables, and its rows by file.
   * A file laid out otherwise (by an earlier version) is parsed at once.
   */
  private async readPrevious(): Promise<Previous | undefined> {
    let text: string;
    try {
      text = textOf(await fs.readFile(this.file));
    } catch {
      return undefined;
    }
    let value: unknown;
    try {
      value = await readLaidOut(text, this.giveWay);
    } catch {
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
    }
    const parsed = this.parse(value);
    return parsed && { tables: parsed.tables, rows: new Map(parsed.files.map((r) => [r[0], r])) };
  }

  /**
   * The rows to write: the scopes whose every file has a stamp and every
   * published file has been sent. A file's diagnostics are the ones staged
   * or in the previous file when they stand for what was last sent (the
   * same key), and are otherwise worked out again. Undefined when anything
   * changed meanwhile.
   */
  private async rows(staged: Staged, version: number, key: string): Promise<Row[] | undefined> {
    const corpus = this.corpus;
    const members = new Map<string, string[]>();
    const add = (uri: string) => {
      const scope = corpus.scopeKey(uri);
      const list = members.get(scope);
      if (list) list.push(uri);
      else members.set(scope, [uri]);
    };
    for (const d of corpus.allDossiers()) add(d.uri);
    for (const c of corpus.allCompanions()) add(c.uri);
    for (const a of corpus.allArticles()) add(a.uri);
    const published = new Set(corpus.filesWithDiagnostics());
    const { previous, tables, rebuild } = staged;
    const files: Row[] = [];
    let slice = performance.now();
    for (const [scope, uris] of members) {
      const rows: Row[] = [];
      for (const uri of uris) {
        const open = this.openText(uri);
        const stamp = open !== undefined ? { hash: contentHash(open) } : this.workspace.stamps.get(uri);
        if (!stamp) break;
        const sentKey = this.sent.sentKey(uri);
        if (sentKey === undefined) {
          if (published.has(uri)) break; // not sent yet: the scope waits for the next write
          rows.push([uri, scope, stamp, 0, null]);
          continue;
        }
        let row = staged.rows.get(uri);
        if (row?.key !== sentKey) {
          const cached = previous?.rows.get(uri);
          if (cached?.[3] === sentKey && cached[4]) {
            row = { key: sentKey, encoded: rebuild ? tables.adopt(previous!.tables, cached[4]) : cached[4], from: 'cache' };
          } else {
            row = { key: sentKey, encoded: tables.encode(this.sent.diagnosticsNow(uri)), from: 'worked out' };
          }
          staged.rows.set(uri, row);
        }
        rows.push([uri, scope, stamp, sentKey, row.encoded]);
        if (performance.now() - slice > WRITE_SLICE_MS) {
          await this.giveWay();
          if (!this.stillCurrent(version, key)) return undefined;
          slice = performance.now();
        }
      }
      if (rows.length === uris.length) files.push(...rows);
    }
    return files;
  }
}

/** The cache file's content as `writeNow` lays it out, read a slice at a time; throws on any other layout. */
async function readLaidOut(text: string, pause: () => Promise<void>): Promise<unknown> {
  const lines = new LineReader(text);
  const head = lines.next();
  if (!head.endsWith(',')) throw new Error('not laid out in lines');
  const value = JSON.parse(`${head.slice(0, -1)}}`) as Record<string, unknown>;
  lines.expect(STRINGS_LINE);
  const strings = await lines.items((l) => JSON.parse(l) as unknown, pause);
  lines.expect(RELATED_LINE);
  const related = (await lines.items((l) => JSON.parse(`[${l}]`) as unknown[], pause)).flat();
  lines.expect(FILES_LINE);
  const files = await lines.items((l) => JSON.parse(l) as unknown, pause);
  lines.expect(END_LINE);
  if (!lines.done()) throw new Error('text after the end');
  return { ...value, tables: { strings, related }, files };
}

function isRow(row: unknown): row is Row {
  if (!Array.isArray(row) || row.length !== 5) return false;
  const [uri, scope, stamp, key, diagnostics] = row as unknown[];
  if (typeof uri !== 'string' || typeof scope !== 'string' || !Number.isInteger(key)) return false;
  if (!stamp || typeof stamp !== 'object' || typeof (stamp as FileStamp).hash !== 'string') return false;
  return diagnostics === null || (Array.isArray(diagnostics) && diagnostics.every((n) => Number.isInteger(n)));
}

/**
 * Git's rule: the same size, mtime, ctime and inode as when the stamp was
 * taken mean the same content, unless the file was modified just before
 * (`racy`).
 */
function statMatches(stamp: FileStamp, st: Stats): boolean {
  return !stamp.racy && stamp.size === st.size && stamp.mtimeMs === st.mtimeMs && stamp.ctimeMs === st.ctimeMs && stamp.ino === st.ino;
}

/**
 * Whether a file is as stamped, when its stat alone can say: true when it
 * matches (statMatches), false when the file is gone; undefined when it
 * must be read (or is open in an editor) to know (see `unchanged`).
 */
function sameStat(uri: string, stamp: FileStamp, openText: (uri: string) => string | undefined): boolean | undefined {
  if (stamp.racy || openText(uri) !== undefined) return undefined;
  const path = toPath(uri);
  if (!path) return false;
  let st: Stats | undefined;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return false;
  }
  if (!st) return false;
  return statMatches(stamp, st) ? true : undefined;
}

/** Whether a file still has the content a stamp describes. */
async function unchanged(uri: string, stamp: FileStamp, maxFileBytes: number, openText: (uri: string) => string | undefined): Promise<boolean> {
  const open = openText(uri);
  if (open !== undefined) return contentHash(open) === stamp.hash;
  const path = toPath(uri);
  if (!path) return false;
  try {
    const st = await fs.stat(path);
    if (statMatches(stamp, st)) return true;
    if (st.size > maxFileBytes) return stamp.hash === `large:${st.size}`;
    return contentHash(await fs.readFile(path)) === stamp.hash;
  } catch {
    return false;
  }
}
