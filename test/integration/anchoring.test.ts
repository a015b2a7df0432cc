// Keeping annotations attached while the article changes: an unsaved edit
// above an annotation with a `start` hint moves it (anchor-moved, on the
// closed companion); deleting its sentence orphans it (anchor-orphaned).
// Reverting the article brings the companion back to no anchor problems.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, diagnosticsWithCode, openArticle, openDocument, snapshot, waitForDiagnostics, workspaceUri } from './helpers';

const SENTENCE = 'The Almará Port Authority put the number at 8,000 and said about a third of the morning shift had reported for work.';
const PARAGRAPH = 'Editor’s note: this paragraph was added above the story after publication.\n\n';

describe('anchoring while the article is edited', () => {
  const article = () => workspaceUri('meridian-wire.txt');
  const companion = workspaceUri('meridian-wire.ann.yaml');
  /** The companion line of meridian-wire#e3's `start: 484`. */
  let startLine: number;
  let e3Line: number;
  let restore: () => Promise<void> = async () => {};

  before(async () => {
    await activateExtension();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(companion));
    const lines = text.split('\n');
    startLine = lines.findIndex((l) => l.trim() === 'start: 484');
    e3Line = lines.findIndex((l) => l.trim() === '- id: e3');
    assert.ok(startLine > 0 && e3Line > 0 && e3Line < startLine, 'meridian-wire#e3 has its start hint');
    await openArticle('meridian-wire.txt');
    restore = await snapshot(['meridian-wire.txt']);
    // The samples anchor exactly: no anchor diagnostics to begin with.
    await waitForDiagnostics(companion, (ds) => !ds.some((d) => codeOf(d).startsWith('anchor-')));
  });

  after(async () => {
    await restore();
    // Back to the article as it was: the anchor problems go away again.
    await waitForDiagnostics(companion, (ds) => !ds.some((d) => codeOf(d).startsWith('anchor-')));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a paragraph inserted above an annotation with a start hint gives anchor-moved', async () => {
    const doc = openDocument(article())!;
    const oldStart = doc.offsetAt(doc.positionAt(doc.getText().indexOf('Almará Port Authority')));
    assert.equal(oldStart, 484, 'the hint is right before the edit');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(article(), new vscode.Position(4, 0), PARAGRAPH);
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const ds = await waitForDiagnostics(companion, (list) => diagnosticsWithCode(companion, 'anchor-moved', list).length > 0);
    const moved = diagnosticsWithCode(companion, 'anchor-moved', ds);
    assert.equal(moved.length, 1, 'only e3 has a start hint');
    assert.ok(moved[0].range.start.line >= e3Line && moved[0].range.start.line <= startLine, `anchor-moved is on e3 (lines ${e3Line + 1}-${startLine + 1}), got line ${moved[0].range.start.line + 1}`);
    assert.equal(moved[0].severity, vscode.DiagnosticSeverity.Information, 'anchor-moved is informational');
    assert.match(moved[0].message, new RegExp(String(484 + PARAGRAPH.length)), 'the message names the new offset');
    // Nothing else is affected: the words are still there.
    assert.deepEqual(ds.filter((d) => codeOf(d).startsWith('anchor-') && codeOf(d) !== 'anchor-moved').map(codeOf), []);
  });

  it('deleting the sentence with the annotated words gives anchor-orphaned', async () => {
    const doc = await openArticle('meridian-wire.txt');
    if (!doc.getText().includes(PARAGRAPH)) {
      // Run alone (--grep): make the first edit here too.
      const first = new vscode.WorkspaceEdit();
      first.insert(article(), new vscode.Position(4, 0), PARAGRAPH);
      await vscode.workspace.applyEdit(first);
    }
    const current = openDocument(article())!;
    const at = current.getText().indexOf(SENTENCE);
    assert.ok(at >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.delete(article(), new vscode.Range(current.positionAt(at), current.positionAt(at + SENTENCE.length + 1)));
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const ds = await waitForDiagnostics(companion, (list) => diagnosticsWithCode(companion, 'anchor-orphaned', list).some((d) => d.range.start.line >= e3Line && d.range.start.line <= startLine + 1));
    const orphaned = diagnosticsWithCode(companion, 'anchor-orphaned', ds).find((d) => d.range.start.line >= e3Line && d.range.start.line <= startLine + 1)!;
    assert.equal(orphaned.severity, vscode.DiagnosticSeverity.Error);
    // Orphaned, so no longer "moved".
    assert.deepEqual(diagnosticsWithCode(companion, 'anchor-moved', ds), []);
  });
});
