/** Creates the connection and starts the server; shared by dist/server.js and `corroborate lsp`. */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { FEATURES } from './features';
import { CorroborateServer } from './server';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one request must never take the server down.
  process.on('uncaughtException', (e) => connection.console.error(`corroborate: uncaught ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`corroborate: unhandled rejection ${String(e)}`));
  new CorroborateServer(connection, FEATURES).register();
}
