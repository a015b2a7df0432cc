/**
 * The real bundled server over stdio: indexing closed files, anchors moving
 * and breaking as an open article is edited, file deletion, shutdown.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { messageOf, TestClient, uri } from '../support/lspClient';

const ARTICLE = [
  'PORT CITY, March 5 - Dock workers walked out on Thursday.',
  'About 8,000 workers joined the strike, the port authority said.',
  '"We will not go back until the port pays," said Jane Roe.',
  '',
].join('\n');

const COMPANION = `# annotations for the strike report
source:
  outlet: The Test Gazette
  published: 2026-03-05
annotations:
  - id: f1
    kind: figure
    text: About 8,000 workers joined the strike
    start: ${ARTICLE.indexOf('About 8,000')}
  - id: q1
    kind: quote
    text: We will not go back until the port pays
`;

let dir: string;
let client: TestClient;
let articleUri: string;
let companionUri: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-protocol-'));
  writeFileSync(join(dir, 'dossier.yaml'), 'title: Test\nentities:\n  jane-roe: { name: Jane Roe, type: person }\n');
  writeFileSync(join(dir, 'strike.txt'), ARTICLE);
  writeFileSync(join(dir, 'strike.ann.yaml'), COMPANION);
  articleUri = uri(join(dir, 'strike.txt'));
  companionUri = uri(join(dir, 'strike.ann.yaml'));
  client = await TestClient.start(dir);
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a closed, valid companion is indexed and has no problems', async () => {
  await client.indexed();
  assert.deepEqual(client.diagnostics.get(companionUri) ?? [], [], client.dump());
});

test('a closed companion with a problem is published without being opened', async () => {
  writeFileSync(join(dir, 'other.txt'), 'Nothing to see.\n');
  writeFileSync(join(dir, 'other.ann.yaml'), 'source:\n  outlet: X\nannotations:\n  - kind: entity\n    text: Jane Roe\n    entity: jane-doe\n');
  const otherUri = uri(join(dir, 'other.ann.yaml'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: otherUri, type: 1 }] });
  const ds = await client.diagnosticsOf(otherUri, (d) => d.length > 0, 'diagnostics of a created companion');
  assert.deepEqual(ds.map((d) => d.code).sort(), ['anchor-orphaned', 'unknown-key']);
});

test('inserting a paragraph above moves the anchor: anchor-moved on the start hint', async () => {
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: articleUri, languageId: 'news-article', version: 1, text: ARTICLE },
  });
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: articleUri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'Ships waited offshore.\n' }],
  });
  const ds = await client.diagnosticsOf(companionUri, (d) => d.some((x) => x.code === 'anchor-moved'), 'anchor-moved');
  const moved = ds.find((d) => d.code === 'anchor-moved')!;
  assert.equal(moved.range.start.line, 8, 'on the start: value');
  assert.match(messageOf(moved), /now at offset \d+ \(line 3\)/);
  // mirrored on the article at the new place of the words
  const art = await client.diagnosticsOf(articleUri, (d) => d.some((x) => x.code === 'anchor-moved'), 'mirror on article');
  assert.equal(art.find((d) => d.code === 'anchor-moved')!.range.start.line, 2);
});

test('a typo fixed inside the span drifts the anchor, showing what the text says now', async () => {
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: articleUri, version: 3 },
    contentChanges: [{ range: { start: { line: 2, character: 6 }, end: { line: 2, character: 11 } }, text: '8,200' }],
  });
  const ds = await client.diagnosticsOf(companionUri, (d) => d.some((x) => x.code === 'anchor-drifted'), 'anchor-drifted');
  const drifted = ds.find((d) => d.code === 'anchor-drifted')!;
  assert.equal(drifted.range.start.line, 7, 'on the text: value');
  assert.match(messageOf(drifted), /About 8,200 workers joined the strike/);
  assert.equal(drifted.severity, 2);
});

test('deleting the sentence orphans the anchor and never places it elsewhere', async () => {
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: articleUri, version: 4 },
    contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' }],
  });
  const ds = await client.diagnosticsOf(companionUri, (d) => d.some((x) => x.code === 'anchor-orphaned'), 'anchor-orphaned');
  const orphan = ds.find((d) => d.code === 'anchor-orphaned')!;
  assert.equal(orphan.severity, 1);
  assert.equal(orphan.range.start.line, 7);
  // The article's mirror of the drift goes away, and nothing takes its place.
  const art = await client.diagnosticsOf(articleUri, (d) => !d.some((x) => x.code === 'anchor-drifted'), 'the drift mirror to clear');
  assert.ok(!art.some((d) => /About 8,/.test(messageOf(d))), 'an orphan is not shown on any article words: ' + client.dump());
});

test('deleting the companion clears its diagnostics', async () => {
  unlinkSync(join(dir, 'strike.ann.yaml'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: companionUri, type: 3 }] });
  await client.diagnosticsOf(companionUri, (d) => d.length === 0, 'cleared diagnostics');
  await client.diagnosticsOf(articleUri, (d) => d.length === 0, 'cleared article diagnostics');
});

test('shutdown and exit end the process cleanly', async () => {
  await client.stop();
  assert.equal(client.exited, 0, client.stderr.join(''));
});
