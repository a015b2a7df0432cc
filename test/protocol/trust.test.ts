/**
 * An untrusted workspace (the editor says so in initializationOptions) gets
 * analysis only: diagnostics and hovers, but no code action and no rename.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { lineStarts, positionAt } from '../../server/src/core/text';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { ROOT, SERVER, uri } from '../support/lspClient';

const SAMPLES = join(ROOT, 'samples');
let connection: ProtocolConnection;
let child: ReturnType<typeof spawn>;
let indexed: Promise<void>;

async function start(trusted: boolean): Promise<void> {
  child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let done!: () => void;
  indexed = new Promise((r) => (done = r));
  connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') done();
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri(SAMPLES),
    workspaceFolders: [{ uri: uri(SAMPLES), name: 'samples' }],
    capabilities: { window: { workDoneProgress: true }, textDocument: { rename: { prepareSupport: true } } },
    initializationOptions: { trusted },
  });
  await connection.sendNotification('initialized', {});
  await indexed;
}

async function stop(): Promise<void> {
  await connection.sendRequest('shutdown').catch(() => undefined);
  await connection.sendNotification('exit').catch(() => undefined);
  connection.dispose();
  child.kill();
}

const article = uri(join(SAMPLES, 'harbour-post.txt'));
const dossier = uri(join(SAMPLES, 'dossier.yaml'));
const selection = { start: { line: 8, character: 0 }, end: { line: 8, character: 12 } };

test('trusted: annotating a selection is offered', async () => {
  await start(true);
  try {
    const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri: article }, range: selection, context: { diagnostics: [] } })) as unknown[];
    assert.ok(actions.length > 0);
  } finally {
    await stop();
  }
});

test('untrusted: hovers still answer, but no code action and no rename', async () => {
  await start(false);
  try {
    const text = readFileSync(join(SAMPLES, 'harbour-post.txt'), 'utf8');
    const at = positionAt(lineStarts(text), text.indexOf('5,000 workers') + 1);
    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri: article }, position: at })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /Workers on strike/, 'analysis is served');
    const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri: article }, range: selection, context: { diagnostics: [] } })) as unknown[];
    assert.deepEqual(actions, []);
    await assert.rejects(
      connection.sendRequest('textDocument/rename', { textDocument: { uri: dossier }, position: { line: 5, character: 4 }, newName: 'x' }),
      /not trusted/,
    );
  } finally {
    await stop();
  }
});
