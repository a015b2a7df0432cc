/**
 * What the client tells the server about the workspace: a root given only as
 * a path (`rootPath`, from clients older than workspace folders), and changes
 * to the `corroborate.*` settings.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FILES } from '../support/navigationFixture';
import { TestClient, uri } from '../support/lspClient';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a root given only as rootPath, with characters a URI must escape, is indexed', async () => {
  const root = join(dir, 'strike #2 (draft)');
  mkdirSync(root);
  writeFileSync(join(root, 'a.txt'), 'Jane Roe said so.\n');
  writeFileSync(join(root, 'a.ann.yaml'), 'source: { outlet: Gazette }\nannotations:\n  - { kind: note, text: Jane Doe }\n');
  const client = await TestClient.start(root, undefined, { initialize: { rootUri: null, workspaceFolders: null, rootPath: root } });
  try {
    const ds = await client.diagnosticsOf(uri(join(root, 'a.ann.yaml')), (d) => d.length > 0, 'diagnostics of the companion');
    assert.ok(ds.some((d) => d.code === 'anchor-orphaned'), client.dump());
  } finally {
    await client.stop();
  }
});

/** Polls (the test client wakes its waiters only on diagnostics and progress). */
async function poll(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Writes files under a new folder of the test's folder; returns the folder. */
function folder(name: string, files: Readonly<Record<string, string>>): string {
  const root = join(dir, name);
  mkdirSync(root);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  return root;
}

/** Starts a server whose client answers `workspace/configuration` with `settings()`, counting the requests. */
async function withSettings(root: string, settings: () => object): Promise<{ client: TestClient; asked: () => number }> {
  const client = await TestClient.start(root);
  let asked = 0;
  client.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
    asked++;
    return p.items.map(() => settings());
  });
  await client.indexed();
  return { client, asked: () => asked };
}

test('corroborate.codeLens.kinds is read when the settings change, not on every CodeLens request', async () => {
  let settings: object = {};
  const { client, asked } = await withSettings(folder('lenses', FILES), () => settings);
  try {
    const gazette = uri(join(dir, 'lenses', 'gazette.txt'));
    const lensTitles = async () =>
      ((await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: gazette } })) as { command: { title: string } }[]).map((l) => l.command.title);
    const before = asked();
    const every = await lensTitles();
    assert.ok(every.some((t) => /quoted/.test(t)) && every.length >= 2, every.join('\n'));
    await lensTitles();
    assert.equal(asked(), before, 'no workspace/configuration round trip per request');

    settings = { codeLens: { kinds: ['figure'] } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const deadline = Date.now() + 10_000;
    let figures = await lensTitles();
    while (figures.length === every.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      figures = await lensTitles();
    }
    assert.ok(figures.length > 0 && figures.length < every.length && !figures.some((t) => /quoted/.test(t)), figures.join('\n'));
  } finally {
    await client.stop();
  }
});

test('changed limits apply to the files already read: the server reads the workspace again', async () => {
  const filler = 'The port stayed closed for the rest of the week. '.repeat(20) + '\n';
  const root = folder('limits', {
    'big.txt': 'About 8,000 workers walked out.\n' + filler.repeat(Math.ceil((1.1 * 1024 * 1024) / filler.length)), // over 1 MB
    'big.ann.yaml': 'source: { outlet: Big }\nannotations:\n  - { kind: note, text: "About 8,000 workers" }\n',
    'two.txt': 'About 8,000 workers walked out, Jane Roe said.\n',
    'two.ann.yaml': 'source: { outlet: Two }\nannotations:\n  - { kind: note, text: "About 8,000 workers" }\n  - { kind: note, text: Jane Roe }\n',
  });
  let settings: object = {};
  const { client } = await withSettings(root, () => settings);
  try {
    const big = uri(join(root, 'big.ann.yaml'));
    const two = uri(join(root, 'two.ann.yaml'));
    const has = (file: string, code: string) => (client.diagnostics.get(file) ?? []).some((d) => d.code === code);
    await client.waitFor('both companions published clean', () => client.diagnostics.get(big)?.length === 0 && client.diagnostics.get(two)?.length === 0);

    settings = { limits: { maxFileSizeMB: 1, maxAnnotationsPerFile: 1 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('the new limits', () => has(big, 'article-unreadable') && has(two, 'limit-exceeded'));

    settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('the default limits again', () => client.diagnostics.get(big)?.length === 0 && client.diagnostics.get(two)?.length === 0);
  } finally {
    await client.stop();
  }
});

test('semantic tokens follow the client capabilities given at initialize: multiline tokens, refresh after a companion edit', async () => {
  const root = folder('tokens', FILES);
  const client = await TestClient.start(root, undefined, {
    workspace: { semanticTokens: { refreshSupport: true } },
    textDocument: { semanticTokens: { multilineTokenSupport: true } },
  });
  let refreshes = 0;
  client.connection.onRequest('workspace/semanticTokens/refresh', () => void refreshes++);
  try {
    await client.indexed();
    const gazette = uri(join(root, 'gazette.txt'));
    const tokens = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: gazette } })) as { data: number[] };
    // The quote spans two lines ("We will not go back / until the port pays,"): one token when the client takes multiline tokens.
    const at: string[] = [];
    for (let i = 0, line = 0, char = 0; i < tokens.data.length; i += 5) {
      char = tokens.data[i] === 0 ? char + tokens.data[i + 1] : tokens.data[i + 1];
      line += tokens.data[i];
      at.push(`${line}:${char}+${tokens.data[i + 2]}`);
    }
    assert.ok(at.includes('1:1+39'), at.join(' '));

    const companion = uri(join(root, 'gazette.ann.yaml'));
    const text = FILES['gazette.ann.yaml'];
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: companion, languageId: 'yaml', version: 1, text } });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: companion, version: 2 },
      contentChanges: [{ text: text.replace('kind: figure', 'kind: claim') }],
    });
    await poll('a semantic tokens refresh', () => refreshes > 0);
  } finally {
    await client.stop();
  }
});

