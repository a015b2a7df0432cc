/**
 * Says once per workspace, when `corroborate.diagnostics.closedFiles` is
 * `auto` and the workspace is too large for every finding of every file to be
 * listed, that files not open in an editor list their errors and warnings
 * only, and offers to list everything. Nothing is written unless the user
 * picks that.
 */
import * as vscode from 'vscode';
import type { ClosedFilesParams } from '../../server/src/lsp/protocol';
import type { CorroborateProtocol } from './protocolClient';

/** The workspace-state key remembering that the notice was shown. */
export const NOTICE_SHOWN_KEY = 'corroborate.closedFilesNoticeShown';
export const LIST_EVERYTHING = 'List Every Finding';

/** The notice's text for what the server said, or undefined when there is nothing to say. */
export function closedFilesNotice(params: ClosedFilesParams): string | undefined {
  if (params.setting !== 'auto' || params.shown === 'all') return undefined;
  return (
    `Corroborate: this workspace has ${params.companions.toLocaleString('en-US')} annotated sources, more than ${params.limit.toLocaleString('en-US')}. ` +
    'Files not open in an editor list their errors and warnings only, so that the Problems panel stays usable; ' +
    'contested figures and claims and quotes worded differently show when a file is opened, in hovers and in the comparison panel.'
  );
}

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
