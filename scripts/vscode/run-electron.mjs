#!/usr/bin/env node
// Runs the integration suite (test/integration) in desktop VS Code through
// @vscode/test-electron. That package downloads a VS Code build from
// Microsoft's update servers, so this host is for machines with internet
// access (or a local VS Code: VSCODE_EXECUTABLE_PATH=/path/to/code). Offline,
// use `npm run test:code-server`, which needs only the npm registry.
//
// Usage: node scripts/vscode/run-electron.mjs [options]
//   --folder DIR       workspace to open; a throwaway copy is opened (default: samples)
//   --extension DIR    extension folder to load in development (default: the repo)
//   --vscode VERSION   VS Code version to download (default: $VSCODE_VERSION or stable)
//   --grep REGEXP      only run tests whose full title matches
//   --no-build         do not rebuild dist/ first (the suite itself is always rebuilt)
// On Linux without $DISPLAY it re-runs itself under xvfb-run when that exists.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIntegrationSuite } from './build-suite.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (msg) => console.log(`[electron-runner] ${msg}`);

const { values: opt } = parseArgs({
  options: {
    folder: { type: 'string', default: 'samples' },
    extension: { type: 'string', default: root },
    vscode: { type: 'string', default: process.env.VSCODE_VERSION || 'stable' },
    grep: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

function needsDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.env.CORROBORATE_UNDER_XVFB) return false;
  return spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim() !== '';
}

async function main() {
  if (needsDisplay()) {
    say('no display: re-running under xvfb-run');
    const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, CORROBORATE_UNDER_XVFB: '1' },
    });
    return r.status ?? 1;
  }
  const folder = resolve(root, opt.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`workspace folder ${folder} does not exist (pass --folder DIR)`);
  const extensionDir = resolve(opt.extension);

  if (!opt['no-build'] && extensionDir === root) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('building the extension failed');
  }
  const suite = await buildIntegrationSuite(root);

  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (vscodeExecutablePath) {
    if (!existsSync(vscodeExecutablePath)) throw new Error(`VSCODE_EXECUTABLE_PATH=${vscodeExecutablePath} does not exist`);
    say(`using VS Code at ${vscodeExecutablePath}`);
  } else {
    say(`downloading VS Code ${opt.vscode} into .vscode-test/ (first use only)...`);
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: opt.vscode, cachePath: join(root, '.vscode-test'), timeout: 30_000 });
    } catch (e) {
      console.error(
        `[electron-runner] could not download VS Code ${opt.vscode}: ${e?.message ?? e}\n` +
          '  @vscode/test-electron fetches VS Code from Microsoft\'s update servers, which this machine cannot reach.\n' +
          '  Either point VSCODE_EXECUTABLE_PATH at the executable of an installed VS Code (e.g. /usr/share/code/code),\n' +
          '  or run the same suite in code-server, which needs only the npm registry: npm run test:code-server',
      );
      return 1;
    }
  }

  // Throwaway state, removed afterwards: a copy of the workspace and a fresh
  // profile (kept short under the temp dir: VS Code puts unix sockets there).
  const scratch = mkdtempSync(join(tmpdir(), 'corroborate-e-'));
  const workspace = join(scratch, basename(folder));
  cpSync(folder, workspace, { recursive: true });
  mkdirSync(join(scratch, 'ud'));
  mkdirSync(join(scratch, 'ext'));
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: suite.index,
      extensionTestsEnv: { CORROBORATE_TEST_GREP: opt.grep ?? '' },
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
        '--user-data-dir', join(scratch, 'ud'),
        '--extensions-dir', join(scratch, 'ext'),
      ],
    });
    return code;
  } catch (e) {
    // runTests rejects with TestRunFailedError when VS Code exits non-zero (a failing suite).
    console.error(`[electron-runner] ${e?.message ?? e}`);
    return typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[electron-runner] ${e?.message ?? e}`);
    process.exit(1);
  },
);
