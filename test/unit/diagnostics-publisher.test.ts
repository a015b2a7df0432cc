/** The publisher sends an open file's diagnostics before it works out any other file's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function files(n: number): Record<string, string> {
  const out: Record<string, string> = { 'file:///w/dossier.yaml': 'quantities:\n  crowd: { label: Crowd size, unit: people }\n' };
  for (let i = 0; i < n; i++) {
    out[`file:///w/s${i}.txt`] = `About ${1000 * (i + 1)} people marched.\n`;
    out[`file:///w/s${i}.ann.yaml`] = `source: { outlet: Outlet ${i} }\nannotations:\n  - { kind: figure, text: "${1000 * (i + 1)} people", quantity: crowd, value: ${1000 * (i + 1)}, unit: people }\n`;
  }
  return out;
}

test("an open file's diagnostics are sent in a turn of their own, before the other files' are worked out", async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files(4)));
  await corpus.indexAll();
  const sent: string[] = [];
  const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => (sent.push(p.uri), Promise.resolve()) } as unknown as Connection;
  const asked: string[] = [];
  const diagnostics = corpus.diagnostics.bind(corpus);
  corpus.diagnostics = (uri, marks) => (asked.push(uri), diagnostics(uri, marks));
  const open = 'file:///w/s2.ann.yaml';
  const publisher = new DiagnosticsPublisher(connection, corpus, { openFiles: () => [open], messagesHandled: () => 0 });
  try {
    publisher.schedule(true);
    await turn();
    assert.deepEqual(sent, [open], 'the first turn sends the open file alone');
    assert.deepEqual(asked, [open], 'and works out no other file');
    for (let i = 0; i < 50 && sent.length < 9; i++) await turn();
    assert.deepEqual(new Set(sent), new Set(corpus.filesWithDiagnostics()), 'then every other file follows');
    assert.equal(sent.length, 9, 'four sources, their articles and the dossier, each once');
  } finally {
    publisher.dispose();
  }
});

test('while the index runs, what a warm start served stands, open or not, until the file is edited', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files(3)));
  await corpus.indexAll();
  const sent: Array<{ uri: string; n: number }> = [];
  const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => (sent.push({ uri: p.uri, n: p.diagnostics.length }), Promise.resolve()) } as unknown as Connection;
  const open = 'file:///w/s1.ann.yaml';
  const other = 'file:///w/s2.ann.yaml';
  let indexing = true;
  const publisher = new DiagnosticsPublisher(connection, corpus, { openFiles: () => [open, other], indexing: () => indexing, messagesHandled: () => 0 });
  const settle = async () => {
    publisher.schedule(true);
    await new Promise((resolve) => setTimeout(resolve, 80)); // past the pause between passes
    for (let i = 0; i < 20; i++) await turn();
  };
  try {
    // The cache served both with keys no pass computes (as when it had more cross-source findings than the index so far).
    publisher.markSent(open, 7);
    publisher.markSent(other, 7);
    await settle();
    assert.equal(sent.length, 0, 'nothing replaces what the cache served while the index runs');
    publisher.edited(open);
    await settle();
    assert.deepEqual(sent.map((s) => s.uri), [open], 'an edited file is worked out again at once');
    indexing = false;
    await settle();
    assert.ok(sent.some((s) => s.uri === other), 'once the index ends, the rest follows');
  } finally {
    publisher.dispose();
  }
});

test('stopped with a pass scheduled but nothing due, the publisher is settled: the warm-start cache may still be written at shutdown', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files(2)));
  await corpus.indexAll();
  const connection = { sendDiagnostics: () => Promise.resolve() } as unknown as Connection;
  const publisher = new DiagnosticsPublisher(connection, corpus, { openFiles: () => [], messagesHandled: () => 0 });
  publisher.schedule(true);
  for (let i = 0; i < 50 && !publisher.settled(); i++) await turn();
  assert.equal(publisher.settled(), true, 'every file sent');
  publisher.schedule(); // a change that turns out to change nothing (a file saved as it was)
  assert.equal(publisher.settled(), false, 'a pass is scheduled');
  publisher.dispose();
  assert.equal(publisher.settled(), true, 'stopped with nothing due');
});
