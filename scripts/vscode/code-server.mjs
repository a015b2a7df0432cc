// code-server as a VS Code host on machines that reach only the npm registry
// and Debian's packages: installing it once into .cache/code-server/, checking
// the Debian packages it needs, and starting/stopping one server.
// Used by run-code-server.mjs (the integration suite) and scripts/start.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitUntil, killTree } from './procs.mjs';

/** 4.100.x ships VS Code 1.100 and is the last line that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
/**
 * code-server depends on @vscode/ripgrep, whose postinstall downloads ripgrep
 * from GitHub unless it finds this archive in its cache under os.tmpdir().
 * Both names are fixed by the @vscode/ripgrep version code-server pins (and
 * the archive's by the machine: x86_64 Linux, like this project's machines).
 */
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Debian packages needed to install code-server (native modules, ripgrep). */
export const INSTALL_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev', 'ripgrep'];
/** Debian packages needed to run the suite in a browser. (.ci/run installs both lists.) */
export const BROWSER_PACKAGES = ['chromium'];

export function codeServerDir(root) {
  return join(root, '.cache', 'code-server');
}

function installedMarker(root) {
  return join(codeServerDir(root), `.installed-${CODE_SERVER_VERSION}`);
}

/** The code-server entry script, or undefined when not installed (completely). */
export function codeServerEntry(root) {
  const entry = join(codeServerDir(root), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return existsSync(installedMarker(root)) && existsSync(entry) ? entry : undefined;
}

/** Debian packages from `wanted` that dpkg does not report installed; [] where dpkg is absent. */
export function missingDebianPackages(wanted) {
  const probe = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...wanted], { encoding: 'utf8' });
  if (probe.error) return []; // not Debian: let the steps below fail with their own messages
  const installed = new Set(
    probe.stdout
      .split('\n')
      .map((l) => l.trim().split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name.replace(/:.*/, '')),
  );
  return wanted.filter((p) => !installed.has(p));
}

