/**
 * How long the server's request handlers take, measured where the work is
 * done: from the moment a handler is called until its answer is ready
 * (waiting for what it needs to be indexed included; time spent queued
 * behind other messages and the JSON on the wire not). The client-side
 * figure, which includes those, is what a benchmark measures on its own.
 * Answered on `corroborate/stats`.
 */
import type { Connection } from 'vscode-languageserver';

/** The last this many durations per request are kept. */
const KEEP = 1000;

/** The connection's request registrations, by the name their durations are kept under. */
const REQUESTS: Readonly<Record<string, string>> = {
  onHover: 'textDocument/hover',
  onDefinition: 'textDocument/definition',
  onReferences: 'textDocument/references',
  onCompletion: 'textDocument/completion',
  onCodeAction: 'textDocument/codeAction',
  onCodeActionResolve: 'codeAction/resolve',
  onCodeLens: 'textDocument/codeLens',
  onDocumentLinks: 'textDocument/documentLink',
  onDocumentSymbol: 'textDocument/documentSymbol',
  onWorkspaceSymbol: 'workspace/symbol',
  onPrepareRename: 'textDocument/prepareRename',
  onRenameRequest: 'textDocument/rename',
};

export interface RequestFigures {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export class RequestTimes {
  private readonly times = new Map<string, { at: number; ms: Float64Array; n: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  add(method: string, ms: number): void {
    let t = this.times.get(method);
    if (!t) this.times.set(method, (t = { at: 0, ms: new Float64Array(KEEP), n: 0 }));
    t.ms[t.at] = ms;
    t.at = (t.at + 1) % KEEP;
    t.n = Math.min(t.n + 1, KEEP);
  }

  /** p50, p99 (nearest rank) and the slowest of the last durations kept, per request method, in ms. */
  summary(): Record<string, RequestFigures> {
    const out: Record<string, RequestFigures> = {};
    for (const [method, t] of this.times) {
      const sorted = Array.from(t.ms.subarray(0, t.n)).sort((a, b) => a - b);
      const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
      out[method] = { n: t.n, p50: rank(50), p99: rank(99), max: sorted[sorted.length - 1]! };
    }
    return out;
  }

  reset(): void {
    this.times.clear();
  }

  /** Times a handler: its durations are kept under `method`. */
  timed<A extends unknown[], R>(method: string, handler: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      const started = this.now();
      const done = () => this.add(method, this.now() - started);
      let result: R;
      try {
        result = handler(...args);
      } catch (e) {
        done();
        throw e;
      }
      if (isThenable(result)) {
        result.then(done, done);
      } else {
        done();
      }
      return result;
    };
  }

  /**
   * The connection as features see it: every request handler they register
   * (the ones in REQUESTS, and `onRequest` by its method name) is timed.
   */
  timing(connection: Connection): Connection {
    return new Proxy(connection, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || typeof value !== 'function') return value;
        const method = REQUESTS[prop];
        if (method) return (handler: (...args: unknown[]) => unknown) => value.call(target, this.timed(method, handler));
        if (prop === 'onRequest') {
          return (name: unknown, handler: unknown) =>
            typeof name === 'string' && typeof handler === 'function'
              ? value.call(target, name, this.timed(name, handler as (...args: unknown[]) => unknown))
              : value.call(target, name, handler);
        }
        return value.bind(target);
      },
    });
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
