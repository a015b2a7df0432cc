/**
 * Says once per workspace, when `corroborate.diagnostics.closedFiles` is
 * `auto` and the workspace is too large for every finding of every file to be
 * listed, that files not open in an editor list their errors and warnings
 * only, and offers to list everything. Nothing is written unless the user
 * picks that.
 */
import * as vscode from 'vscode';
import { closedFilesNotice, LIST_EVERYTHING } from './closedFilesNoticeText';
import type { CorroborateProtocol } from './protocolClient';

/** The workspace-state key remembering that the notice was shown. */
const NOTICE_SHOWN_KEY = 'corroborate.closedFilesNoticeShown';

export function registerClosedFilesNotice(context: vscode.ExtensionContext, protocol: CorroborateProtocol): void {
  context.subscriptions.push(
    protocol.onDidDecideClosedFiles(async (params) => {
      const text = closedFilesNotice(params);
      if (!text || context.workspaceState.get<boolean>(NOTICE_SHOWN_KEY)) return;
      await context.workspaceState.update(NOTICE_SHOWN_KEY, true);
      const choice = await vscode.window.showInformationMessage(text, LIST_EVERYTHING);
      if (choice !== LIST_EVERYTHING) return;
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('corroborate').update('diagnostics.closedFiles', 'all', target);
    }),
  );
}
