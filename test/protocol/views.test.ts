/**
 * The editor's own protocol over stdio on the samples: `corroborate/report`,
 * `corroborate/sources`, `corroborate/anchorHealth`, the `corroborate/changed`
 * notification, and CodeLenses with their Peek arguments.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Report } from '../../server/src/core/report/model';
import type { AnchorHealth, ChangedParams, SourcesResult } from '../../server/src/lsp/protocol';
import { ROOT, TestClient, uri } from '../support/lspClient';

const SAMPLES = join(ROOT, 'samples');
const OUTLETS = ['Continental Dispatch', 'Crónica de Almará (English edition)', 'Meridian Wire', 'The Harbour Post', 'Tidewater Shipping News'];
let client: TestClient;
const changed: ChangedParams[] = [];

before(async () => {
  client = await TestClient.start(SAMPLES);
  client.connection.onNotification('corroborate/changed', (p: ChangedParams) => void changed.push(p));
  await client.indexed();
});
after(() => client?.stop());

const fileUri = (name: string) => uri(join(SAMPLES, name));

/** Polls (the test client only wakes its own waiters on diagnostics and progress). */
async function eventually(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('corroborate/report for an article gives its scope only, with URIs, ranges and quote diffs', async () => {
  const report = (await client.connection.sendRequest('corroborate/report', { uri: fileUri('harbour-post.txt') })) as Report;
  assert.equal(report.version, 1);
  assert.equal(report.scopes.length, 1);
  const scope = report.scopes[0];
  assert.equal(scope.title, 'Almará port strike, March 2026');
  assert.equal(scope.sources.length, 5);
  for (const s of scope.sources) {
    assert.ok(s.uri?.startsWith('file://') && s.uri.endsWith('.txt'), JSON.stringify(s));
    assert.ok(s.companionUri?.endsWith('.ann.yaml'));
  }
  const strikers = scope.quantities.find((q) => q.key === 'strikers');
  assert.ok(strikers);
  const harbour = strikers.figures.find((f) => f.outlet === 'The Harbour Post');
  assert.ok(harbour?.uri && harbour.range);
  // The range is the annotated words, 0-based.
  const text = readFileSync(join(SAMPLES, 'harbour-post.txt'), 'utf8').replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/)[harbour.range.start.line];
  assert.equal(line.slice(harbour.range.start.character, harbour.range.end.character), '5,000 workers');
  assert.equal(harbour.line, harbour.range.start.line + 1);
  const ferrer = scope.quotes.find((q) => q.key === 'ferrer-cost');
  assert.ok(ferrer);
  assert.equal(ferrer.sources[0].diff, undefined);
  assert.ok(ferrer.sources[1].diff?.some((p) => p.op !== 'same'), 'the second source has a word diff');
});

test('corroborate/report without a uri gives every scope', async () => {
  const report = (await client.connection.sendRequest('corroborate/report', {})) as Report;
  assert.deepEqual(report.scopes.map((s) => s.title).sort(), ['Almará port strike (broken samples)', 'Almará port strike, March 2026']);
});

test('corroborate/sources summarises each companion', async () => {
  const { sources } = (await client.connection.sendRequest('corroborate/sources', { uri: fileUri('dossier.yaml') })) as SourcesResult;
  assert.deepEqual(sources.map((s) => s.outlet).sort(), OUTLETS);
  const harbour = sources.find((s) => s.outlet === 'The Harbour Post')!;
  assert.equal(harbour.published, '2026-03-04');
  assert.equal(harbour.articleUri, fileUri('harbour-post.txt'));
  assert.equal(harbour.articleExists, true);
  assert.equal(harbour.dossierTitle, 'Almará port strike, March 2026');
  assert.deepEqual(harbour.kinds, { entity: 6, claim: 2, figure: 6, quote: 4, date: 3, note: 1 });
  assert.equal(harbour.anchors.placed, harbour.annotations);
  assert.equal(harbour.problems.error, 0);
  assert.ok(harbour.problems.warning >= 1, 'figure-conflict on 5,000 workers');
  // Each finding once, as the Problems panel lists it (the article's marks mirror its companion's findings).
  // Closed files are published once the index has ended, a slice at a time: wait for this one's.
  const companionDiagnostics = await client.diagnosticsOf(fileUri('harbour-post.ann.yaml'), (ds) => ds.length > 0, "the Harbour Post companion's diagnostics");
  const bySeverity = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of companionDiagnostics) bySeverity[(['error', 'warning', 'information', 'hint'] as const)[(d.severity ?? 1) - 1]!]++;
  assert.deepEqual(harbour.problems, bySeverity, client.dump());
  const all = (await client.connection.sendRequest('corroborate/sources', {})) as SourcesResult;
  const broken = all.sources.filter((s) => s.dossierUri?.includes('/broken/'));
  assert.ok(broken.some((s) => !s.articleExists), 'missing-article has no article');
  assert.ok(broken.some((s) => s.anchors.orphaned > 0 || s.anchors.drifted > 0));
});

