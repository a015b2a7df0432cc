/**
 * Warm start through the real bundled server (dist/server.js over stdio): a
 * copy of samples/ (two scopes: the root dossier and broken/'s) and a
 * storage folder given in `initializationOptions.storagePath`. The second
 * start publishes the first start's diagnostics before its index ends; a
 * scope with a changed file (same size, mtime set back) is not served from
 * the cache and ends with diagnostics that reflect the change; a corrupt
 * cache is ignored; nothing is written into the workspace.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, uri } from '../support/lspClient';

let work: string;
let dir: string;
let storage: string;
/** Every file's diagnostics after the first start's index, by URI. */
let first: Map<string, Diagnostic[]>;

const CACHE = () => join(storage, 'warm-start.json');

function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(`${p} ${statSync(p).size}`);
    }
  };
  walk(root);
  return out.sort();
}

/** Starts the server with the storage folder, waits for its index and for every file of `expected` to be published, and for quiet. */
async function run(expected?: Iterable<string>): Promise<TestClient> {
  const client = await TestClient.start(dir, undefined, { initialize: { initializationOptions: { storagePath: storage } } });
  await client.indexed(30_000);
  if (expected) {
    const files = [...expected];
    await client.waitFor('every file published', () => files.every((f) => client.diagnostics.has(f)) || undefined, 30_000);
  }
  await quiet(client);
  return client;
}

/** Waits until no diagnostics have arrived for 1.5 s (the cache itself is written when the server stops). */
async function quiet(client: TestClient): Promise<void> {
  let last = JSON.stringify([...client.diagnostics]);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1500));
    const now = JSON.stringify([...client.diagnostics]);
    if (now === last) return;
    last = now;
  }
}

/** The server's log line about the warm start. */
function warmLog(client: TestClient): string {
  return client.logs.find((l) => l.includes('warm start:')) ?? `(no warm-start log in ${JSON.stringify(client.logs)})`;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'corroborate-warm-'));
  dir = join(work, 'workspace');
  storage = join(work, 'storage');
  cpSync(join(ROOT, 'samples'), dir, { recursive: true });
  // Files older than the "racy" window, so the second start may trust their stat.
  await new Promise((r) => setTimeout(r, 3200));
  const before = listing(dir);
  // Every dossier, companion, and article with a companion (all of samples/' articles have one).
  const expected = before
    .map((line) => line.slice(0, line.lastIndexOf(' ')))
    .filter((p) => /(\.ann\.yaml|dossier\.yaml)$/.test(p) || (p.endsWith('.txt') && existsSync(p.replace(/\.txt$/, '.ann.yaml'))))
    .map(uri);
  const client = await run(expected);
  first = new Map(client.diagnostics);
  await client.stop();
  assert.deepEqual(listing(dir), before, 'nothing is written into the workspace');
  assert.ok(existsSync(CACHE()), 'the cache is written in the storage folder');
  assert.ok(first.size >= 12, `every file is published (${first.size})`);
  assert.ok([...first.values()].some((ds) => ds.some((d) => d.relatedInformation?.length)), 'the samples have cross-source findings');
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('a second start publishes the cached diagnostics before its index ends, the same as the first start', async () => {
  const client = await run(first.keys());
  try {
    const early = client.diagnosticsAtFirstIndexEnd!;
    assert.match(warmLog(client), new RegExp(`: ${first.size} files' diagnostics from the cache \\(2 scopes unchanged, 0 to index\\)`));
    for (const [file, ds] of first) assert.deepEqual(early.get(file), ds, `${file} before the index ended`);
    for (const [file, ds] of first) assert.deepEqual(client.diagnostics.get(file), ds, `${file} after the index`);
    // Neither held back during the index nor sent again after it: what the cache sent stands.
    for (const file of first.keys()) assert.equal(client.publishes.get(file), 1, `${file} is published once`);
  } finally {
    await client.stop();
  }
});

