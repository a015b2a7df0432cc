/**
 * Moving between an article and its annotations: "Open companion
 * annotations" (beside the article) and "Open article" (beside the
 * companion). The companion is never created here: annotating a selection
 * creates it, through an edit the user sees.
 */
import * as vscode from 'vscode';
import { articleFor, companionFor, isArticleCandidate, isCompanion } from '../../server/src/core/workspace';

export const OPEN_COMPANION_COMMAND = 'corroborate.openCompanion';
export const OPEN_ARTICLE_COMMAND = 'corroborate.openArticle';

/** `NAME.ann.yaml` for `NAME.txt`, and back. */
export function pairOf(uri: vscode.Uri): vscode.Uri | undefined {
  if (isCompanion(uri.path)) return uri.with({ path: articleFor(uri.path) });
  if (isArticleCandidate(uri.path)) return uri.with({ path: companionFor(uri.path) });
  return undefined;
}

async function openPair(want: 'companion' | 'article', from?: vscode.Uri): Promise<void> {
  const uri = from ?? vscode.window.activeTextEditor?.document.uri;
  const target = uri && pairOf(uri);
  const isRightSide = target && (want === 'companion' ? isCompanion(target.path) : isArticleCandidate(target.path));
  if (!target || !isRightSide) {
    void vscode.window.showInformationMessage(
      want === 'companion' ? 'Open an article (.txt) to open its annotations.' : 'Open an annotation file (.ann.yaml) to open its article.',
    );
    return;
  }
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    void vscode.window.showInformationMessage(
      want === 'companion'
        ? `There are no annotations for this article yet: select words and choose "Annotate as …" to start ${target.path.split('/').pop()}.`
        : `There is no article ${target.path.split('/').pop()} beside these annotations.`,
    );
    return;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
}

export function registerPairCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COMPANION_COMMAND, (uri?: vscode.Uri) => openPair('companion', uri)),
    vscode.commands.registerCommand(OPEN_ARTICLE_COMMAND, (uri?: vscode.Uri) => openPair('article', uri)),
  );
}
