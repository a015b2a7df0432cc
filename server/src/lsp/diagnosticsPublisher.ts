/**
 * Publishes the core's diagnostics for every indexed file, open or not, so
 * the Problems panel shows the whole dossier. Publishing is batched: many
 * changes in a burst (typing, a git checkout) lead to one pass, and only
 * files whose diagnostics changed are sent. Every indexed file is published
 * once (an empty list for a clean one), so a client knows it was checked;
 * what was sent is remembered as a 32-bit hash, not as text.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Corpus } from '../core/corpus';
import { toLspDiagnostic } from './convert';

const DELAY_MS = 25;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly sent = new Map<string, number>();
  private withRelated = true;
  private disposed = false;
  /** When the last pass ended, and how long it took (ms). */
  private lastPassEnd = -Infinity;
  private lastPassMs = 0;

  constructor(
    private readonly connection: Connection,
    private readonly corpus: Corpus,
    /** Called after every pass with the number of files whose diagnostics were sent. */
    private readonly afterPublish?: (sent: number) => void,
    /** Files published first in a pass (the open editors). */
    private readonly isOpen: (uri: string) => boolean = () => false,
  ) {}

  /** Files a pass leaves alone for now (they stay as last sent; see `markSent`). */
  private held: (uri: string) => boolean = () => false;
  /** Told of every send, with the key it is remembered by. */
  private observer: ((uri: string, diagnostics: Diagnostic[], key: number, exists: boolean) => void) | undefined;

  setRelatedInformation(on: boolean): void {
    this.withRelated = on;
  }

  /** Says a file's diagnostics were sent by someone else (the warm-start cache), with the key a pass computed for them. */
  markSent(uri: string, key: number): void {
    this.sent.set(uri, key);
  }

  /**
   * Passes skip the files `held` says. A skipped file is looked at again only
   * once the corpus marks it changed again, as the end of an index marks
   * every file: hold files only while an index runs.
   */
  hold(held: (uri: string) => boolean): void {
    this.held = held;
  }

  observe(observer: (uri: string, diagnostics: Diagnostic[], key: number, exists: boolean) => void): void {
    this.observer = observer;
  }

  /**
   * Publishes soon. `now` (an edit in an open editor): as soon as the
   * messages already received are handled, unless a pass ended moments ago;
   * then, like any other change (file-system events), once a pause as long
   * as the last pass has passed, so a burst of changes leads to few passes
   * and requests are answered between them.
   */
  schedule(now = false): void {
    if (this.disposed || this.immediate) return;
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
  }

  private run(): void {
    this.timer = undefined;
    this.immediate = undefined;
    const started = performance.now();
    try {
      this.publish();
    } finally {
      this.lastPassEnd = performance.now();
      this.lastPassMs = this.lastPassEnd - started;
    }
  }

  private publish(): void {
    let sent = 0;
    const dirty = this.corpus.takeDirty();
    // Open editors first: their diagnostics are the ones someone is waiting for.
    const ordered = [...dirty.filter(this.isOpen), ...dirty.filter((u) => !this.isOpen(u))];
    for (const uri of ordered) {
      if (this.held(uri)) continue;
      const diagnostics = this.corpus.diagnostics(uri).map((d) => toLspDiagnostic(d, this.withRelated));
      const key = diagnostics.length ? hash(JSON.stringify(diagnostics)) : 0;
      const previous = this.sent.get(uri);
      if (previous === key) continue;
      const exists = this.corpus.exists(uri);
      if (!exists && previous === undefined) continue; // gone, and never shown
      if (exists) this.sent.set(uri, key);
      else this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
      this.observer?.(uri, diagnostics, key, exists);
      sent++;
    }
    this.afterPublish?.(sent);
  }
}

/** FNV-1a, 32 bits: enough to tell one file's diagnostics from its previous ones. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}
