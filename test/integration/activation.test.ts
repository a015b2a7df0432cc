import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CorroborateApi } from '../../client/src/extension';
import { EXTENSION_ID, PACKAGE, activateExtension, waitFor } from './helpers';

describe('activation', () => {
  it('runs in a real VS Code and reports its version', () => {
    console.log(`[integration] vscode.version ${vscode.version}, app ${vscode.env.appName} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || minor >= 100, `VS Code ${vscode.version} is older than the ^1.100.0 the extension declares`);
  });

  it('has a dossier in the workspace', async () => {
    const dossiers = await vscode.workspace.findFiles('**/dossier.yaml', '**/node_modules/**', 5);
    assert.ok(dossiers.length > 0, 'the workspace folder has no dossier.yaml: the activation tests need one');
  });

  it(`loads ${EXTENSION_ID} and activates it because the workspace holds a dossier`, async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    assert.equal(ext.packageJSON.version, PACKAGE.version, 'the loaded extension is not this checkout (version differs)');
    console.log(`[integration] ${EXTENSION_ID} ${ext.packageJSON.version} from ${ext.extensionPath}`);
    if (process.env.CORROBORATE_TEST_VSIX) {
      // A --vsix smoke run must test the installed package, not the checkout.
      assert.ok(path.basename(ext.extensionPath).startsWith(`${EXTENSION_ID}-`), `expected the installed .vsix, got ${ext.extensionPath}`);
    }
    // Nothing here calls activate(): an activation event must do it. workspaceContains
    // may give up on a loaded machine (VS Code stops its search after 7 s); then
    // onStartupFinished does it, and the extension finds the dossier itself.
    await waitFor(() => ext.isActive, 90_000, `${EXTENSION_ID} to activate on its own`);
  });

  it('starts the language server without any file open, because the workspace holds a dossier', async () => {
    const ext = await activateExtension<CorroborateApi>();
    // Started before activate() resolves, or, when the search for a dossier outlasts activation, once it ends.
    await waitFor(() => ext.exports.client.isRunning(), 50_000, 'the language server to run, with no file open');
  });

  it('activate() resolves once active', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
  });
});
