/**
 * The Corroborate extension: starts the bundled language server and owns the
 * editor-only parts (language ids, commands, views). Analysis lives in the
 * server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ARTICLE_LANGUAGE, registerArticleLanguage } from './articleLanguage';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient }> {
  registerArticleLanguage(context);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: ARTICLE_LANGUAGE },
      { scheme: 'file', pattern: '**/*.ann.yaml' },
      { scheme: 'file', pattern: '**/dossier.yaml' },
    ],
    synchronize: { configurationSection: 'corroborate' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('corroborate') },
    outputChannelName: 'Corroborate',
  };
  client = new LanguageClient('corroborate', 'Corroborate', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('corroborate.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('corroborate.showProblems', () =>
      vscode.commands.executeCommand('workbench.actions.view.problems'),
    ),
  );
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
