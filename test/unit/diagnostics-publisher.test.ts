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
