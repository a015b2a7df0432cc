/**
 * What the client tells the server about the workspace: a root given only as
 * a path (`rootPath`, from clients older than workspace folders), and changes
 * to the `corroborate.*` settings.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
