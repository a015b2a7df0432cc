/**
 * A minimal LSP client for protocol tests: spawns the real bundled server
 * (`dist/server.js --stdio`), speaks JSON-RPC over its stdio, and collects
 * published diagnostics so tests can wait on them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times each file's diagnostics were published. */
  readonly publishes = new Map<string, number>();
  private readonly waiters: Array<() => void> = [];
  readonly stderr: string[] = [];
  /** What the server logged (`window/logMessage`). */
  readonly logs: string[] = [];
  exited: number | null | undefined;
  /** Every `publishDiagnostics` in order of arrival, with how many indexing passes had ended by then. */
  readonly published: Array<{ uri: string; indexingEnded: number }> = [];
  /** Called with every `publishDiagnostics`, after it is recorded. */
  readonly publishListeners: Array<(p: PublishDiagnosticsParams) => void> = [];
  /** How many work-done progress reports (indexing passes) have ended. */
  indexingEnded = 0;
  /** The diagnostics published before the first indexing pass ended (as they stood then). */
  diagnosticsAtFirstIndexEnd: Map<string, Diagnostic[]> | undefined;
  /** What the server answered to `initialize`. */
  initializeResult: InitializeResult | undefined;

  private constructor(readonly child: ChildProcess) {
    this.connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    child.stderr!.on('data', (d) => this.stderr.push(String(d)));
    child.on('exit', (code) => (this.exited = code));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published.push({ uri: p.uri, indexingEnded: this.indexingEnded });
      this.publishes.set(p.uri, (this.publishes.get(p.uri) ?? 0) + 1);
      for (const l of this.publishListeners) l(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('$/progress', (p: { token: unknown; value: { kind: string } }) => {
      if (p.value?.kind === 'end' && this.indexingEnded++ === 0) this.diagnosticsAtFirstIndexEnd = new Map(this.diagnostics);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.connection.listen();
  }

  /** `extra.initialize` replaces fields of the initialize params (e.g. `rootPath` alone, without `rootUri` and `workspaceFolders`). */
  static async start(
    rootPath: string,
    serverArgs: string[] = [SERVER, '--stdio'],
    extra: { workspace?: object; textDocument?: object; initialize?: object } = {},
  ): Promise<TestClient> {
    const child = spawn(process.execPath, serverArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(child);
    client.initializeResult = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: uri(rootPath),
      workspaceFolders: [{ uri: uri(rootPath), name: 'test' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, ...extra.workspace },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true }, ...extra.textDocument },
      },
      ...extra.initialize,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Waits until a predicate over the published diagnostics holds. */
  async waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last diagnostics: ${this.dump()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until a file's diagnostics satisfy a predicate; returns them. */
  diagnosticsOf(fileUri: string, ok: (ds: Diagnostic[]) => boolean, what: string, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(what, () => {
      const ds = this.diagnostics.get(fileUri);
      return ds && ok(ds) ? ds : undefined;
    }, timeoutMs);
  }

  /** Waits for the first indexing pass to end (the server reports it as work-done progress). */
  indexed(timeoutMs?: number): Promise<true> {
    return this.waitFor('indexing to end', () => this.indexingEnded > 0 || undefined, timeoutMs);
  }

  /**
   * Writes several messages in one write, so the server receives them
   * together, before it handles the first: what a client does when it sends
   * faster than the server answers.
   */
  sendAtOnce(messages: object[]): void {
    const frames = messages.map((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    this.child.stdin!.write(Buffer.concat(frames));
  }

  /**
   * Waits for the responses to requests sent with `sendAtOnce` (their ids
   * are strings, which the connection here never uses itself).
   */
  async rawResponses(ids: string[], timeoutMs = 10_000): Promise<Map<string, { result?: unknown; error?: { code: number; message: string } }>> {
    let raw = '';
    const listen = (chunk: Buffer) => (raw += chunk.toString('utf8'));
    this.child.stdout!.on('data', listen);
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = new Map<string, { result?: unknown; error?: { code: number; message: string } }>();
        for (const part of raw.split(/Content-Length: \d+\r\n\r\n/)) {
          try {
            const m = JSON.parse(part) as { id?: unknown; result?: unknown; error?: { code: number; message: string } };
            if (typeof m.id === 'string' && ids.includes(m.id)) found.set(m.id, m);
          } catch {
            // not a whole message yet
          }
        }
        if (found.size === ids.length) return found;
        if (Date.now() > deadline) throw new Error(`no answer to ${ids.filter((id) => !found.has(id)).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      this.child.stdout!.off('data', listen);
    }
  }

  dump(): string {
    const out: string[] = [];
    for (const [u, ds] of this.diagnostics) for (const d of ds) out.push(`${u.split("/").pop()}:${d.range.start.line}: ${d.code} ${messageOf(d)}`);
    return out.join('\n  ') || '(none)';
  }

  async stop(): Promise<void> {
    if (this.exited === undefined) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (this.exited !== undefined) return resolve();
        const t = setTimeout(() => {
          this.child.kill();
          resolve();
        }, 3000);
        this.child.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }
}

export function uri(path: string): string {
  return pathToFileURL(path).href;
}

/** A diagnostic's message as plain text (LSP 3.18 also allows Markup). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