test('a companion changed on disk refreshes CodeLenses and semantic tokens, once for a burst of changes', async () => {
  const root = folder('refresh', FILES);
  const client = await TestClient.start(root, undefined, { workspace: { semanticTokens: { refreshSupport: true }, codeLens: { refreshSupport: true } } });
  let tokens = 0;
  let lenses = 0;
  client.connection.onRequest('workspace/semanticTokens/refresh', () => void tokens++);
  client.connection.onRequest('workspace/codeLens/refresh', () => void lenses++);
  try {
    await client.indexed();
    await poll('the refresh after indexing', () => tokens > 0 && lenses > 0);
    await new Promise((r) => setTimeout(r, 500));
    [tokens, lenses] = [0, 0];
    const file = join(root, 'herald.ann.yaml');
    for (const n of [1, 2, 3]) {
      writeFileSync(file, FILES['herald.ann.yaml'] + `# edit ${n}\n`);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type: 2 }] });
    }
    await poll('a refresh of both', () => tokens > 0 && lenses > 0);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([tokens, lenses], [1, 1]);
  } finally {
    await client.stop();
  }
});

test('an article shows its annotations\' findings while it is open, or as corroborate.diagnostics.articleMarks says', async () => {
  const article = 'About 8,200 workers joined the strike on Thursday.\n';
  const root = folder('marks', {
    'strike.txt': article,
    // One letter off the article's words: anchor-drifted, a warning on the annotation and a mark on the words.
    'strike.ann.yaml': 'source: { outlet: Gazette }\nannotations:\n  - { kind: note, text: "About 8,000 workers joined the strike" }\n',
  });
  let settings: object = {};
  const { client } = await withSettings(root, () => settings);
  try {
    const articleUri = uri(join(root, 'strike.txt'));
    const companionUri = uri(join(root, 'strike.ann.yaml'));
    const codes = (file: string) => (client.diagnostics.get(file) ?? []).map((d) => d.code);
    await client.diagnosticsOf(companionUri, (d) => d.some((x) => x.code === 'anchor-drifted'), 'the drift on the annotation');
    await client.waitFor('the closed article published without marks', () => client.diagnostics.get(articleUri)?.length === 0);

    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: articleUri, languageId: 'news-article', version: 1, text: article } });
    const marks = await client.diagnosticsOf(articleUri, (d) => d.length > 0, 'the marks of the opened article');
    assert.deepEqual(marks.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['anchor-drifted', 0, 0]]);
    assert.ok(marks[0]!.relatedInformation?.some((r) => r.location.uri === companionUri), 'the mark links back to its annotation');

    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: articleUri } });
    await client.diagnosticsOf(articleUri, (d) => d.length === 0, 'the marks gone with the closed article');

    settings = { diagnostics: { articleMarks: 'always' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(articleUri, (d) => d.length > 0, 'the marks on the closed article (always)');
    assert.deepEqual(codes(articleUri), ['anchor-drifted']);

    settings = { diagnostics: { articleMarks: 'never' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(articleUri, (d) => d.length === 0, 'no marks (never)');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: articleUri, languageId: 'news-article', version: 1, text: article } });
    // Nothing is sent for the article: once a later request is answered the open was handled; then a pass has time to run.
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: articleUri }, position: { line: 0, character: 2 } });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(codes(articleUri), [], 'an open article shows no marks either (never)');
    assert.deepEqual(codes(companionUri), ['anchor-drifted'], 'the annotation keeps its finding');
  } finally {
    await client.stop();
  }
});

/**
 * Two sources whose companions each have an unknown key (an error), an
 * annotation whose words changed (a warning) and a figure the other source
 * contests (information).
 */
function twoSources(): Record<string, string> {
  const files: Record<string, string> = { 'dossier.yaml': 'quantities:\n  strikers: { label: Strikers, unit: workers }\n' };
  ['Gazette', 'Courier'].forEach((outlet, i) => {
    const n = 8000 + 1000 * i;
    files[`${outlet}.txt`] = `About ${n} workers marched through the old harbour district on Sunday.\n`;
    files[`${outlet}.ann.yaml`] =
      `source: { outlet: ${outlet} }\nannotations:\n` +
      `  - { kind: figure, text: "${n} workers", quantity: strikers, value: ${n}, unit: workers }\n` +
      '  - { kind: figure, text: "About", quantity: strikerz, value: 5 }\n' +
      '  - { kind: note, text: "marched through the old harbuor district" }\n';
  });
  return files;
}