test('a start that changes nothing writes the cache back as it was, taking every file from it', async () => {
  const before = JSON.parse(readFileSync(CACHE(), 'utf8')) as unknown;
  const client = await run(first.keys());
  await client.stop();
  assert.ok(
    client.logs.some((l) => new RegExp(`warm-start cache written: ${first.size} files \\(0 as sent, ${first.size} kept from the last cache, 0 worked out again\\)`).test(l)),
    JSON.stringify(client.logs),
  );
  assert.deepEqual(JSON.parse(readFileSync(CACHE(), 'utf8')), before);
});

test('a cache written in one line (by an earlier version) is served, and read back when written again', async () => {
  const text = readFileSync(CACHE(), 'utf8');
  assert.ok(text.split('\n').length > first.size, 'the cache is written a line per table entry and per file');
  writeFileSync(CACHE(), JSON.stringify(JSON.parse(text)));
  const client = await run(first.keys());
  try {
    assert.match(warmLog(client), new RegExp(`: ${first.size} files' diagnostics from the cache \\(2 scopes unchanged, 0 to index\\)`));
  } finally {
    await client.stop();
  }
  assert.ok(client.logs.some((l) => l.includes(`(0 as sent, ${first.size} kept from the last cache, 0 worked out again)`)), JSON.stringify(client.logs));
  assert.deepEqual(JSON.parse(readFileSync(CACHE(), 'utf8')), JSON.parse(text));
});

test('a file open in an editor when the server starts gets its cached diagnostics first; stopping before the index ends keeps the cache', async () => {
  // The last file the cache lists, opened as an editor restored with the window would be (its text as on disk).
  const cache = JSON.parse(readFileSync(CACHE(), 'utf8')) as { files: Array<[string]> };
  const last = cache.files[cache.files.length - 1][0];
  assert.notEqual(last, cache.files[0][0]);
  const text = readFileSync(new URL(last), 'utf8');
  const client = await TestClient.start(dir, undefined, { initialize: { initializationOptions: { storagePath: storage } } });
  try {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: last, languageId: last.endsWith('.txt') ? 'plaintext' : 'yaml', version: 1, text } });
    await client.waitFor('a first file', () => client.published.length > 0 || undefined, 30_000);
    assert.equal(client.published[0].uri, last);
    assert.deepEqual(client.diagnostics.get(last), first.get(last));
  } finally {
    // Closed at once, before the index has even begun: what the server writes must not replace the cache with less.
    await client.stop();
  }
  const again = await run(first.keys());
  try {
    assert.match(warmLog(again), new RegExp(`: ${first.size} files' diagnostics from the cache \\(2 scopes unchanged, 0 to index\\)`));
  } finally {
    await again.stop();
  }
});

test('a file open in an editor keeps its cached diagnostics while the index runs: no fewer findings meanwhile', async () => {
  // A workspace whose index takes a while: the samples' root scope, plus copies of its sources indexed before them.
  const big = join(work, 'big');
  const bigStorage = join(work, 'big-storage');
  for (const name of readdirSync(dir)) if (!name.startsWith('broken')) cpSync(join(dir, name), join(big, name), { recursive: true });
  const sources = readdirSync(dir).filter((n) => n.endsWith('.ann.yaml')).map((n) => n.slice(0, -'.ann.yaml'.length));
  for (let i = 0; i < 40; i++) {
    for (const s of sources) {
      cpSync(join(dir, `${s}.txt`), join(big, 'a-copies', `${s}-${i}.txt`));
      cpSync(join(dir, `${s}.ann.yaml`), join(big, 'a-copies', `${s}-${i}.ann.yaml`));
    }
  }
  const open = uri(join(big, 'harbour-post.ann.yaml'));
  const text = readFileSync(join(big, 'harbour-post.ann.yaml'), 'utf8');
  const start = async (seen?: Diagnostic[][]) => {
    const client = await TestClient.start(big, undefined, { initialize: { initializationOptions: { storagePath: bigStorage } } });
    client.publishListeners.push((p) => {
      if (p.uri === open) seen?.push(p.diagnostics);
    });
    return client;
  };
  await new Promise((r) => setTimeout(r, 3200)); // older than the racy window
  const cold = await start();
  let full: Diagnostic[];
  try {
    await cold.indexed(60_000);
    await cold.diagnosticsOf(open, () => true, 'the file to open', 60_000);
    await quiet(cold);
    full = cold.diagnostics.get(open)!;
    assert.ok(full.some((d) => d.relatedInformation?.length), 'the opened file has cross-source findings');
  } finally {
    await cold.stop();
  }
  const seen: Diagnostic[][] = [];
  const warm = await start(seen);
  try {
    await warm.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'yaml', version: 1, text } });
    await warm.indexed(60_000);
    await warm.waitFor('the file to be published after the index', () => seen.length > 0 && JSON.stringify(seen[seen.length - 1]) === JSON.stringify(full), 60_000).catch(() => undefined);
    await quiet(warm);
    assert.match(warmLog(warm), /files' diagnostics from the cache \(1 scopes unchanged, 0 to index\)/);
    const cached = seen.findIndex((ds) => JSON.stringify(ds) === JSON.stringify(full));
    assert.ok(cached >= 0, `the cached diagnostics were published: ${JSON.stringify(seen.map((ds) => ds.length))}`);
    for (const ds of seen.slice(cached)) assert.deepEqual(ds, full, `published after the cached ones (counts: ${JSON.stringify(seen.map((d) => d.length))})`);
  } finally {
    await warm.stop();
  }
});

