/**
 * Gives `.txt` files that are articles the `news-article` language id: those
 * with a companion `NAME.ann.yaml` beside them, or at or below a folder that
 * holds a `dossier.yaml`. Other `.txt` files stay plain text.
 */
import * as vscode from 'vscode';
import { DOSSIER_NAME, companionFor, isArticleCandidate } from '../../server/src/core/workspace';

export const ARTICLE_LANGUAGE = 'news-article';

/** Whether a file or folder exists. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function isArticle(uri: vscode.Uri): Promise<boolean> {
  if (!isArticleCandidate(uri.path)) return false;
  if (await exists(uri.with({ path: companionFor(uri.path) }))) return true;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  let dir = vscode.Uri.joinPath(uri, '..');
  // Look for a dossier up to the workspace folder (or the file system root without one).
  for (let i = 0; i < 64; i++) {
    if (await exists(vscode.Uri.joinPath(dir, DOSSIER_NAME))) return true;
    if (folder && dir.path === folder.uri.path) break;
    const parent = vscode.Uri.joinPath(dir, '..');
    if (parent.path === dir.path) break;
    dir = parent;
  }
  return false;
}

async function classify(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== 'plaintext' || doc.isUntitled) return;
  if (await isArticle(doc.uri)) await vscode.languages.setTextDocumentLanguage(doc, ARTICLE_LANGUAGE);
}

export function registerArticleLanguage(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((doc) => void classify(doc)));
  for (const doc of vscode.workspace.textDocuments) void classify(doc);
}
