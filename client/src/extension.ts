/**
 * The Corroborate extension: starts the bundled language server and owns the
 * editor-only parts (language ids, commands, views, the comparison panel,
 * the status bar, decorations). Analysis lives in the server; the UI asks it
 * through Corroborate's own requests (server/src/lsp/protocol.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMPANION_SUFFIX, DOSSIER_NAME } from '../../server/src/core/workspace';
import { SHOW_REFERENCES_COMMAND, type JsonLocation } from '../../server/src/lsp/protocol';
import { ARTICLE_LANGUAGE, registerArticleLanguage } from './articleLanguage';
import { registerClosedFilesNotice } from './closedFilesNotice';
import { FindingDecorations } from './decorations';
import { NEW_DOSSIER_COMMAND, newDossier } from './newDossier';
import { registerPairCommands } from './pairCommands';
import { COMPARE_COMMAND, ComparisonPanel } from './panel/panel';
import { CorroborateProtocol, openAt } from './protocolClient';
import { AnchorStatusBar } from './statusBar';
import { OPEN_COMMAND, registerViews, type Views } from './views/trees';

/** What activate() returns: the client, and handles for the integration tests. */
export interface CorroborateApi {
  readonly client: LanguageClient;
  readonly protocol: CorroborateProtocol;
  readonly views: Views;
  readonly panel: ComparisonPanel;
  readonly statusBar: AnchorStatusBar;
  readonly decorations: FindingDecorations;
}

let client: LanguageClient | undefined;

const DOSSIER_GLOB = `**/${DOSSIER_NAME}`;
const COMPANION_GLOB = `**/*${COMPANION_SUFFIX}`;
/** The files that make a folder one Corroborate works on: dossiers and companions. */
const CORPUS_GLOB = `{${DOSSIER_GLOB},${COMPANION_GLOB}}`;
/** How long activation waits for the search for such files before it goes on (the search goes on). */
const SCAN_WAIT_MS = 2_000;

/** Whether the workspace holds a file matching `glob` (false when the search fails). */
async function workspaceHolds(glob: string): Promise<boolean> {
  try {
    return (await vscode.workspace.findFiles(glob, '**/node_modules/**', 1)).length > 0;
  } catch {
    return false;
  }
}

/** Sets `corroborate.hasDossier` (for the views' welcome content) from the workspace; resolves with it. */
async function updateHasDossier(): Promise<boolean> {
  const found = await workspaceHolds(DOSSIER_GLOB);
  await Promise.resolve(vscode.commands.executeCommand('setContext', 'corroborate.hasDossier', found)).catch(() => undefined);
  return found;
}

export async function activate(context: vscode.ExtensionContext): Promise<CorroborateApi> {
  registerArticleLanguage(context);
  registerPairCommands(context);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const documentSelector = [
    { scheme: 'file', language: ARTICLE_LANGUAGE },
    { scheme: 'file', pattern: COMPANION_GLOB },
    { scheme: 'file', pattern: DOSSIER_GLOB },
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: 'corroborate' },
    // A function, so that a restart after the user trusts the workspace sends the new state.
    // storagePath: this workspace's storage folder (outside the workspace), where the server keeps its warm-start cache.
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration('corroborate'),
      trusted: vscode.workspace.isTrusted,
      storagePath: context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : undefined,
    }),
    outputChannelName: 'Corroborate',
  };
  client = new LanguageClient('corroborate', 'Corroborate', serverOptions, clientOptions);
  const protocol = new CorroborateProtocol(client);
  registerClosedFilesNotice(context, protocol);
  const panel = new ComparisonPanel(protocol);
  context.subscriptions.push(
    protocol,
    panel,
    vscode.commands.registerCommand('corroborate.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('corroborate.showProblems', () =>
      vscode.commands.executeCommand('workbench.actions.view.problems'),
    ),
    vscode.commands.registerCommand(OPEN_COMMAND, (uri: string, range?: JsonLocation['range']) => openAt(uri, range)),
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, (uri: string, position: { line: number; character: number }, locations: JsonLocation[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        new vscode.Position(position.line, position.character),
        locations.map(
          (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character)),
        ),
      ),
    ),
    vscode.commands.registerCommand(NEW_DOSSIER_COMMAND, async (folder?: vscode.Uri) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showInformationMessage('This workspace is not trusted: Corroborate creates no file in it. Trust the workspace to create a dossier.');
        return undefined;
      }
      const uri = await newDossier(folder instanceof vscode.Uri ? folder : undefined);
      void updateHasDossier();
      return uri;
    }),
    vscode.commands.registerCommand(COMPARE_COMMAND, (uri?: vscode.Uri) => panel.show(uri instanceof vscode.Uri ? uri : undefined)),
  );
  const hasDossier = updateHasDossier();
  const watcher = vscode.workspace.createFileSystemWatcher(DOSSIER_GLOB, false, true, false);
  watcher.onDidCreate(() => void updateHasDossier());
  watcher.onDidDelete(() => void updateHasDossier());
  context.subscriptions.push(watcher);

  // In an untrusted workspace the server only analyses; once trusted, it may offer edits.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  await startServerWhenNeeded(context, client, documentSelector, hasDossier);
  const views = registerViews(context, protocol);
  const statusBar = new AnchorStatusBar(protocol);
  const decorations = new FindingDecorations();
  context.subscriptions.push(statusBar, decorations);
  return { client, protocol, views, panel, statusBar, decorations };
}

/**
 * Starts the server now if the workspace holds a dossier or a companion, and
 * otherwise at the first sign of one: such a file created in the workspace, or
 * opened from anywhere. (A view or the panel asking the server something also
 * starts it.) The extension activates at startup as well as on
 * `workspaceContains`, because VS Code gives up that search after 7 seconds on
 * a busy machine or a large tree and then never activates the extension; the
 * search here has no such limit, and a workspace with nothing for Corroborate
 * gets no server process.
 */
async function startServerWhenNeeded(
  context: vscode.ExtensionContext,
  languageClient: LanguageClient,
  selector: vscode.DocumentSelector,
  hasDossier: Promise<boolean>,
): Promise<void> {
  // The search for a dossier (for the views) answers first; companions are looked for only without one.
  const scan = hasDossier.then((found) => found || workspaceHolds(COMPANION_GLOB));
  // In a large tree with nothing to find, the search can take seconds: activation does not wait for it all.
  const holds =
    vscode.workspace.textDocuments.some((d) => vscode.languages.match(selector, d) > 0) ||
    (await Promise.race([scan, new Promise<undefined>((resolve) => setTimeout(resolve, SCAN_WAIT_MS))]));
  if (holds) {
    await languageClient.start();
    return;
  }
  const triggers: vscode.Disposable[] = [];
  let waiting = true;
  const stopWaiting = (): void => {
    waiting = false;
    for (const t of triggers.splice(0)) t.dispose();
  };
  const start = (): void => {
    if (!waiting) return;
    stopWaiting();
    // A failed start is reported by the client itself (its output channel and a notification).
    languageClient.start().catch(() => undefined);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(CORPUS_GLOB, false, true, true);
  triggers.push(
    watcher,
    watcher.onDidCreate(start),
    vscode.workspace.onDidOpenTextDocument((d) => vscode.languages.match(selector, d) > 0 && start()),
  );
  if (holds === undefined) void scan.then((found) => found && start());
  context.subscriptions.push({ dispose: stopWaiting });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
