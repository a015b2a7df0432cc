// Checks the test helpers themselves against the real API, independently of
// what the extension does (diagnostics come from a collection made here).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDoc, waitFor, waitForDiagnostics, workspaceFolder } from './helpers';

describe('test helpers', () => {
  it('openDoc opens a workspace file in an editor', async () => {
    const [dossier] = await vscode.workspace.findFiles('**/dossier.yaml', undefined, 1);
    assert.ok(dossier, 'no dossier.yaml in the workspace');
    const rel = vscode.workspace.asRelativePath(dossier, false);
    const { doc, editor } = await openDoc(rel);
    assert.equal(doc.uri.toString(), dossier.toString());
    assert.equal(vscode.window.activeTextEditor, editor);
    assert.ok(doc.uri.fsPath.startsWith(workspaceFolder().uri.fsPath));
  });

  it('waitForDiagnostics resolves on a change and names what it saw on timeout', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'no-such-file.yaml');
    const collection = vscode.languages.createDiagnosticCollection('helpers-test');
    try {
      const waiting = waitForDiagnostics(uri, (d) => d.some((x) => x.message === 'from the test'), 5_000);
      setTimeout(() => collection.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'from the test')]), 100);
      assert.equal((await waiting).length, 1);
      await assert.rejects(waitForDiagnostics(uri, (d) => d.length === 0, 300), /timed out after 300 ms .*\n.*from the test/);
    } finally {
      collection.dispose();
    }
  });

  it('waitFor returns the value and fails with what it waited for', async () => {
    let n = 0;
    assert.equal(await waitFor(() => ++n >= 3 && n, 2_000, 'three polls'), 3);
    await assert.rejects(waitFor(() => false, 200, 'something that never happens'), /timed out after 200 ms waiting for something that never happens/);
  });
});
