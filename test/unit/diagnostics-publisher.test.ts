/** The publisher sends an open file's diagnostics before it works out any other file's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { DiagnosticsPublisher, MAX_UNWRITTEN } from '../../server/src/lsp/diagnosticsPublisher';

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

test('corroborate.diagnostics.closedFiles: a closed file reports what the setting keeps, an opened one everything, and a change sends every file again', async () => {
  const texts: Record<string, string> = { 'file:///w/dossier.yaml': 'quantities:\n  crowd: { label: Crowd size, unit: people }\n' };
  for (let i = 0; i < 2; i++) {
    const n = 1000 * (i + 1);
    texts[`file:///w/s${i}.txt`] = `About ${n} people marched through the old harbour district on Sunday.\n`;
    texts[`file:///w/s${i}.ann.yaml`] =
      `source: { outlet: Outlet ${i} }\nannotations:\n` +
      `  - { kind: figure, text: "${n} people", quantity: crowd, value: ${n}, unit: people }\n` + // figure-contested (information)
      '  - { kind: figure, text: "About", quantity: crowds, value: 5 }\n' + // unknown-key (error)
      '  - { kind: note, text: "marched through the old harbuor district" }\n'; // anchor-drifted (warning)
  }
  const corpus = new Corpus(new InMemoryWorkspace(texts));
  await corpus.indexAll();
  const shown = new Map<string, string[]>();
  const connection = {
    sendDiagnostics: (p: PublishDiagnosticsParams) => (shown.set(p.uri, p.diagnostics.map((d) => String(d.code))), Promise.resolve()),
  } as unknown as Connection;
  let open: string[] = [];
  const publisher = new DiagnosticsPublisher(connection, corpus, { openFiles: () => open, messagesHandled: () => 0 });
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 80)); // past the pause between passes
    for (let i = 0; i < 20; i++) await turn();
  };
  const companion = 'file:///w/s0.ann.yaml';
  const other = 'file:///w/s1.ann.yaml';
  const everything = ['unknown-key', 'anchor-drifted', 'figure-contested'];
  try {
    publisher.schedule(true);
    await settle();
    assert.deepEqual(shown.get(companion), everything, 'all (the default): a closed file reports every finding');

    publisher.setClosedFiles('warnings');
    await settle();
    assert.deepEqual(shown.get(companion), ['unknown-key', 'anchor-drifted'], 'warnings: errors and warnings only');
    assert.deepEqual(shown.get(other), ['unknown-key', 'anchor-drifted']);
    assert.deepEqual(publisher.diagnosticsNow(companion).map((d) => d.code), ['unknown-key', 'anchor-drifted'], 'as the warm-start cache works them out');

    open = [companion];
    publisher.openedOrClosed(companion);
    await settle();
    assert.deepEqual(shown.get(companion), everything, 'opened: everything');
    assert.deepEqual(shown.get(other), ['unknown-key', 'anchor-drifted'], 'the closed one keeps to the setting');
    assert.deepEqual(publisher.diagnosticsNow(companion).map((d) => d.code), everything);

    open = [];
    publisher.openedOrClosed(companion);
    await settle();
    assert.deepEqual(shown.get(companion), ['unknown-key', 'anchor-drifted'], 'closed again: back to the setting');

    publisher.setClosedFiles('errors');
    publisher.setArticleMarks('always');
    await settle();
    assert.deepEqual(shown.get(companion), ['unknown-key'], 'errors: errors only');
    assert.deepEqual(shown.get('file:///w/s0.txt'), ['unknown-key'], "a closed article's marks too");
    publisher.setClosedFiles('none');
    await settle();
    assert.deepEqual(shown.get(companion), [], 'none: nothing while closed');
    assert.deepEqual(shown.get('file:///w/s0.txt'), []);
    publisher.setClosedFiles('all');
    await settle();
    assert.deepEqual(shown.get(companion), everything, 'all again: every file is sent again');
    assert.deepEqual(shown.get(other), everything);
  } finally {
    publisher.dispose();
  }
});

/** A publisher on twelve sources whose client reads a message only when the test says so. */
async function slowReader() {
  const corpus = new Corpus(new InMemoryWorkspace(files(12)));
  await corpus.indexAll();
  const sent: string[] = [];
  const unread: Array<() => void> = [];
  // Each message is written when the test says the client has read it.
  const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => (sent.push(p.uri), new Promise<void>((resolve) => unread.push(resolve))) } as unknown as Connection;
  const publisher = new DiagnosticsPublisher(connection, corpus, { openFiles: () => [], messagesHandled: () => 0 });
  const turns = async (n = 30) => {
    for (let i = 0; i < n; i++) await turn();
  };
  const read = (n = unread.length) => unread.splice(0, n).forEach((done) => done());
  return { corpus, sent, unread, publisher, turns, read };
}

test('a pass waits while the client has not read what was sent, and goes on as it reads', async () => {
  const { corpus, sent, unread, publisher, turns, read } = await slowReader();
  const total = corpus.filesWithDiagnostics().length;
  assert.ok(total > 2 * MAX_UNWRITTEN, `enough files to wait twice (${total})`);
  try {
    publisher.schedule(true);
    await turns();
    assert.equal(sent.length, MAX_UNWRITTEN, 'no more than this many are sent while none is read');
    assert.equal(publisher.settled(), false, 'the pass is under way, waiting');
    read(3);
    await turns();
    assert.equal(sent.length, MAX_UNWRITTEN + 3, 'as many more as the client read');
    while (sent.length < total || unread.length) {
      const before = sent.length;
      read();
      await turns();
      assert.ok(sent.length > before || sent.length === total, 'reading lets the pass go on');
    }
    assert.deepEqual(new Set(sent), new Set(corpus.filesWithDiagnostics()), 'every file is sent');
    assert.equal(sent.length, total, 'each once');
    assert.equal(publisher.settled(), true);
  } finally {
    publisher.dispose();
  }
});

test('a pass stopped while it waits for the client sends nothing more', async () => {
  const { sent, publisher, turns, read } = await slowReader();
  publisher.schedule(true);
  await turns();
  assert.equal(sent.length, MAX_UNWRITTEN);
  publisher.dispose();
  read();
  await turns();
  assert.equal(sent.length, MAX_UNWRITTEN, 'nothing is sent after dispose');
  assert.equal(publisher.settled(), false, 'what was due and unsent is said to be unsent');
});
