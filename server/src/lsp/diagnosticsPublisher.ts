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
    const now = new Set(this.corpus.filesWithDiagnostics());
    for (const uri of now) {
      const diagnostics = this.corpus.diagnostics(uri).map((d) => toLspDiagnostic(d, this.withRelated));
      const key = JSON.stringify(diagnostics);
      if (this.sent.get(uri) === key) continue;
      this.sent.set(uri, key);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of [...this.sent.keys()]) {
      if (now.has(uri)) continue;
      this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}