test('corroborate.diagnostics.closedFiles: a closed companion reports what the setting keeps; opened, it reports everything', async () => {
  const root = folder('closed', twoSources());
  let settings: object = {};
  const { client } = await withSettings(root, () => settings);
  try {
    const companion = uri(join(root, 'Gazette.ann.yaml'));
    const other = uri(join(root, 'Courier.ann.yaml'));
    const codes = (file: string) => (client.diagnostics.get(file) ?? []).map((d) => String(d.code)).sort();
    const everything = ['anchor-drifted', 'figure-contested', 'unknown-key'];
    await client.waitFor('every finding on the closed companions (all, the default)', () => codes(companion).length === 3 && codes(other).length === 3);
    assert.deepEqual(codes(companion), everything, client.dump());

    settings = { diagnostics: { closedFiles: 'warnings' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(companion, (d) => d.length === 2, 'errors and warnings only (warnings)');
    assert.deepEqual(codes(companion), ['anchor-drifted', 'unknown-key']);
    await client.diagnosticsOf(other, (d) => d.length === 2, 'the other closed companion too');

    const text = readFileSync(join(root, 'Gazette.ann.yaml'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: companion, languageId: 'yaml', version: 1, text } });
    await client.diagnosticsOf(companion, (d) => d.length === 3, 'everything once opened');
    assert.deepEqual(codes(companion), everything);
    assert.deepEqual(codes(other), ['anchor-drifted', 'unknown-key'], 'the closed one keeps to the setting');

    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: companion } });
    await client.diagnosticsOf(companion, (d) => d.length === 2, 'the information gone with the closed file');

    settings = { diagnostics: { closedFiles: 'none' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(companion, (d) => d.length === 0, 'nothing while closed (none)');
    await client.diagnosticsOf(other, (d) => d.length === 0, 'nothing on the other either');
  } finally {
    await client.stop();
  }
});

test('closedFiles auto: above 1,000 companions closed files report errors and warnings, the client is told so, and all brings the rest back', async () => {
  const files = twoSources();
  // 999 more sources, each a clean note: 1,001 companions in all.
  for (let i = 0; i < 999; i++) {
    files[`filler-${i}.txt`] = `Filler article ${i}.\n`;
    files[`filler-${i}.ann.yaml`] = `source: { outlet: Filler ${i} }\nannotations:\n  - { kind: note, text: Filler article }\n`;
  }
  const root = folder('auto', files);
  let settings: object = {};
  const client = await TestClient.start(root);
  const told: Array<{ setting: string; shown: string; companions: number; limit: number }> = [];
  client.connection.onNotification('corroborate/closedFiles', (p: (typeof told)[number]) => void told.push(p));
  client.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  try {
    await client.indexed();
    const companion = uri(join(root, 'Gazette.ann.yaml'));
    const codes = (file: string) => (client.diagnostics.get(file) ?? []).map((d) => String(d.code)).sort();
    await client.diagnosticsOf(companion, (d) => d.length === 2, 'errors and warnings only on the closed companion');
    assert.deepEqual(codes(companion), ['anchor-drifted', 'unknown-key'], client.dump());
    await poll('the client to be told', () => told.length > 0);
    assert.deepEqual(told, [{ setting: 'auto', shown: 'warnings', companions: 1001, limit: 1000 }]);
    assert.ok(client.logs.some((l) => /1001 companions, more than 1000/.test(l)), 'the log says why');

    const text = readFileSync(join(root, 'Gazette.ann.yaml'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: companion, languageId: 'yaml', version: 1, text } });
    await client.diagnosticsOf(companion, (d) => d.length === 3, 'everything once opened');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: companion } });
    await client.diagnosticsOf(companion, (d) => d.length === 2, 'the information gone with the closed file');

    settings = { diagnostics: { closedFiles: 'all' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(companion, (d) => d.length === 3, 'every finding again (all)');
    assert.deepEqual(codes(companion), ['anchor-drifted', 'figure-contested', 'unknown-key']);
    await poll('the client to be told again', () => told.length > 1);
    assert.deepEqual(told[1], { setting: 'all', shown: 'all', companions: 1001, limit: 1000 });
  } finally {
    await client.stop();
  }
});

test('closedFiles auto: at 1,000 companions or fewer every finding of closed files is reported', async () => {
  const root = folder('auto-small', twoSources());
  const client = await TestClient.start(root);
  const told: unknown[] = [];
  client.connection.onNotification('corroborate/closedFiles', (p) => void told.push(p));
  try {
    await client.indexed();
    const companion = uri(join(root, 'Gazette.ann.yaml'));
    await client.diagnosticsOf(companion, (d) => d.length === 3, 'every finding on the closed companion');
    await poll('the client to be told', () => told.length > 0);
    assert.deepEqual(told, [{ setting: 'auto', shown: 'all', companions: 2, limit: 1000 }]);
  } finally {
    await client.stop();
  }
});
