/**
 * Publishes the core's diagnostics for every indexed file, open or not, so
 * the Problems panel shows the whole dossier. Publishing is batched: many
 * changes in a burst (typing, a git checkout) lead to one pass, and only
 * files whose diagnostics changed are sent. Every indexed file is published
 * once (an empty list for a clean one), so a client knows it was checked;
 * what was sent is remembered as a 32-bit hash, not as text.
 */
import type { Connection } from 'vscode-languageserver';
import type { Corpus } from '../core/corpus';
import { toLspDiagnostic } from './convert';

const DELAY_MS = 25;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private readonly sent = new Map<string, number>();
  private withRelated = true;
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly corpus: Corpus,
    /** Called after every pass with the number of files whose diagnostics were sent. */
    private readonly afterPublish?: (sent: number) => void,
  ) {}

  setRelatedInformation(on: boolean): void {
    this.withRelated = on;
  }

  schedule(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private publish(): void {
    let sent = 0;
    for (const uri of this.corpus.takeDirty()) {
      const diagnostics = this.corpus.diagnostics(uri).map((d) => toLspDiagnostic(d, this.withRelated));
      const key = diagnostics.length ? hash(JSON.stringify(diagnostics)) : 0;
      const previous = this.sent.get(uri);
      if (previous === key) continue;
      const exists = this.corpus.exists(uri);
      if (!exists && previous === undefined) continue; // gone, and never shown
      if (exists) this.sent.set(uri, key);
      else this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
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
