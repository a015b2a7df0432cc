// Run with `--folder test/fixtures/plain-folder --suite plain-folder`: a folder
// with no dossier and no companion. Only onStartupFinished can activate the
// extension here, and it must not start a language server until a file for
// Corroborate appears.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CorroborateApi } from '../../../client/src/extension';
import { EXTENSION_ID, codeOf, openDoc, waitFor, waitForDiagnostics, workspaceUri } from '../helpers';

const CORPUS_GLOB = '{**/dossier.yaml,**/*.ann.yaml}';

function extension(): vscode.Extension<CorroborateApi> {
  const ext = vscode.extensions.getExtension<CorroborateApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
  return ext;
}

describe('a folder with nothing for Corroborate', () => {
  it('holds no dossier and no companion', async () => {
    assert.deepEqual(await vscode.workspace.findFiles(CORPUS_GLOB), [], 'this suite needs a folder without Corroborate files');
  });

  it('activates at startup on its own, and starts no language server', async function () {
    this.timeout(120_000);
    const ext = extension();
    await waitFor(() => ext.isActive, 90_000, `${EXTENSION_ID} to activate at startup (onStartupFinished)`);
    assert.equal(ext.exports.client.isRunning(), false, 'a language server was started in a folder with nothing for it');
  });

  it('opening a plain .txt leaves it plain text and starts no server', async () => {
    const { doc } = await openDoc('notes.txt');
    // The article language and the status bar both ask about the file; give them time to.
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(doc.languageId, 'plaintext');
    assert.equal(extension().exports.client.isRunning(), false, 'opening a plain .txt started the language server');
  });

  it('starts the server once a companion appears, and reports its problems', async () => {
    const companion = workspaceUri('notes.ann.yaml');
    const text = ['source:', '  outlet: Notes', 'annotations:', '  - id: e1', '    kind: entity', '    text: "meeting notes" stray', ''].join('\n');
    await vscode.workspace.fs.writeFile(companion, new TextEncoder().encode(text));
    try {
      await waitFor(() => extension().exports.client.isRunning(), 30_000, 'the language server to start after a companion was created');
      const diagnostics = await waitForDiagnostics(companion, (list) => list.some((d) => codeOf(d) === 'yaml-syntax'));
      const syntax = diagnostics.find((d) => codeOf(d) === 'yaml-syntax');
      assert.equal(syntax?.range.start.line, 5, 'the yaml-syntax problem is not on the line with the stray text');
    } finally {
      await vscode.workspace.fs.delete(companion);
    }
  });
});