test('corroborate/anchorHealth counts the states of an article’s or companion’s annotations', async () => {
  const health = (await client.connection.sendRequest('corroborate/anchorHealth', { uri: fileUri('meridian-wire.txt') })) as AnchorHealth;
  assert.equal(health.companionUri, fileUri('meridian-wire.ann.yaml'));
  assert.equal(health.drifted + health.orphaned + health.ambiguous, 0);
  assert.equal(health.placed + health.moved, health.total);
  assert.ok(health.total > 20);
  const same = (await client.connection.sendRequest('corroborate/anchorHealth', { uri: fileUri('meridian-wire.ann.yaml') })) as AnchorHealth;
  assert.deepEqual(same, health);
  assert.equal(await client.connection.sendRequest('corroborate/anchorHealth', { uri: fileUri('dossier.yaml') }), null);
});

test('corroborate/changed follows a change to a companion', async () => {
  await eventually('a first corroborate/changed after indexing', () => changed.length > 0);
  const before = changed.length;
  const companion = fileUri('tidewater-shipping.ann.yaml');
  const text = readFileSync(join(SAMPLES, 'tidewater-shipping.ann.yaml'), 'utf8');
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: companion, languageId: 'yaml', version: 1, text } });
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: companion, version: 2 },
    contentChanges: [{ text: text.replace('outlet: Tidewater Shipping News', 'outlet: Tidewater Renamed') }],
  });
  await eventually('corroborate/changed after an edit', () => changed.length > before);
  const { sources } = (await client.connection.sendRequest('corroborate/sources', { uri: companion })) as SourcesResult;
  assert.ok(sources.some((s) => s.outlet === 'Tidewater Renamed'));
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: companion, version: 3 }, contentChanges: [{ text }] });
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: companion } });
});

interface Lens {
  range: { start: { line: number; character: number } };
  command: { title: string; command: string; arguments: [string, { line: number; character: number }, { uri: string }[]] };
}

test('while the workspace is indexed no corroborate/changed is sent, and views asking meanwhile get their answers once it ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corroborate-views-'));
  const root = join(dir, 'many');
  mkdirSync(root);
  writeFileSync(join(root, 'dossier.yaml'), 'quantities:\n  strikers: { label: Strikers, unit: workers }\n');
  const pairs = 600;
  for (let i = 0; i < pairs; i++) {
    writeFileSync(join(root, `s${i}.txt`), `About ${1000 + i} workers marched on Sunday.\n`);
    writeFileSync(join(root, `s${i}.ann.yaml`), `source: { outlet: Outlet ${i} }\nannotations:\n  - { kind: figure, text: "${1000 + i} workers", quantity: strikers, value: ${1000 + i}, unit: workers }\n`);
  }
  const many = await TestClient.start(root);
  const told: ChangedParams[] = [];
  many.connection.onNotification('corroborate/changed', (p: ChangedParams) => void told.push(p));
  try {
    // Views refreshed again and again while the index runs: every request is answered, alike.
    const asked = Array.from({ length: 4 }, () => many.connection.sendRequest<SourcesResult>('corroborate/sources', {}));
    await many.indexed();
    assert.equal(told.length, 0, 'no corroborate/changed before the index ended');
    const answers = await Promise.all(asked);
    assert.equal(answers[0]!.sources.length, pairs);
    for (const a of answers.slice(1)) assert.deepEqual(a, answers[0]);
    await eventually('corroborate/changed once the index has ended', () => told.length > 0);
  } finally {
    await many.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CodeLenses above figures, quotes and claims of an article carry their references', async () => {
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: fileUri('harbour-post.txt') } })) as Lens[];
  const titles = lenses.map((l) => l.command.title);
  assert.ok(titles.includes('3 outlets · 2 claimants · 5,000–12,000'), titles.join('\n'));
  assert.ok(titles.some((t) => /^quoted in 2 outlets, attributed to 1 speaker$/.test(t)), titles.join('\n'));
  assert.ok(titles.some((t) => /^4 outlets · asserted by 1, denied by 1, questioned by 1$/.test(t)), titles.join('\n'));
  const strikers = lenses.find((l) => l.command.title.endsWith('5,000–12,000'))!;
  assert.equal(strikers.command.command, 'corroborate.showReferences');
  const [at, position, locations] = strikers.command.arguments;
  assert.equal(at, fileUri('harbour-post.txt'));
  assert.deepEqual(position, strikers.range.start);
  assert.equal(locations.length, 4, 'every strikers figure in the scope');
  assert.ok(locations.every((l) => l.uri.endsWith('.txt')));
});

test('CodeLenses above dossier definitions', async () => {
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: fileUri('dossier.yaml') } })) as Lens[];
  // 12 quantities, 3 claims, 4 quotes
  assert.equal(lenses.length, 19);
  assert.ok(lenses.some((l) => l.command.title === '3 outlets · 2 claimants · 5,000–12,000'));
  assert.ok(lenses.every((l) => l.command.arguments[2].every((x) => x.uri.endsWith('.txt'))));
});
