/**
 * What the client tells the server about the workspace: a root given only as
 * a path (`rootPath`, from clients older than workspace folders).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
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
