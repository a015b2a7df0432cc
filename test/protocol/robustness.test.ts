/**
 * Protocol robustness of the real bundled server (dist/server.js over stdio):
 * thousands of requests in a seeded random order — every feature, on known
 * and unknown URIs, at positions past the end, during indexing, amid bursts of
 * didChange with $/cancelRequest, while files are deleted, renamed and
 * recreated — plus a 50 MB article, a binary `.txt` and a non-UTF-8 file.
 * Checks: every request is answered within the budget, never with an internal
 * error; the server never exits; its stderr and log hold no uncaught
 * exception; every URI it returns lies inside the workspace folder; nothing
 * under the folder is written (bytes and mtimes unchanged, apart from the
 * test's own changes).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { FILES } from '../support/navigationFixture';
import { SERVER, TestClient, uri } from '../support/lspClient';

const REQUESTS = Number(process.env.CORROBORATE_PROTOCOL_REQUESTS) || 2500;
const BUDGET_MS = 2000;
/** Fixed in `npm test`; the nightly run (scripts/reliability.mjs) runs several sessions, each on a seed of its own. */
const SEED = Number(process.env.CORROBORATE_PROTOCOL_SEED) || 4242;

let dir: string;
let client: TestClient;
const logs: string[] = [];

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function snapshotFolder(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.set(p, `${st.mtimeMs}:${st.size}:${createHash('sha1').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

/** Every `uri` / `targetUri` / `target` string anywhere in a response. */
function urisIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) urisIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'uri' || k === 'targetUri' || k === 'target') && typeof v === 'string') out.push(v);
      else if (k === 'changes' && v && typeof v === 'object' && !Array.isArray(v)) out.push(...Object.keys(v));
      urisIn(v, out);
    }
  }
  return out;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-robust-'));
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  // Hostile files: a 50 MB article (over the 10 MB default limit), a binary .txt, a non-UTF-8 text.
  const line = 'About 8,000 workers walked out, the Port Authority said. '.repeat(20) + '\n';
  writeFileSync(join(dir, 'huge.txt'), line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
  writeFileSync(join(dir, 'huge.ann.yaml'), 'source: { outlet: Huge }\nannotations:\n  - { kind: note, text: About 8,000 workers }\n');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
  writeFileSync(join(dir, 'binary.ann.yaml'), 'source: { outlet: Bin }\nannotations:\n  - { kind: note, text: abc }\n');
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 cr\xe8me, se\xf1or \xa3 5\n', 'latin1'));
  writeFileSync(join(dir, 'latin1.ann.yaml'), 'source: { outlet: Latin }\nannotations:\n  - { kind: note, text: Café }\n');
  client = await TestClient.start(dir, process.env.PROF_SERVER ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof', SERVER, '--stdio'] : undefined, {
    workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } }, rename: { prepareSupport: true } },
  });
  client.connection.onNotification("window/logMessage", (p: { type: number; message: string }) => void logs.push(`${p.type}: ${p.message}`));
});

after(async () => {
  await client?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('thousands of random requests: answered in time, never an internal error, server alive, URIs inside the workspace, nothing written', async () => {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const root = uri(dir);
  const known = Object.keys(FILES).map((n) => uri(join(dir, n)));
  const hostile = ['huge.txt', 'binary.txt', 'latin1.txt', 'huge.ann.yaml'].map((n) => uri(join(dir, n)));
  const unknown = [uri(join(dir, 'nope.txt')), uri(join(dir, 'nope.ann.yaml')), 'untitled:Untitled-1', 'file:///etc/passwd', uri(join(dir, 'x', '..', '..', 'escape.txt')), 'not a uri'];
  const scratch = uri(join(dir, 'scratch.ann.yaml'));
  const before = snapshotFolder(dir);
  const expectedChanges = new Set<string>();

  // Open one companion so that didChange bursts go somewhere real.
  const open = known.find((u) => u.endsWith('.ann.yaml'))!;
  let version = 1;
  const originalText = FILES[Object.keys(FILES).find((n) => open.endsWith(n))!];
  let openText = originalText;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'yaml', version, text: openText } });

  const position = () => (random() < 0.2 ? { line: Math.floor(random() * 1e6), character: Math.floor(random() * 1e6) } : { line: Math.floor(random() * 30), character: Math.floor(random() * 80) });
  const uriPick = () => (random() < 0.6 ? pick(known) : random() < 0.5 ? pick(hostile) : pick(unknown));
  const REQUEST_KINDS: Array<() => [string, object]> = [
    () => ['textDocument/hover', { textDocument: { uri: uriPick() }, position: position() }],
    () => ['textDocument/definition', { textDocument: { uri: uriPick() }, position: position() }],
    () => ['textDocument/references', { textDocument: { uri: uriPick() }, position: position(), context: { includeDeclaration: random() < 0.5 } }],
    () => ['textDocument/completion', { textDocument: { uri: uriPick() }, position: position() }],
    () => {
      const start = position();
      return ['textDocument/codeAction', { textDocument: { uri: uriPick() }, range: { start, end: { line: start.line, character: start.character + Math.floor(random() * 40) } }, context: { diagnostics: [...(client.diagnostics.get(open) ?? []).slice(0, 3), { range: { start, end: start }, message: 'x', source: 'corroborate', code: pick(['anchor-moved', 'anchor-drifted', 'unknown-key', 'duplicate-id', 'anchor-ambiguous']), data: pick([null, 7, { start: -5 }, { found: 3, span: 'x' }]) }], only: random() < 0.3 ? ['source.fixAll.corroborate'] : undefined } }];
    },
    () => ['textDocument/prepareRename', { textDocument: { uri: uriPick() }, position: position() }],
    () => ['textDocument/rename', { textDocument: { uri: uriPick() }, position: position(), newName: pick(['new-key', '', 'bad name', '\u0000', 'jane-roe']) }],
    () => ['textDocument/semanticTokens/full', { textDocument: { uri: uriPick() } }],
    () => ['textDocument/semanticTokens/range', { textDocument: { uri: uriPick() }, range: { start: position(), end: position() } }],
    () => ['textDocument/documentSymbol', { textDocument: { uri: uriPick() } }],
    () => ['textDocument/documentLink', { textDocument: { uri: uriPick() } }],
    () => ['workspace/symbol', { query: pick(['', 'roe', 'x'.repeat(200), '\ud800']) }],
  ];

  const failures: string[] = [];
  const escapes: string[] = [];
  let slowest = 0;
  let answered = 0;
  let cancelled = 0;
  let id = 0;
  const inFlight = new Set<Promise<void>>();
  const fire = (method: string, params: object, cancel: boolean) => {
    const started = performance.now();
    const n = id;
    const tokenSource = cancel ? new CancellationTokenSource() : undefined;
    const sent: Promise<unknown> = tokenSource ? client.connection.sendRequest(method, params, tokenSource.token) : client.connection.sendRequest(method, params);
    const p = sent
      .then(
        (result: unknown) => {
          answered++;
          for (const u of urisIn(result)) if (!u.startsWith(root + '/')) escapes.push(`${method} -> ${u}`);
        },
        (e: { code?: number; message?: string }) => {
          // Cancelled, or a rename refused with a reason: expected answers. Anything else is a failure.
          if (e.code === -32800) cancelled++;
          else if ((method === 'textDocument/rename' || method === 'textDocument/prepareRename') && e.code === -32803) answered++;
          else failures.push(`${method} ${JSON.stringify(params).slice(0, 200)}: ${e.code} ${e.message}`);
        },
      )
      .finally(() => {
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        if (process.env.DEBUG_ROBUST && ms > 300) console.log('SLOW', n, ms.toFixed(0), method, JSON.stringify(params).slice(0, 300));
        if (ms > BUDGET_MS) failures.push(`${method} took ${ms.toFixed(0)} ms (request ${n}, ${JSON.stringify(params).slice(0, 160)})`);
        inFlight.delete(p);
      });
    inFlight.add(p);
    if (tokenSource && random() < 0.7) setTimeout(() => tokenSource.cancel(), Math.floor(random() * 3));
    id++;
  };

  for (let i = 0; i < REQUESTS; i++) {
    const r = random();
    if (r < 0.04) {
      // A burst of didChange on the open companion, with requests cancelled in between.
      for (let k = 0; k < 10; k++) {
        const at = Math.floor(random() * openText.length);
        const insert = pick(['x', '\n', '  - kind: note\n    text: Roe\n', ': [', '"', '\r\n', '']);
        openText = openText.slice(0, at) + insert + openText.slice(at);
        version++;
        const lines = openText.slice(0, at).split(/\r\n|\r|\n/);
        const pos = { line: lines.length - 1, character: lines[lines.length - 1].length };
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: open, version },
          contentChanges: [{ range: { start: pos, end: pos }, text: insert }],
        });
        const [method, params] = pick(REQUEST_KINDS)();
        fire(method, params, true);
      }
      // Then the buffer is reverted (as undo would), so the burst edits do not pile up.
      openText = originalText;
      version++;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: open, version }, contentChanges: [{ text: openText }] });
    } else if (r < 0.06) {
      // Files deleted, renamed and recreated behind the server's back (with the watcher's notifications).
      const scratchPath = join(dir, 'scratch.ann.yaml');
      const op = pick(['create', 'delete', 'rename']);
      try {
        if (op === 'create') writeFileSync(scratchPath, `source: { outlet: S${i} }\nannotations:\n  - { kind: entity, text: Jane Roe, entity: jane-roe }\n`);
        else if (op === 'delete') rmSync(scratchPath, { force: true });
        else renameSync(scratchPath, join(dir, 'scratch-moved.ann.yaml'));
      } catch {
        // renaming a file that is not there
      }
      expectedChanges.add(scratchPath);
      expectedChanges.add(join(dir, 'scratch-moved.ann.yaml'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: scratch, type: op === 'create' ? 1 : 3 },
          { uri: uri(join(dir, 'scratch-moved.ann.yaml')), type: op === 'rename' ? 1 : 2 },
          { uri: uri(join(dir, 'ghost.txt')), type: 2 },
        ],
      });
    } else {
      const [method, params] = pick(REQUEST_KINDS)();
      fire(method, params, random() < 0.05);
    }
    // Keep a bounded number in flight, as an editor does.
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
  // workspace/executeCommand: the server offers no command; asking must not crash it or write anything.
  await client.connection.sendRequest('workspace/executeCommand', { command: 'corroborate.anything', arguments: [dir] }).catch(() => undefined);
  await Promise.all(inFlight);

  // The server is alive and still answers.
  const alive = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: known[0] } });
  assert.ok(Array.isArray(alive));
  assert.equal(client.exited, undefined, 'the server exited');

  // The 50 MB article got a limit message, the binary and latin-1 files an unreadable one.
  await client.waitFor('diagnostics of the hostile files', () =>
    ['huge.txt', 'binary.txt', 'latin1.txt'].every((n) => (client.diagnostics.get(uri(join(dir, n))) ?? []).length > 0) || undefined,
  );
  const huge = JSON.stringify(client.diagnostics.get(uri(join(dir, 'huge.txt'))));
  assert.match(huge, /maxFileSizeMB/);

  console.log(`robustness: ${id} requests, ${answered} answered, ${cancelled} cancelled, slowest ${slowest.toFixed(0)} ms`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} requests failed`);
  assert.deepEqual(escapes.slice(0, 20), [], 'a URI outside the workspace was returned');
  const stderr = client.stderr.join('');
  assert.doesNotMatch(stderr, /Uncaught|Unhandled|TypeError|RangeError|ReferenceError|at .*\.js:\d+/, `server stderr: ${stderr.slice(0, 2000)}`);
  const errors = logs.filter((l) => /^1: /.test(l) || /failed|exception/i.test(l));
  assert.deepEqual(errors.slice(0, 10), [], 'errors logged by the server');

  // Nothing written by the server: every file not touched by the test has the same bytes and mtime.
  const now = snapshotFolder(dir);
  for (const [p, sig] of before) if (!expectedChanges.has(p)) assert.equal(now.get(p), sig, `${p} changed`);
  for (const p of now.keys()) assert.ok(before.has(p) || expectedChanges.has(p), `${p} was created`);
});
