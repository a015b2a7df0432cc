/**
 * Writing the warm-start cache (warmCache.ts `WarmCache`), against a
 * stand-in corpus and publisher and a real storage folder: the first write
 * after an index holds what was sent; a later one keeps the rows whose key
 * is still what was last sent and works out the others again; and a write
 * that gives way to a change keeps its work only where the file's key has
 * not changed since.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import type { Corpus } from '../../server/src/core/corpus';
import { DiagnosticsTables } from '../../server/src/lsp/diagnosticsCodec';
import { CACHE_FILE, WarmCache, type RecordingWorkspace, type SentDiagnostics } from '../../server/src/lsp/warmCache';

const DOSSIER = 'file:///w/dossier.yaml';
const FILES = [DOSSIER, 'file:///w/a.ann.yaml', 'file:///w/b.ann.yaml', 'file:///w/c.ann.yaml'];
const [, A, B] = FILES;

const folder = mkdtempSync(join(tmpdir(), 'corroborate-cache-write-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function diagnostic(message: string): Diagnostic {
  return { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } }, severity: 3, code: 'claim-contested', source: 'corroborate', message };
}

/** The corpus as the cache reads it: one scope of four files. */
const corpus = {
  version: 1,
  isIndexing: false,
  maxFileBytes: 10_000_000,
  scopeKey: () => DOSSIER,
  allDossiers: () => [{ uri: DOSSIER }],
  allCompanions: () => FILES.slice(1).map((uri) => ({ uri })),
  allArticles: () => [],
  filesWithDiagnostics: () => FILES,
};
const workspace = { pending: 0, stamps: new Map(FILES.map((uri) => [uri, { hash: `hash of ${uri}` }])) };

/** What the publisher last sent, by file; working out one file's diagnostics can be made slow (a slice's worth). */
class Publisher implements SentDiagnostics {
  readonly shown = new Map<string, { key: number; diagnostics: Diagnostic[] }>();
  slow: string | undefined;
  workedOut: string[] = [];
  sentKey(uri: string): number | undefined {
    return this.shown.get(uri)?.key;
  }
  diagnosticsNow(uri: string): Diagnostic[] {
    this.workedOut.push(uri);
    if (uri === this.slow) for (const until = performance.now() + 15; performance.now() < until; );
    return this.shown.get(uri)!.diagnostics;
  }
  settled(): boolean {
    return true;
  }
  show(uri: string, key: number, message: string): Diagnostic[] {
    const diagnostics = [diagnostic(message)];
    this.shown.set(uri, { key, diagnostics });
    return diagnostics;
  }
}

function cacheWith(publisher: Publisher, logs: string[], giveWay: () => Promise<void> = async () => undefined): WarmCache {
  const cache = new WarmCache(folder, corpus as unknown as Corpus, workspace as unknown as RecordingWorkspace, publisher, () => undefined, giveWay, (m) => logs.push(m));
  cache.setKey('settings');
  return cache;
}

/** Each file's diagnostics as the cache file holds them. */
function written(): Map<string, Diagnostic[]> {
  const file = JSON.parse(readFileSync(join(folder, CACHE_FILE), 'utf8')) as { tables: unknown; files: Array<[string, string, unknown, number, number[]]> };
  const tables = DiagnosticsTables.fromJSON(file.tables)!;
  return new Map(file.files.map((row) => [row[0], tables.decode(row[4])]));
}

const shownNow = (p: Publisher) => new Map([...p.shown].map(([uri, s]) => [uri, s.diagnostics]));

test('a write that gives way to a change keeps what it worked out only where the key is the same', async () => {
  // An index: every file sent, each held as sent until the first write.
  const publisher = new Publisher();
  const logs: string[] = [];
  const first = cacheWith(publisher, logs);
  first.indexing();
  FILES.forEach((uri, i) => first.recordSent(uri, publisher.show(uri, i + 1, `first ${i}`), i + 1, true));
  first.indexed();
  first.afterPass();
  await first.flush();
  assert.match(logs.pop() ?? '', /cache written: 4 files \(4 as sent, 0 kept from the last cache, 0 worked out again\)/);
  assert.deepEqual(publisher.workedOut, []);
  assert.deepEqual(written(), shownNow(publisher));

  // A new server: A and B were sent again since (their keys changed). Working out B takes a slice,
  // and the client makes a change meanwhile: the write gives way.
  const second = cacheWith(publisher, logs, async () => {
    corpus.version++;
  });
  second.indexed();
  publisher.show(A, 10, 'A edited');
  publisher.show(B, 20, 'B edited');
  publisher.slow = B;
  second.afterPass();
  await new Promise((resolve) => setTimeout(resolve, 5500)); // the write after an index comes 5 s after the pass
  assert.deepEqual(publisher.workedOut, [A, B]);
  assert.equal(logs.length, 0, 'nothing written yet');
  assert.deepEqual(written().get(B), [diagnostic('first 2')]);

  // B changes again before the next pass: its row worked out before must not be kept; A's is.
  publisher.show(B, 30, 'B edited again');
  publisher.slow = undefined;
  second.afterPass();
  await second.flush();
  assert.match(logs.pop() ?? '', /cache written: 4 files \(0 as sent, 2 kept from the last cache, 2 worked out again\)/);
  assert.deepEqual(publisher.workedOut, [A, B, B]);
  assert.deepEqual(written(), shownNow(publisher));
});
