/**
 * Publishes the core's diagnostics for every indexed file, open or not, so
 * the Problems panel shows the whole dossier. Publishing is batched: many
 * changes in a burst (typing, a git checkout) lead to one pass, and only
 * files whose diagnostics changed are sent. While the workspace is being
 * indexed only open files are published; every indexed file is published
 * once the index is complete (an empty list for a clean one), so a client
 * knows it was checked. What was sent is remembered as a 32-bit hash.
 *
 * An article's marks (its companion's findings, mirrored on the annotated
 * words) are sent while it is open in an editor, by default: the Problems
 * panel then lists each finding once, on its annotation, and half as much is
 * sent (`corroborate.diagnostics.articleMarks` says otherwise).
 *
 * Files not open in an editor report what
 * `corroborate.diagnostics.closedFiles` lets them (every finding by default);
 * opening a file sends the rest, closing it takes it back.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Corpus } from '../core/corpus';
import type { CoreDiagnostic, Range, Severity } from '../core/model';
import { fingerprint } from '../core/text';
import { isArticleCandidate } from '../core/workspace';
import { afterMessages, type Pending } from './afterMessages';
import { toLspDiagnostic } from './convert';
import type { ArticleMarks, ClosedFilesShown } from './settings';

const DELAY_MS = 25;
/** A pass longer than this (ms) yields to waiting messages (requests, edits) and goes on after them. */
const SLICE_MS = 20;
/** How long (ms) the rest of a pass gives way to messages that keep arriving, at most, before it goes on. */
const GIVE_WAY_MS = 100;
/**
 * Messages handed to the connection and not yet written to the client, past
 * which a pass waits for the client to read. The connection writes one
 * message at a time, between slices of work, as fast as the client reads: a
 * pass that ran ahead held every queued message in memory (1,379 of 2,001
 * still queued when a 1,000-pair pass ended; at 10,000 pairs the server's
 * peak RSS was 1,117–1,246 MB, against 919–973 MB with this limit).
 */
export const MAX_UNWRITTEN = 8;
/** Strings whose fingerprints a pass keeps, at most (a pass over 10,000 pairs meets some 230,000). */
const MAX_PRINTS = 100_000;

/** The severities a file not open in an editor reports, by `corroborate.diagnostics.closedFiles`. */
const CLOSED_FILES_SHOW: Readonly<Record<Exclude<ClosedFilesShown, 'all'>, ReadonlySet<Severity>>> = {
  warnings: new Set(['error', 'warning']),
  errors: new Set(['error']),
  none: new Set(),
};