/** Throws with the exact apt-get line when some of `wanted` are missing. */
export function requireDebianPackages(wanted, why) {
  const missing = missingDebianPackages(wanted);
  if (missing.length) {
    throw new Error(
      `${why} needs Debian packages that are not installed: ${missing.join(' ')}\n` +
        `Install them (as root) with:\n  apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
}

/** Browser flags for a headless run that contacts nothing but the local server. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-breakpad', '--disable-crash-reporter'];

/**
 * Headless Chromium (at `executablePath`, from chromiumPath()) driven by
 * playwright-core, with the profile's environment (its XDG and TMPDIR folders).
 * The caller closes it.
 */
export async function launchChromium(executablePath, profile) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...profile.env },
    // Playwright's own handlers would exit the process before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** The Chromium binary playwright should drive. CHROMIUM_PATH overrides. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    requireDebianPackages(BROWSER_PACKAGES, 'Running VS Code in a headless browser');
    throw new Error(`no Chromium found (tried ${candidates.join(', ')}); set CHROMIUM_PATH`);
  }
  return found;
}

/**
 * Installs code-server into .cache/code-server/ (its own package.json there)
 * unless it is already installed. Returns the entry script to run with node.
 */
export async function ensureCodeServer(root, log = console.log) {
  const ready = codeServerEntry(root);
  if (ready) return ready;
  requireDebianPackages(INSTALL_PACKAGES, `Installing code-server@${CODE_SERVER_VERSION}`);
  const dir = codeServerDir(root);
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'corroborate-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2) + '\n',
  );
  // An archive holding Debian's rg where @vscode/ripgrep looks for its cached download.
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) is not on PATH: apt-get install -y ripgrep');
  const cache = join(tmp, RIPGREP_CACHE_DIR);
  mkdirSync(cache, { recursive: true });
  const staging = join(tmp, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync(rg, join(staging, 'rg'));
  const tar = spawnSync('tar', ['-czf', join(cache, RIPGREP_ARCHIVE), '-C', staging, 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('could not pack the ripgrep archive');

  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (first use only; takes a few minutes)...`);
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = {
    ...process.env,
    TMPDIR: tmp, // os.tmpdir() for the postinstalls: where the ripgrep archive waits
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which would prompt
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const code = await new Promise((resolve) => {
    const child = spawn(npm, ['install', '--no-package-lock', '--loglevel=error'], { cwd: dir, env, stdio: 'inherit' });
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code}); see the output above`);
  rmSync(staging, { recursive: true, force: true });
  writeFileSync(installedMarker(root), `${new Date().toISOString()} ${Date.now() - started} ms\n`);
  log(`installed code-server@${CODE_SERVER_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const entry = codeServerEntry(root);
  if (!entry) throw new Error('code-server installed, but its entry script is missing');
  return entry;
}

/**
 * code-server writes a default config (with a password) to ~/.config/code-server
 * unless it is given one: keep it beside the profile instead.
 */
function configArgs(userDataDir) {
  const config = join(userDataDir, '..', 'code-server.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\n');
  return ['--config', config];
}

/**
 * The profile of one code-server: user data, extensions and a home for what
 * code-server, VS Code and Chromium would otherwise write under ~/.config,
 * ~/.local/share, ~/.cache and /tmp (logs, device id, IPC sockets, crash
 * reports). Creates the folders, writes user settings that keep VS Code off
 * the network (plus `settings`), and returns the paths plus the environment
 * to run them with.
 * Keep `dir` short: VS Code puts unix sockets in it (107-byte path limit).
 */
export function makeProfile(dir, settings = {}) {
  const p = {
    dir,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    env: {
      XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
      XDG_DATA_HOME: join(dir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
      TMPDIR: join(dir, 'tmp'),
      // An empty gallery turns the extension marketplace off instead of failing look-ups of open-vsx.org.
      EXTENSIONS_GALLERY: '{}',
    },
  };
  for (const d of [p.userDataDir, p.extensionsDir, ...Object.values(p.env).filter((v) => v.startsWith(dir))]) mkdirSync(d, { recursive: true });
  const settingsFile = join(p.userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...OFFLINE_SETTINGS, ...settings }, null, 2) + '\n');
  }
  return p;
}

/** User settings for a VS Code that must not reach the network or stop for prompts. */
const OFFLINE_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Runs the code-server CLI once (e.g. --install-extension) and resolves with its output. */
export function codeServerCli(entry, profile, args, { timeoutMs = 120_000 } = {}) {
  const all = [...configArgs(profile.userDataDir), '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, ...args];
  const r = spawnSync(process.execPath, [entry, ...all], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...profile.env } });
  if (r.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
  return r.stdout + r.stderr;
}

/**
 * Starts code-server with `profile` (from makeProfile) on `port`, by default a
 * free loopback port (code-server picks it: --bind-addr 127.0.0.1:0, no race
 * between choosing and binding), and resolves once it answers
 * HTTP. `env` is added to its environment (the extension host inherits it).
 * Its output goes to `onLine`.
 * Returns { port, origin, stop() }; stop() kills its whole process group.
 */
export async function startCodeServer(entry, { profile, folder, host = '127.0.0.1', port: wantedPort = 0, env = {}, extraArgs = [], onLine = () => {}, timeoutMs = 60_000 }) {
  const { userDataDir, extensionsDir } = profile;
  const args = [
    entry,
    ...configArgs(userDataDir),
    '--auth', 'none',
    '--bind-addr', `${host}:${wantedPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...extraArgs,
    folder,
  ];
  // Its own process group, so stop() reaches the extension host and pty host too.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', ...profile.env, ...env },
  });
  let port;
  let exited;
  child.on('exit', (c, s) => (exited = `code-server exited early (${c ?? s})`));
  child.on('error', (e) => (exited = `code-server did not start: ${e.message}`));
  const onData = (buf) => {
    for (const line of buf.toString().split('\n')) {
      if (!line.trim()) continue;
      onLine(line);
      const m = /HTTP server listening on https?:\/\/[^\s/]*:(\d+)/.exec(line);
      if (m) port = Number(m[1]);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const stop = () => killTree(child);
  try {
    await waitUntil(() => {
      if (exited) throw new Error(exited);
      return port;
    }, timeoutMs, 'code-server to report its port');
    const origin = `http://127.0.0.1:${port}`;
    await waitUntil(async () => {
      if (exited) throw new Error(exited);
      try {
        const res = await fetch(`${origin}/healthz`);
        return res.ok;
      } catch {
        return false;
      }
    }, timeoutMs, `code-server to answer on ${origin}`);
    return { port, origin, child, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
