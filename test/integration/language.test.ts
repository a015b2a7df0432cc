// What a user sees in the status bar's language picker: `.txt` files that are
// articles (a companion beside them, or a dossier above them) are "News
// article"; any other `.txt` stays plain text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ARTICLE_LANGUAGE, activateExtension, openArticle, openDocument, waitFor } from './helpers';

describe('the news-article language', () => {
  let outside: string;

  before(async () => {
    await activateExtension();
    // The workspace root (a copy of samples/) holds a dossier, so every .txt in
    // it is an article: plain text files have to live outside the workspace.
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-plain-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(outside, { recursive: true, force: true });
  });

  for (const rel of ['harbour-post.txt', 'meridian-wire.txt', 'cronica-almara.txt', 'broken/gate-blockade.txt']) {
    it(`is given to the sample article ${rel}`, async () => {
      const doc = await openArticle(rel);
      assert.equal(doc.languageId, ARTICLE_LANGUAGE);
    });
  }

  it('is given to a .txt outside the workspace that has a companion beside it', async () => {
    const dir = path.join(outside, 'with-companion');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'story.txt'), 'The port reopened on Friday.\n');
    fs.writeFileSync(path.join(dir, 'story.ann.yaml'), 'source:\n  outlet: Test\nannotations: []\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'story.txt')));
    await vscode.window.showTextDocument(doc);
    await waitFor(() => openDocument(doc.uri)?.languageId === ARTICLE_LANGUAGE, 15_000, 'story.txt to become a news article');
  });

  it('is NOT given to a .txt with neither a companion nor a dossier', async () => {
    const dir = path.join(outside, 'plain');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'shopping-list.txt');
    fs.writeFileSync(file, 'Milk, bread, 8,000 workers.\n');
    const plain = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(plain);
    // The extension decides asynchronously. As an event to wait on, open an
    // article after it: its classification (one stat, then a language change
    // round trip through the workbench) ends after the plain file's (a few
    // local stats, no round trip) has had its chance.
    const article = fs.mkdtempSync(path.join(outside, 'barrier-'));
    fs.writeFileSync(path.join(article, 'a.txt'), 'x\n');
    fs.writeFileSync(path.join(article, 'a.ann.yaml'), 'source:\n  outlet: Test\nannotations: []\n');
    const barrier = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(article, 'a.txt')));
    await vscode.window.showTextDocument(barrier);
    await waitFor(() => openDocument(barrier.uri)?.languageId === ARTICLE_LANGUAGE, 15_000, 'the barrier article to be classified');
    assert.equal(openDocument(plain.uri)?.languageId, 'plaintext', 'a .txt that is not an article must stay plain text');
    // And the language server knows nothing about it: no hover on a number that would be a figure in an article.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', plain.uri, new vscode.Position(0, 15));
    assert.equal(hovers.length, 0, 'no hover on a plain .txt');
  });
});