/** What the publisher asks of the server around it. */
export interface PublisherHooks {
  /** Called after every pass with the number of files whose diagnostics were sent. */
  afterPublish?(sent: number): void;
  /** The open editors' files: published first, and alone while the workspace is being indexed. */
  openFiles?(): readonly string[];
  /** True while the workspace is being indexed (or not yet); the corpus's own flag by default. */
  indexing?(): boolean;
  /** How many messages from the client were handled so far: the rest of a long pass waits while it grows. */
  messagesHandled?(): number;
}

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** The rest of a long pass, waiting for the client's messages to be handled first. */
  private continuation: Pending | undefined;
  private readonly sent = new Map<string, number>();
  private readonly hasher = new DiagnosticsHasher();
  /**
   * Files whose diagnostics a warm start served from its cache, unedited
   * since. While the index runs they stand, open or not: an open file's
   * worked out from what the index has read so far would lack cross-source
   * findings the cache had (fewer findings for seconds, then them again).
   */
  private readonly served = new Set<string>();
  /** Files due in the pass under way, in order (open editors first). */
  private pending = new Set<string>();
  private sentInPass = 0;
  private withRelated = true;
  private articleMarks: ArticleMarks = 'whenOpen';
  private closedFiles: ClosedFilesShown = 'all';
  private disposed = false;
  /** Messages handed to the connection and not yet written (see MAX_UNWRITTEN). */
  private unwritten = 0;
  /** Called once fewer than MAX_UNWRITTEN messages are left unwritten, by a pass waiting for that. */
  private onWritten: (() => void) | undefined;
  /** When the last pass ended, and how long it took (ms). */
  private lastPassEnd = -Infinity;
  private lastPassMs = 0;

  constructor(
    private readonly connection: Connection,
    private readonly corpus: Corpus,
    private readonly hooks: PublisherHooks = {},
  ) {}

  /** Told of every send, with the key it is remembered by. */
  private observer: ((uri: string, diagnostics: Diagnostic[], key: number, exists: boolean) => void) | undefined;

  setRelatedInformation(on: boolean): void {
    this.withRelated = on;
  }

  /** Where articles show their companion's findings (`corroborate.diagnostics.articleMarks`); every article is sent again on a change. */
  setArticleMarks(marks: ArticleMarks): void {
    if (marks === this.articleMarks) return;
    this.articleMarks = marks;
    for (const uri of this.sent.keys()) if (isArticleCandidate(uri)) this.pending.add(uri);
    this.schedule();
  }

  /** What files not open in an editor report (`corroborate.diagnostics.closedFiles`, `auto` decided); every file is sent again on a change. */
  setClosedFiles(mode: ClosedFilesShown): void {
    if (mode === this.closedFiles) return;
    this.closedFiles = mode;
    for (const uri of this.sent.keys()) this.pending.add(uri);
    this.schedule();
  }

  /**
   * A file was opened or closed in an editor: an article's marks come or go
   * with it (when `whenOpen`), and so does what `closedFiles` keeps from a
   * closed file.
   */
  openedOrClosed(uri: string): void {
    const marks = this.articleMarks === 'whenOpen' && isArticleCandidate(uri);
    if ((!marks && this.closedFiles === 'all') || !this.sent.has(uri)) return;
    this.pending.add(uri);
    this.schedule(true);
  }

  /** Says a file's diagnostics were sent by someone else (the warm-start cache), with the key a pass computed for them. */
  markSent(uri: string, key: number): void {
    this.sent.set(uri, key);
    this.served.add(uri);
  }

  /**
   * The text of an open file was edited (not just opened): what the cache
   * served for it no longer stands, even while the index runs.
   */
  edited(uri: string): void {
    this.served.delete(uri);
  }

  observe(observer: (uri: string, diagnostics: Diagnostic[], key: number, exists: boolean) => void): void {
    this.observer = observer;
  }

  /** The key of the diagnostics last sent for a file (see DiagnosticsHasher), or undefined if none were. */
  sentKey(uri: string): number | undefined {
    return this.sent.get(uri);
  }

  /**
   * A file's diagnostics as a pass would send them now. While `settled()`,
   * and the corpus has not changed since the last pass, they are the ones
   * last sent (whose key `sentKey` gives): the warm-start cache works them
   * out again when it is written rather than keeping a copy of all it sent.
   */
  diagnosticsNow(uri: string): Diagnostic[] {
    return this.toLsp(this.shown(uri, new Set(this.hooks.openFiles?.() ?? [])));
  }

  /** A file's diagnostics as they are shown: with or without an article's marks, all or what `closedFiles` keeps. */
  private shown(uri: string, open: ReadonlySet<string>): readonly CoreDiagnostic[] {
    if (this.closedFiles === 'all' || open.has(uri)) return this.corpus.diagnostics(uri, this.marksOn(uri, open));
    const shows = CLOSED_FILES_SHOW[this.closedFiles];
    if (shows.size === 0) return [];
    return this.corpus.diagnostics(uri, this.marksOn(uri, open), shows);
  }

  private toLsp(diagnostics: readonly CoreDiagnostic[]): Diagnostic[] {
    return diagnostics.map((d) => toLspDiagnostic(d, this.withRelated));
  }

  /** Nothing due or scheduled: every change so far has been published. */
  settled(): boolean {
    return !this.timer && !this.immediate && !this.continuation && this.pending.size === 0;
  }

  /**
   * Publishes soon. `now` (an edit in an open editor): as soon as the
   * messages already received are handled, unless a pass ended moments ago;
   * then, like any other change (file-system events), once a pause as long
   * as the last pass has passed, so a burst of changes leads to few passes
   * and requests are answered between them.
   */
  schedule(now = false): void {
    if (this.disposed || this.immediate || this.continuation) return;
    const wait = Math.max(DELAY_MS, this.lastPassMs) - (performance.now() - this.lastPassEnd);
    if (now && wait <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.immediate = setImmediate(() => this.run());
      return;
    }
    if (!this.timer) this.timer = setTimeout(() => this.run(), Math.max(DELAY_MS, wait));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.continuation?.cancel();
    // Nothing is scheduled any more: `settled()` says whether anything due was left unsent.
    this.timer = undefined;
    this.immediate = undefined;
    this.continuation = undefined;
  }

  private run(): void {
    this.timer = undefined;
    this.immediate = undefined;
    const started = performance.now();
    let more = false;
    try {
      more = this.publish(started + SLICE_MS);
    } finally {
      this.lastPassEnd = performance.now();
      this.lastPassMs = this.lastPassEnd - started;
    }
    if (!more || this.disposed) return;
    if (this.unwritten >= MAX_UNWRITTEN) this.continueAfterWrites();
    else this.continueAfterMessages();
  }

  /** The rest of a pass goes on once the client has read enough of what was sent (see MAX_UNWRITTEN). */
  private continueAfterWrites(): void {
    this.onWritten = () => this.continueAfterMessages();
    this.continuation = { cancel: () => (this.onWritten = undefined) };
  }

  /** A message was written to the client (or could not be). */
  private readonly written = (): void => {
    this.unwritten--;
    const wake = this.onWritten;
    if (wake && this.unwritten < MAX_UNWRITTEN) {
      this.onWritten = undefined;
      wake();
    }
  };

  /** The rest of a long pass goes on once the messages that arrived meanwhile (requests, edits) are handled. */
  private continueAfterMessages(): void {
    this.continuation = afterMessages(this.hooks.messagesHandled ?? (() => 0), GIVE_WAY_MS, () => {
      this.continuation = undefined;
      if (!this.disposed) this.run();
    });
  }

  /** Publishes due files until `deadline`; true when some are left for the next slice. */
  private publish(deadline: number): boolean {
    // Open editors first: their diagnostics are the ones someone is waiting for.
    const open = new Set(this.hooks.openFiles?.() ?? []);
    const dirty = this.corpus.takeDirty();
    // Files already due keep their place (a pass over 20,000 files has thousands of slices: not copied at each).
    const openDirty = dirty.filter((u) => open.has(u));
    if (openDirty.length) this.pending = new Set([...openDirty, ...this.pending, ...dirty]);
    else for (const u of dirty) this.pending.add(u);
    // While indexing, the other files wait for the end: their cross-source
    // findings are not known yet, and each is then computed and sent once
    // (files a warm start served from its cache included).
    const indexing = this.hooks.indexing?.() ?? this.corpus.isIndexing;
    if (!indexing) this.served.clear();
    let sentOpen = false;
    for (const uri of this.pending) {
      const isOpen = open.has(uri);
      if (indexing && (!isOpen || this.served.has(uri))) continue;
      // The connection writes messages once this turn ends: the open files' go out before the others are worked out.
      if (sentOpen && !isOpen) return true;
      this.pending.delete(uri);
      if (this.publishOne(uri, open)) {
        this.sentInPass++;
        sentOpen ||= isOpen;
      }
      if (performance.now() >= deadline || this.unwritten >= MAX_UNWRITTEN) return true;
    }
    const sent = this.sentInPass;
    this.sentInPass = 0;
    this.hasher.forget();
    this.hooks.afterPublish?.(sent);
    return false;
  }

  /** Whether a file's diagnostics include the marks an article mirrors from its companion. */
  private marksOn(uri: string, open: ReadonlySet<string>): boolean {
    if (!isArticleCandidate(uri)) return true;
    return this.articleMarks === 'always' || (this.articleMarks === 'whenOpen' && open.has(uri));
  }

  /** Sends one file's diagnostics if they differ from what was sent before; true if sent. */
  private publishOne(uri: string, open: ReadonlySet<string>): boolean {
    const diagnostics = this.shown(uri, open);
    const key = diagnostics.length ? this.hasher.of(diagnostics, this.withRelated) : 0;
    const previous = this.sent.get(uri);
    if (previous === key) return false;
    const exists = this.corpus.exists(uri);
    if (!exists && previous === undefined) return false; // gone, and never shown
    if (exists) this.sent.set(uri, key);
    else this.sent.delete(uri);
    const lsp = this.toLsp(diagnostics);
    const sending = this.connection.sendDiagnostics({ uri, diagnostics: lsp });
    this.unwritten++;
    void Promise.resolve(sending).then(this.written, this.written);
    this.observer?.(uri, lsp, key, exists);
    return true;
  }
}

