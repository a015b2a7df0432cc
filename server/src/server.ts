/**
 * Entry point of the bundled language server (`dist/server.js`). The
 * transport is chosen from the command line: `--stdio`, `--node-ipc` or
 * `--socket=PORT`, as vscode-languageserver reads it.
 */
import { startServer } from './lsp/start';

startServer();