test('a changed file (same size, mtime set back) keeps its scope out of the cache; its diagnostics reflect the change', async () => {
  const path = join(dir, 'harbour-post.ann.yaml');
  const original = readFileSync(path, 'utf8');
  const { atime, mtime } = statSync(path);
  // One letter of an anchored text changes: the short text no longer anchors (anchor-orphaned).
  writeFileSync(path, original.replace('text: Rafael Soto', 'text: Rafael Sota'));
  utimesSync(path, atime, mtime);
  const changed = uri(path);
  const rootScope = [...first.keys()].filter((f) => !f.includes('/broken/'));
  const brokenScope = [...first.keys()].filter((f) => f.includes('/broken/'));
  assert.ok(brokenScope.length >= 5 && rootScope.length >= 6);
  try {
    const client = await run(first.keys());
    try {
      const early = client.diagnosticsAtFirstIndexEnd!;
      assert.match(warmLog(client), new RegExp(`: ${brokenScope.length} files' diagnostics from the cache \\(1 scopes unchanged, 1 to index\\)`));
      for (const f of brokenScope) assert.deepEqual(early.get(f), first.get(f), `${f} (unchanged scope) is served from the cache`);
      assert.notDeepEqual(early.get(changed), first.get(changed), 'the changed file is not served from the cache');
      const now = client.diagnostics.get(changed) ?? [];
      assert.ok(now.some((d) => d.code === 'anchor-orphaned'), 'the change shows');
      assert.notDeepEqual(now, first.get(changed));
    } finally {
      await client.stop();
    }
    // The cache written after that start has the changed file's new diagnostics.
    const again = await run(first.keys());
    try {
      const early = again.diagnosticsAtFirstIndexEnd!;
      assert.ok((early.get(changed) ?? []).some((d) => d.code === 'anchor-orphaned'), 'served from the updated cache');
    } finally {
      await again.stop();
    }
  } finally {
    writeFileSync(path, original);
  }
});

test('a deleted file keeps its scope out of the cache; the other scope is served', async () => {
  // A start on the files as they are now (the test before restored a file), so the cache is current.
  await (await run(first.keys())).stop();
  const path = join(dir, 'broken', 'night-shift.txt');
  const original = readFileSync(path);
  rmSync(path);
  const rootScope = [...first.keys()].filter((f) => !f.includes('/broken/'));
  try {
    const client = await run(rootScope);
    try {
      assert.match(warmLog(client), new RegExp(`: ${rootScope.length} files' diagnostics from the cache \\(1 scopes unchanged, 1 to index\\)`));
      for (const f of rootScope) assert.deepEqual(client.diagnosticsAtFirstIndexEnd!.get(f), first.get(f), `${f} is served from the cache`);
      const companion = uri(join(dir, 'broken', 'night-shift.ann.yaml'));
      assert.ok((client.diagnostics.get(companion) ?? []).some((d) => d.code === 'companion-without-article'), client.dump());
    } finally {
      await client.stop();
    }
  } finally {
    writeFileSync(path, original);
  }
});