/**
 * A 32-bit FNV-1a hash of a file's diagnostics, enough to tell them from the
 * ones sent before. It reads the core's values directly (no JSON text). Each
 * string counts as its fingerprint, worked out once per pass: the same
 * messages recur in many files (related information, the marks an article
 * mirrors), and reading a message character by character is slow, since a
 * message built by concatenation stays a tree of pieces in V8.
 * Keys are the same in every process: the warm-start cache keeps them.
 */
export class DiagnosticsHasher {
  /** Strings' fingerprints, kept until `forget()` (or until there are this many). */
  private readonly prints = new Map<string, number>();
  /** The same for findings' data (each finding's own object, the same in every pass until the finding changes). */
  private dataPrints = new WeakMap<object, number>();
  private h = 0;

  of(diagnostics: readonly CoreDiagnostic[], withRelated: boolean): number {
    this.h = 0x811c9dc5;
    for (const d of diagnostics) {
      this.range(d.range);
      this.text(d.severity);
      this.text(d.code);
      this.text(d.message);
      this.data(d.data);
      if (withRelated && d.related) {
        this.number(d.related.length);
        for (const r of d.related) {
          this.text(r.uri);
          this.range(r.range);
          this.text(r.message);
        }
      } else {
        this.number(0);
      }
    }
    return this.h >>> 0 || 1;
  }

