/** Creates the connection and starts the server; shared by dist/server.js and `corroborate lsp`. */
import { Message, ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { FEATURES } from './features';
import { CorroborateServer, cancelled } from './server';

export function startServer(): void {
  let server: CorroborateServer | undefined = undefined;
  const connection = createConnection(ProposedFeatures.all, {
    connectionStrategy: {
      // A request cancelled while it still waits its turn (the server was busy,
      // the user moved on) is answered as cancelled without being computed.
      cancelUndispatched: (message) => {
        const id = (message as { id?: number | string | null }).id ?? null;
        const { code, message: text } = cancelled();
        return { jsonrpc: '2.0', id, error: { code, message: text } };
      },
    },
    // Background work gives way to what the client sends; a request sees every edit before it.
    messageStrategy: {
      handleMessage: (message, next) => {
        server?.beforeMessage(Message.isRequest(message));
        next(message);
      },
    },
  });
  // A bug in one request must never take the server down.
  process.on('uncaughtException', (e) => connection.console.error(`corroborate: uncaught ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`corroborate: unhandled rejection ${String(e)}`));
  server = new CorroborateServer(connection, FEATURES);
  server.register();
}