test('a corrupt cache is ignored and replaced', async () => {
  for (const corrupt of ['{"format":"corroborate-warm-start/1","key":', '[1,2,3]', '\u0000\u0001binary']) {
    writeFileSync(CACHE(), corrupt);
    const client = await run(first.keys());
    try {
      assert.match(warmLog(client), /cache not used \(unreadable/);
      for (const [file, ds] of first) assert.deepEqual(client.diagnostics.get(file), ds, `${file} after the index`);
      assert.equal(client.stderr.join('').includes('uncaught'), false, client.stderr.join(''));
    } finally {
      await client.stop();
    }
    assert.notEqual(readFileSync(CACHE(), 'utf8'), corrupt, 'the cache is written again');
  }
});

test('a storage folder inside the workspace is refused: no cache, nothing written there', async () => {
  const inside = join(dir, 'store');
  const before = listing(dir);
  const client = await TestClient.start(dir, undefined, { initialize: { initializationOptions: { storagePath: inside } } });
  try {
    await client.indexed(30_000);
    await client.waitFor('every file published', () => [...first.keys()].every((f) => client.diagnostics.has(f)) || undefined, 30_000);
    await quiet(client);
    assert.ok(client.logs.some((l) => l.includes('lies inside the workspace')), JSON.stringify(client.logs));
  } finally {
    await client.stop();
  }
  assert.equal(existsSync(inside), false);
  assert.deepEqual(listing(dir), before);
});

test('after edits, the cache written at shutdown works out again only what was sent since, and the next start shows what was shown', async () => {
  const path = join(dir, 'harbour-post.ann.yaml');
  const original = readFileSync(path, 'utf8');
  // Rafael Soto now denies the claim the other sources assert: their "is contested" findings change too.
  const edited = original.replace('    stance: asserts\n    claimant: rafael-soto\n', '    stance: denies\n    claimant: rafael-soto\n');
  assert.notEqual(edited, original);
  const file = uri(path);
  const other = uri(join(dir, 'continental-dispatch.ann.yaml'));
  try {
    const client = await run(first.keys());
    let shown: Map<string, Diagnostic[]>;
    try {
      // The write that follows the index (a few seconds after it), before the edit.
      await client.waitFor('the cache written after the index', () => client.logs.some((l) => l.includes('warm-start cache written')) || undefined, 30_000);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: file, languageId: 'yaml', version: 1, text: original } });
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: file, version: 2 }, contentChanges: [{ text: edited }] });
      writeFileSync(path, edited); // saved
      const contested = (ds: Diagnostic[]) => ds.some((d) => d.code === 'claim-contested' && String(d.message).includes('denied by Rafael Soto (The Harbour Post)'));
      assert.equal(contested(first.get(other) ?? []), false);
      await client.diagnosticsOf(other, contested, 'the other source to see the figure', 30_000);
      await quiet(client);
      shown = new Map(client.diagnostics);
    } finally {
      await client.stop();
    }
    const written = client.logs.filter((l) => l.includes('warm-start cache written')).pop() ?? JSON.stringify(client.logs);
    const counts = /\((\d+) as sent, (\d+) kept from the last cache, (\d+) worked out again\)/.exec(written);
    assert.ok(counts, written);
    const [sent, kept, worked] = counts.slice(1).map(Number);
    // Worked out again: the files whose diagnostics changed since the write after the index (which had the first start's).
    const changed = [...first.keys()].filter((f) => JSON.stringify(shown.get(f)) !== JSON.stringify(first.get(f)));
    assert.ok(changed.includes(other), JSON.stringify(changed));
    assert.deepEqual([sent, kept, worked], [0, first.size - changed.length, changed.length], written);

    const again = await run(first.keys());
    try {
      assert.match(warmLog(again), new RegExp(`: ${first.size} files' diagnostics from the cache \\(2 scopes unchanged, 0 to index\\)`));
      for (const f of first.keys()) assert.deepEqual(again.diagnosticsAtFirstIndexEnd!.get(f), shown.get(f), `${f} as shown before the restart`);
    } finally {
      await again.stop();
    }
  } finally {
    writeFileSync(path, original);
  }
});
