// Editing through the light bulb and F2: annotate a selection, apply a quick
// fix, rename a dossier key. Each test applies the edit VS Code would apply
// (workspace.applyEdit), checks the resulting text, and reverts what it
// changed so the other test files see the samples as they are on disk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  codeOf,
  diagnosticsWithCode,
  openArticle,
  openDocument,
  positionOf,
  rangeOf,
  snapshot,
  targetOf,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
} from './helpers';

async function diskText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** The text VS Code holds for `uri` now (an applied edit leaves it unsaved, in memory). */
async function editorText(uri: vscode.Uri): Promise<string> {
  return (openDocument(uri) ?? (await vscode.workspace.openTextDocument(uri))).getText();
}

function titles(actions: readonly (vscode.CodeAction | vscode.Command)[]): string {
  return actions.map((a) => a.title).join(' | ');
}

describe('editing', () => {
  before(async () => {
    await activateExtension();
  });

  /** Puts back what the current test edited. */
  let restore: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Annotate as entity" on a selection appends the entry to the companion, comments kept', async () => {
    const article = await openArticle('meridian-wire.txt');
    const companion = workspaceUri('meridian-wire.ann.yaml');
    restore = await snapshot(['meridian-wire.ann.yaml']);
    const before = await diskText(companion);
    const range = rangeOf(article, 'Omar Haddad');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', article.uri, range, 'refactor.annotate');
    const kinds = actions.map((a) => a.kind?.value);
    for (const k of ['figure', 'quote', 'entity', 'claim', 'date', 'note']) assert.ok(kinds.includes(`refactor.annotate.${k}`), `refactor.annotate.${k} among ${kinds.join(', ')}`);
    const annotate = actions.find((a) => a.title === 'Annotate as entity');
    assert.ok(annotate?.edit, `"Annotate as entity" with an edit among: ${titles(actions)}`);
    assert.equal(await vscode.workspace.applyEdit(annotate.edit), true, 'the edit applies');
    const after = await editorText(companion);
    assert.equal(after, before + '  - id: e7\n    kind: entity\n    text: Omar Haddad\n');
    for (const comment of ['# --- people and organisations ---', '# --- figures ---', '# --- dates ---']) assert.ok(after.includes(comment), `comment kept: ${comment}`);
    // The new entry anchors: no anchor diagnostic on the (unsaved) companion.
    await waitForDiagnostics(companion, (ds) => !ds.some((d) => /^anchor-/.test(codeOf(d))));
  });

  it('quick fix for unknown-key: "Change to \'ines-calvo\'" removes the problem', async () => {
    const uri = workspaceUri('broken/gate-blockade.ann.yaml');
    const [unknown] = await waitForDiagnostics(uri, (ds) => diagnosticsWithCode(uri, 'unknown-key', ds).length === 1).then((ds) => diagnosticsWithCode(uri, 'unknown-key', ds));
    restore = await snapshot(['broken/gate-blockade.ann.yaml']);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unknown.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'ines-calvo'");
    assert.ok(fix?.edit, `"Change to 'ines-calvo'" among: ${titles(actions)}`);
    assert.equal(fix.isPreferred, true, 'the did-you-mean fix is preferred');
    assert.equal(fix.kind?.value, 'quickfix');
    const before = doc.getText();
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(await editorText(uri), before.replace('speaker: inez-calvo', 'speaker: ines-calvo'));
    const after = await waitForDiagnostics(uri, (ds) => diagnosticsWithCode(uri, 'unknown-key', ds).length === 0);
    // Only that problem went away.
    assert.deepEqual(after.map((d) => codeOf(d)).sort(), ['anchor-ambiguous', 'anchor-drifted', 'anchor-orphaned']);
  });

  it('rename a dossier key: the definition and its uses in several companions', async () => {
    const dossierUri = workspaceUri('dossier.yaml');
    const dossier = await vscode.workspace.openTextDocument(dossierUri);
    await vscode.window.showTextDocument(dossier);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', dossierUri, positionOf(dossier, '  ines-calvo:', 0, 4), 'ines-calvo-ruiz');
    assert.ok(edit, 'a rename edit');
    const touched = edit.entries().map(([u]) => vscode.workspace.asRelativePath(u)).sort();
    assert.deepEqual(touched, ['cronica-almara.ann.yaml', 'dossier.yaml', 'harbour-post.ann.yaml', 'meridian-wire.ann.yaml']);
    restore = await snapshot(touched);
    const before = new Map<string, string>();
    for (const f of touched) before.set(f, await diskText(workspaceUri(f)));
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    for (const f of touched) {
      const text = await editorText(workspaceUri(f));
      const old = before.get(f)!;
      // Every whole-word use of the key, and nothing else, changed.
      assert.equal(text, old.replace(/(?<![\w-])ines-calvo(?![\w-])/g, 'ines-calvo-ruiz'), f);
      assert.ok(!/(?<![\w-])ines-calvo(?![\w-])/.test(text), `${f} has no old key left`);
    }
    assert.equal((await editorText(workspaceUri('harbour-post.ann.yaml'))).match(/ines-calvo-ruiz/g)?.length, 2);
    assert.equal((await editorText(workspaceUri('meridian-wire.ann.yaml'))).match(/ines-calvo-ruiz/g)?.length, 3);
    assert.equal((await editorText(workspaceUri('cronica-almara.ann.yaml'))).match(/ines-calvo-ruiz/g)?.length, 5);
    // The server reads the unsaved buffers: the name in an article now leads to the new key.
    const article = await openArticle('harbour-post.txt');
    const renamed = await waitFor(async () => {
      const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', article.uri, positionOf(article, 'Inés Calvo', 0, 1));
      return defs.length === 1 && openDocument(dossierUri)?.getText(targetOf(defs[0]).range) === 'ines-calvo-ruiz';
    }, 15_000, 'definition of "Inés Calvo" to land on ines-calvo-ruiz');
    assert.ok(renamed);
    assert.deepEqual(diagnosticsWithCode(workspaceUri('meridian-wire.ann.yaml'), 'unknown-key'), []);
  });
});