  /** Lets go of the strings seen (at the end of a pass): the next ones are mostly others. */
  forget(): void {
    this.prints.clear();
    this.dataPrints = new WeakMap();
  }

  private range(r: Range): void {
    this.number(r.start.line);
    this.number(r.start.character);
    this.number(r.end.line);
    this.number(r.end.character);
  }

  private number(n: number): void {
    this.h = Math.imul(this.h ^ (n & 0xffff), 0x01000193);
    this.h = Math.imul(this.h ^ (n >>> 16), 0x01000193);
  }

  private text(s: string): void {
    let print = this.prints.get(s);
    if (print === undefined) {
      if (this.prints.size >= MAX_PRINTS) this.prints.clear();
      print = fingerprint(s);
      this.prints.set(s, print);
    }
    this.print(print);
  }

  /** Data as its JSON text's fingerprint (none: the empty text's). */
  private data(data: unknown): void {
    if (data === null || typeof data !== 'object') {
      this.text(data === undefined ? '' : (JSON.stringify(data) ?? ''));
      return;
    }
    let print = this.dataPrints.get(data);
    if (print === undefined) {
      print = fingerprint(JSON.stringify(data) ?? '');
      this.dataPrints.set(data, print);
    }
    this.print(print);
  }

  /** A fingerprint (53 bits): its low 32 bits, then the rest. */
  private print(print: number): void {
    this.number(print >>> 0);
    this.number(Math.floor(print / 0x100000000));
  }
}
