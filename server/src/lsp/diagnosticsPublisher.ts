/**
 * Publishes the core's diagnostics for every indexed file, open or not, so
 * the Problems panel shows the whole dossier. Publishing is batched: many
 * changes in a burst (typing, a git checkout) lead to one pass, and only
 * files whose diagnostics changed are sent.
 */
import type { Connection } from 'vscode-languageserver';
import type { Corpus } from '../core/corpus';
import { toLspDiagnostic } from './convert';

const DELAY_MS = 25;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private readonly sent = new Map<string, string>();
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
      const key = diagnostics.length ? JSON.stringify(diagnostics) : '';
      // Only changes are sent; a file never published with problems needs no empty list.
      if ((this.sent.get(uri) ?? '') === key) continue;
      if (key) this.sent.set(uri, key);
      else this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
      sent++;
    }
    this.afterPublish?.(sent);
  }
}
