/**
 * A status bar item for article and companion editors: how many of the
 * file's annotations are attached to their words ("$(check) 27 placed ·
 * 1 drifted · 0 orphaned"), on a warning background when some are not.
 * Clicking it shows the problems. Counts come from `corroborate/anchorHealth`.
 */
import * as vscode from 'vscode';
import { isArticleCandidate, isCompanion } from '../../server/src/core/workspace';
import type { AnchorHealth } from '../../server/src/lsp/protocol';
import type { CorroborateProtocol } from './protocolClient';
import { anchorStatus } from './views/model';

function isSource(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.uri.scheme === 'file' && (doc.languageId === 'news-article' || isCompanion(doc.uri.path) || isArticleCandidate(doc.uri.path));
}

export class AnchorStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('corroborate.anchors', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;

  constructor(private readonly protocol: CorroborateProtocol) {
    this.item.name = 'Corroborate anchors';
    this.item.command = 'corroborate.showProblems';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidOpenTextDocument((d) => d === vscode.window.activeTextEditor?.document && void this.update()),
      protocol.onDidChange(() => void this.update()),
    );
    void this.update();
  }

  /** Recomputes the item for the active editor; resolves once shown or hidden. */
  async update(): Promise<void> {
    const run = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    // Not running: a workspace with no dossier or companion; an arbitrary .txt must not start the server.
    if (!isSource(doc) || !this.protocol.running) {
      this.item.hide();
      return;
    }
    let health: AnchorHealth | null = null;
    try {
      health = await this.protocol.anchorHealth(doc.uri);
    } catch {
      health = null;
    }
    if (run !== this.generation) return;
    if (!health) {
      this.item.hide();
      return;
    }
    const status = anchorStatus(health);
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.backgroundColor = status.warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
