/**
 * The `corroborate` command line: the same core as the language server.
 *   corroborate check [PATH...] [--format text|json] [--min-severity LEVEL]
 *   corroborate report [PATH...] [--format markdown|json|html] [--output FILE]
 *   corroborate lsp --stdio | --node-ipc | --socket=PORT
 * Exit codes: 0 no errors, 1 errors found, 2 bad usage or failure.
 */
import { SERVER_VERSION } from '../lsp/server';
import { startServer } from '../lsp/start';
import { UsageError } from './args';
import { check, type CliIo } from './check';
import { report } from './report';

const USAGE = `Usage:
  corroborate check [PATH...] [--format text|json] [--min-severity error|warning|information|hint]
      Check annotations; exit 0 when no errors, 1 when errors, 2 on bad usage.
  corroborate report [PATH...] [--format markdown|json|html] [--output FILE]
      Compare figures, quotes and claims across every source, most disputed first.
  corroborate lsp --stdio | --node-ipc | --socket=PORT
      Run the language server over stdio (for Neovim, Emacs, Helix, ...), Node IPC or a socket.
  corroborate --version | --help
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'report':
        return await report(rest, io);
      case 'lsp':
        if (!rest.includes('--stdio') && !rest.some((a) => a.startsWith('--node-ipc') || a.startsWith('--socket'))) {
          throw new UsageError('corroborate lsp needs a transport: --stdio, --node-ipc or --socket=PORT');
        }
        startServer();
        return -1; // keeps running
      case '--version':
      case '-v':
        io.out(`${SERVER_VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return 0;
      case undefined:
        io.err(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`corroborate: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`corroborate: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: CliIo = {
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  };
  void main(process.argv.slice(2), io).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
