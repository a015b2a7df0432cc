/**
 * What a client sees while a workspace of a few hundred files is indexed:
 * an open file is checked at once, every other file's diagnostics arrive
 * once, complete, after the index, instead of a first partial set that a
 * second one replaces a moment later.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TestClient, uri } from '../support/lspClient';

let dir: string;
let root: string;
let files: Awaited<ReturnType<typeof generate>>['files'];

/** The benchmark's seeded generator: articles with ~30 annotations each, figures shared and contested across sources. */
async function generate(into: string) {
  const { ensureCorpus } = await import('../../bench/lib/corpus.mjs');
  return ensureCorpus(into, 11, 150);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-indexing-'));
  const corpus = await generate(dir);
  root = corpus.root;
  files = corpus.files;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Waits until no diagnostics have arrived for `quietMs`. */
async function quiet(client: TestClient, quietMs: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (seen !== client.published.length) {
    if (Date.now() > deadline) throw new Error('diagnostics never stopped arriving');
    seen = client.published.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

test('each closed file is published once, after the index, with its cross-source findings', async () => {
  const opened = uri(join(root, files[files.length - 1].companion));
  const client = await TestClient.start(root);
  try {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: opened, languageId: 'corroborate-annotations', version: 1, text: readFileSync(new URL(opened), 'utf8') },
    });
    await client.indexed(60_000);
    const everyFile = [uri(join(root, 'dossier.yaml')), ...files.flatMap((f) => [uri(join(root, f.article)), uri(join(root, f.companion))])];
    await client.waitFor('every file to be published', () => everyFile.every((u) => client.diagnostics.has(u)), 60_000);
    await quiet(client, 500);

    const closed = client.published.filter((p) => p.uri !== opened);
    const early = closed.filter((p) => p.indexingEnded === 0).map((p) => p.uri);
    assert.deepEqual(early, [], 'closed files published before the index ended');
    const times = new Map<string, number>();
    for (const p of closed) times.set(p.uri, (times.get(p.uri) ?? 0) + 1);
    const twice = [...times].filter(([, n]) => n > 1).map(([u]) => u);
    assert.deepEqual(twice, [], 'closed files published more than once');
    // What they got is the whole story: cross-source findings included.
    const crossSource = [...client.diagnostics.values()].flat().filter((d) => /^(figure|claim|quote)-/.test(String(d.code)));
    assert.ok(crossSource.length > 0, 'no cross-source finding was published');
    // The open file was checked too, and ends with the same findings as a closed one would.
    assert.ok(client.published.some((p) => p.uri === opened));
  } finally {
    await client.stop();
  }
});

test('a warm start on a few hundred files publishes every file from the cache, as the cold index left it, before its index ends', async () => {
  const storage = mkdtempSync(join(tmpdir(), 'corroborate-indexing-storage-'));
  const options = { initialize: { initializationOptions: { storagePath: storage } } };
  const everyFile = [uri(join(root, 'dossier.yaml')), ...files.flatMap((f) => [uri(join(root, f.article)), uri(join(root, f.companion))])];
  try {
    const cold = await TestClient.start(root, undefined, options);
    let shown: Map<string, unknown>;
    try {
      await cold.indexed(60_000);
      await cold.waitFor('every file to be published', () => everyFile.every((u) => cold.diagnostics.has(u)), 60_000);
      await quiet(cold, 500);
      shown = new Map(cold.diagnostics);
    } finally {
      await cold.stop(); // writes the cache
    }
    const warm = await TestClient.start(root, undefined, options);
    try {
      await warm.indexed(60_000);
      const early = warm.diagnosticsAtFirstIndexEnd!;
      // More files than the server lets wait to be written at once: all of them, each as it was.
      assert.ok(everyFile.length > 300, `${everyFile.length} files`);
      assert.match(warm.logs.find((l) => l.includes('warm start:')) ?? '(no warm-start log)', new RegExp(`: ${everyFile.length} files' diagnostics from the cache`));
      for (const u of everyFile) assert.deepEqual(early.get(u), shown.get(u), `${u} before the index ended`);
    } finally {
      await warm.stop();
    }
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
});
