#!/usr/bin/env node
// `npm start`: try Corroborate in one command. Installs dependencies when
// node_modules is missing or older than package-lock.json, builds, checks the
// samples with the CLI, then opens samples/ in VS Code with the extension loaded:
//   - desktop VS Code (`code` on PATH, not under CI) with --extensionDevelopmentPath;
//   - otherwise code-server on a loopback port (installed from npm into
//     .cache/code-server/ on first use), serving until Ctrl-C.
// Options:
//   --no-open       do not open anything; print what would be opened (also under CI=true)
//   --code-server   use code-server even when desktop `code` is on PATH
//   --port N        code-server's port (default: a free one)
// Only Node's own modules are imported up front: node_modules may not exist yet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, symlinkSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(root, 'samples');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ci = !!process.env.CI && process.env.CI !== 'false';

const { values: opt } = parseArgs({
  options: {
    'no-open': { type: 'boolean', default: false },
    'code-server': { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
  },
});

function step(title) {
  console.log(`\n== ${title}`);
}

function mustRun(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

/** npm records each install in node_modules/.package-lock.json: older than the lockfile means stale. */
function dependenciesStale() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs) return 'package-lock.json changed since the last install';
  return undefined;
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

const stale = dependenciesStale();
if (stale) {
  step(`npm install (${stale})`);
  mustRun(npm, ['install', '--no-audit', '--no-fund']);
}

step('build');
mustRun(process.execPath, ['scripts/build.mjs']);

step('corroborate check samples');
if (!existsSync(samples)) {
  console.error('there is no samples/ folder to open');
  process.exit(1);
}
// samples/ holds deliberately broken files too: the check's findings are shown, not fatal.
const check = spawnSync(process.execPath, ['dist/cli.js', 'check', 'samples'], { cwd: root, stdio: 'inherit' });
if (check.status !== 0) console.log(`(the check exited with ${check.status ?? check.signal}; samples/broken has deliberate problems)`);

const code = !opt['code-server'] && !ci ? onPath('code') : undefined;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionId = `${pkg.publisher}.${pkg.name}`;

if (code) {
  const args = [`--extensionDevelopmentPath=${root}`, samples];
  if (opt['no-open']) {
    console.log(`\nwould open: ${code} ${args.join(' ')}`);
    process.exit(0);
  }
  step('opening samples/ in VS Code with the extension loaded');
  console.log(`${code} ${args.join(' ')}`);
  spawn(code, args, { stdio: 'ignore', detached: true }).unref();
  process.exit(0);
}

if (opt['no-open'] || ci) {
  console.log(
    `\nwould start code-server (from .cache/code-server/) on 127.0.0.1 with ${extensionId} linked into its extensions folder,\n` +
      `and print http://127.0.0.1:PORT/?folder=${samples}\n` +
      '(not opened: ' + (ci ? 'CI is set' : '--no-open') + ')',
  );
  process.exit(0);
}

// code-server: the extension is loaded by linking this checkout into a fresh
// extensions folder (code-server registers it on start; checked: the extension
// host log shows it activating). Reload the window after `npm run watch` rebuilds.
const { ensureCodeServer, makeProfile, startCodeServer } = await import('./vscode/code-server.mjs');
const { cleaningUp, cleanupOnSignals, exitWith, onCleanup } = await import('./vscode/procs.mjs');
cleanupOnSignals();
step('code-server');
let entry;
try {
  entry = await ensureCodeServer(root);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const profile = makeProfile(join(root, '.cache', 'start'));
rmSync(profile.extensionsDir, { recursive: true, force: true });
mkdirSync(profile.extensionsDir, { recursive: true });
symlinkSync(root, join(profile.extensionsDir, `${extensionId}-${pkg.version}`), 'dir');

const server = await startCodeServer(entry, {
  profile,
  folder: samples,
  port: Number(opt.port),
  onLine: (line) => /error|warn/i.test(line) && !/vsda/.test(line) && console.log(`[code-server] ${line}`),
});
onCleanup(() => server.stop());
console.log(
  `\nCorroborate is loaded in code-server. Open in a browser on this machine:\n\n  ${server.origin}/?folder=${encodeURIComponent(samples).replaceAll('%2F', '/')}\n\n` +
    'Press Ctrl-C to stop.',
);
server.child.on('exit', (c, s) => {
  if (cleaningUp()) return; // stopped by Ctrl-C
  console.error(`code-server exited by itself (${c ?? s})`);
  exitWith(c || 1);
});
