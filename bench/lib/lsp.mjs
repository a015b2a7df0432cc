// A small LSP client for the benchmark: spawns a server over stdio, answers
// the few requests servers make of clients, and records when every
// publishDiagnostics and $/progress notification arrives. Every wait has a
// timeout. Nothing here touches the network.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export const now = () => performance.now();

export function fileUri(path) {
  return pathToFileURL(path).href;
}

export class TimeoutError extends Error {}

export class LspProcess {
  /**
   * @param {string[]} argv node arguments (script first)
   * @param {{ configuration?: (item: {section?: string}) => unknown, env?: object, label?: string }} options
   */
  constructor(argv, options = {}) {
    this.label = options.label ?? 'server';
    this.spawnedAt = now();
    this.child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    this.stderr = [];
    this.exited = undefined;
    this.child.stderr.on('data', (d) => {
      if (this.stderr.length < 200) this.stderr.push(String(d));
    });
    this.child.on('exit', (code, signal) => (this.exited = code ?? signal ?? 0));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));

    /** uri -> { count, last (ms), diagnostics } */
    this.published = new Map();
    this.publishCount = 0;
    this.lastPublishAt = 0;
    this.publishListeners = new Set();
    this.progress = new Map(); // token -> { begin, end }
    this.progressListeners = new Set();
    this.logMessages = [];

    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      const t = now();
      const entry = this.published.get(p.uri) ?? { count: 0, last: 0, diagnostics: [] };
      entry.count++;
      entry.last = t;
      entry.diagnostics = p.diagnostics;
      this.published.set(p.uri, entry);
      this.publishCount++;
      this.lastPublishAt = t;
      for (const l of this.publishListeners) l(p.uri, t);
    });
    this.connection.onNotification('$/progress', (p) => {
      const t = now();
      const entry = this.progress.get(p.token) ?? {};
      if (p.value?.kind === 'begin') entry.begin = t;
      if (p.value?.kind === 'end') entry.end = t;
      this.progress.set(p.token, entry);
      for (const l of this.progressListeners) l(p, t);
    });
    this.logListeners = new Set();
    this.connection.onNotification('window/logMessage', (p) => {
      if (this.logMessages.length < 100) this.logMessages.push(p.message);
      for (const l of this.logListeners) l(p.message);
    });
    // What files not open in an editor report (corroborate.diagnostics.closedFiles, `auto` decided by the server).
    this.closedFiles = null;
    this.connection.onNotification('corroborate/closedFiles', (p) => (this.closedFiles = p));
    this.connection.onNotification(() => undefined);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.onRequest('workspace/workspaceFolders', () => this.folders ?? null);
    this.connection.onRequest('workspace/configuration', (p) => p.items.map((item) => (options.configuration ? options.configuration(item) : null)));
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  get pid() {
    return this.child.pid;
  }

  async initialize(rootPath, capabilities, initializationOptions) {
    this.folders = rootPath ? [{ uri: fileUri(rootPath), name: 'bench' }] : null;
    const result = await withTimeout(
      this.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: rootPath ? fileUri(rootPath) : null,
        workspaceFolders: this.folders,
        capabilities,
        initializationOptions,
      }),
      60_000,
      `${this.label}: initialize`,
    );
    this.serverCapabilities = result.capabilities ?? {};
    return result;
  }

  initialized() {
    this.initializedAt = now();
    return this.connection.sendNotification('initialized', {});
  }

  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  request(method, params, timeoutMs = 10_000) {
    return withTimeout(this.connection.sendRequest(method, params), timeoutMs, `${this.label}: ${method}`);
  }

  /** Resolves with the next log message (after now) that matches `pattern`; null after `timeoutMs`. */
  nextLog(pattern, timeoutMs) {
    return new Promise((resolve) => {
      const listener = (message) => {
        if (!pattern.test(message)) return;
        cleanup();
        resolve(message);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(null);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.logListeners.delete(listener);
      };
      this.logListeners.add(listener);
    });
  }

  /** Resolves with the arrival time of the next publishDiagnostics for `uri` (after now). */
  nextPublish(uri, timeoutMs) {
    return new Promise((resolve, reject) => {
      const listener = (u, t) => {
        if (u !== uri) return;
        cleanup();
        resolve(t);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new TimeoutError(`${this.label}: no diagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.publishListeners.delete(listener);
      };
      this.publishListeners.add(listener);
    });
  }

  /** Resolves with the time of the first progress `end` notification (or the one already seen). */
  progressEnd(timeoutMs) {
    for (const p of this.progress.values()) if (p.end !== undefined) return Promise.resolve(p.end);
    return new Promise((resolve, reject) => {
      const listener = (p, t) => {
        if (p.value?.kind !== 'end') return;
        cleanup();
        resolve(t);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new TimeoutError(`${this.label}: no $/progress end within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.progressListeners.delete(listener);
      };
      this.progressListeners.add(listener);
    });
  }

  /** Waits until every uri in `uris` has been published at least once. */
  async allPublished(uris, timeoutMs) {
    const missing = new Set(uris.filter((u) => !this.published.has(u)));
    if (missing.size === 0) return;
    await new Promise((resolve, reject) => {
      const listener = (u) => {
        missing.delete(u);
        if (missing.size === 0) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new TimeoutError(`${this.label}: ${missing.size} files never got diagnostics within ${timeoutMs} ms (e.g. ${[...missing][0]})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.publishListeners.delete(listener);
      };
      this.publishListeners.add(listener);
    });
  }

  /**
   * Waits until no publishDiagnostics has arrived for `quietMs`; returns the
   * arrival time of the last one seen (or `since` when none came after it).
   */
  async quiet(quietMs, timeoutMs, since = now()) {
    const deadline = now() + timeoutMs;
    for (;;) {
      const last = Math.max(this.lastPublishAt, since);
      const wait = last + quietMs - now();
      if (wait <= 0) return last;
      if (now() > deadline) throw new TimeoutError(`${this.label}: diagnostics never went quiet within ${timeoutMs} ms`);
      await sleep(Math.min(wait + 1, 100));
    }
  }

  /** Resident set size of the server process, in MB (Linux /proc). */
  rssMB() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      return { rss: rss ? Number(rss[1]) / 1024 : null, peak: hwm ? Number(hwm[1]) / 1024 : null };
    } catch {
      return { rss: null, peak: null };
    }
  }

  async stop(timeoutMs = 5000) {
    if (this.exited === undefined) {
      await this.request('shutdown', undefined, timeoutMs).catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
      await new Promise((resolve) => {
        if (this.exited !== undefined) return resolve();
        const t = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, timeoutMs);
        this.child.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }

  kill() {
    if (this.exited === undefined) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}

/** Milliseconds from `t0` until `arrival` (a promise of an arrival time) resolves; null if it timed out. */
export async function elapsedOrMiss(arrival, t0) {
  try {
    return (await arrival) - t0;
  } catch (e) {
    if (e instanceof TimeoutError) return null;
    throw e;
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
