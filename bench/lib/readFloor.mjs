// The read floor: how long a stock LSP client (vscode-jsonrpc's reader, as
// in VS Code's client and the bench's) takes to receive what the server
// published after a cold index, one message per file, from a sender that
// does nothing else. No server can get its diagnostics to a client faster,
// so it bounds the cold index and the warm start from below while every
// file's findings are pushed (corroborate.diagnostics.closedFiles `all`).
// The messages are framed in advance: the server's own JSON encoding is not
// in the floor.
//
// Run as a script, this file is the reader: a fresh process, so that the
// bench's own heap does not slow it. It reads framed messages on stdin,
// keeps each file's diagnostics as a client does, and prints how long it
// took from the start notification to the end one.

import { spawn } from 'node:child_process';
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { now, withTimeout } from './lsp.mjs';

const require = createRequire(import.meta.url);
const { StreamMessageReader } = require('vscode-languageserver-protocol/node');

const START = 'bench/readFloorStart';
const END = 'bench/readFloorEnd';

/** One JSON-RPC message with its LSP header, as bytes. */
function framed(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/**
 * Measures the read floor for `published` (uri → the diagnostics last
 * published for it): the framed messages go to a file in `workDir`
 * (removed afterwards), and from there, through a pipe, to a fresh reader
 * process.
 */
export async function readFloor(published, { workDir, timeoutMs }) {
  const file = join(workDir, `read-floor-${process.pid}-${Math.floor(now())}.bin`);
  let bytes = 0;
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, framed({ jsonrpc: '2.0', method: START }));
    for (const [uri, diagnostics] of published) {
      const b = framed({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, diagnostics } });
      writeSync(fd, b);
      bytes += b.length;
    }
    writeSync(fd, framed({ jsonrpc: '2.0', method: END }));
  } finally {
    closeSync(fd);
  }
  try {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const done = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => {
        try {
          if (code !== 0) throw new Error(`exit ${code}`);
          resolve(JSON.parse(out));
        } catch (e) {
          reject(new Error(`read floor: the reader failed (${e instanceof Error ? e.message : e})`));
        }
      });
    });
    // The reader may stop reading (and exit) on a failure: a broken pipe then only ends the copy.
    child.stdin.on('error', () => undefined);
    createReadStream(file).pipe(child.stdin);
    try {
      const result = await withTimeout(done, timeoutMs, 'read floor');
      if (result.files !== published.size) throw new Error(`read floor: ${result.files} of ${published.size} files read`);
      return { ms: result.ms, bytes, files: result.files };
    } finally {
      child.kill();
    }
  } finally {
    rmSync(file, { force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reader = new StreamMessageReader(process.stdin);
  const kept = new Map();
  let t0 = null;
  reader.onError((e) => {
    process.stderr.write(`read floor: ${e}\n`);
    process.exit(1);
  });
  reader.listen((m) => {
    if (m.method === START) t0 = now();
    else if (m.method === 'textDocument/publishDiagnostics') kept.set(m.params.uri, m.params.diagnostics);
    else if (m.method === END) {
      process.stdout.write(JSON.stringify({ ms: now() - t0, files: kept.size }), () => process.exit(0));
    }
  });
}
