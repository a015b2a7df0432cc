#!/usr/bin/env node
// Runs the integration suite (test/integration) inside a real VS Code: code-server
// (VS Code in a browser with a Node extension host, installed from npm into
// .cache/code-server/ on first use) driven by headless Debian Chromium through
// playwright-core. Needs no internet beyond the npm registry.
//
// Usage: node scripts/vscode/run-code-server.mjs [options]
//   --folder DIR       workspace to open; a throwaway copy is opened (default: samples)
//   --extension DIR    extension folder to load as in development (default: the repo)
//   --vsix FILE        install this packaged extension instead and test it (smoke run)
//   --grep REGEXP      only run tests whose full title matches
//   --suite NAME       run the tests in test/integration/NAME/ instead of the main ones
//   --timeout SECONDS  overall limit for the suite once VS Code is up (default 600)
//   --no-build         do not rebuild dist/ first (the suite itself is always rebuilt)
//   --keep             keep the workspace copy and the profile folders afterwards
//   --verbose          also print code-server's output and every workbench log line
// Exit code: the suite's (0 when run() resolved), 1 on failure or timeout.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIntegrationSuite } from './build-suite.mjs';
import { chromiumPath, codeServerCli, ensureCodeServer, launchChromium, makeProfile, startCodeServer } from './code-server.mjs';
import { cleanup, cleanupOnSignals, exitWith, onCleanup } from './procs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[code-server-runner ${elapsed()}] ${msg}`);

const { values: opt } = parseArgs({
  options: {
    folder: { type: 'string', default: 'samples' },
    extension: { type: 'string', default: root },
    vsix: { type: 'string' },
    grep: { type: 'string' },
    suite: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

/**
 * User settings for the suite on top of the offline ones. VS Code in a browser
 * saves edited files after a second by default (desktop does not): the tests
 * check what the server makes of unsaved buffers, and revert them afterwards.
 */
const TEST_SETTINGS = { 'files.autoSave': 'off' };

/**
 * Workbench log lines that say nothing about the extension or the suite; shown
 * only with --verbose. Everything else (the extension host's console among it)
 * is streamed.
 */
const NOISE = /connection token|Creating a socket|Service Worker|from gallery|builtin extensions cache|ChatSessionStore|marketplace|ENOTFOUND|getaddrinfo|net::ERR_/i;

async function main() {
  cleanupOnSignals();
  const folder = resolve(root, opt.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`workspace folder ${folder} does not exist (pass --folder DIR)`);
  }
  const vsix = opt.vsix && resolve(opt.vsix);
  if (vsix && !existsSync(vsix)) throw new Error(`no such .vsix: ${vsix}`);
  const extensionDir = resolve(opt.extension);
  const timeoutMs = Number(opt.timeout) * 1000;

  const browserPath = chromiumPath();
  const entry = await ensureCodeServer(root, say);

  if (!opt['no-build'] && !vsix && extensionDir === root) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('building the extension failed');
  }
  const suite = await buildIntegrationSuite(root);
  say(`built ${suite.files} test file(s) into ${relative(root, suite.outdir)}/`);

  // Throwaway state: a copy of the workspace, and a fresh profile (user data,
  // extensions dir, HOME-like folders) that is removed afterwards.
  const workspace = join(mkdtempSync(join(tmpdir(), 'corroborate-ws-')), basename(folder));
  cpSync(folder, workspace, { recursive: true });
  const profile = makeProfile(join(root, '.cache', 'vscode-runs', String(process.pid)), TEST_SETTINGS);
  if (!opt.keep) {
    onCleanup(() => rmSync(dirname(workspace), { recursive: true, force: true }));
    onCleanup(() => rmSync(profile.dir, { recursive: true, force: true }));
  } else say(`keeping ${workspace} and ${profile.dir}`);

  if (vsix) {
    say(`installing ${relative(root, vsix) || vsix} into the fresh extensions dir`);
    const out = codeServerCli(entry, profile, ['--install-extension', vsix]);
    if (opt.verbose) process.stdout.write(out);
  }

  const server = await startCodeServer(entry, {
    profile,
    folder: workspace,
    // Read by the suite: a test filter, whether the extension must come from the .vsix, and which suite.
    env: { CORROBORATE_TEST_GREP: opt.grep ?? '', CORROBORATE_TEST_VSIX: vsix ? '1' : '', CORROBORATE_TEST_SUITE: opt.suite ?? '' },
    onLine: (line) => opt.verbose && console.log(`[code-server] ${line}`),
  });
  onCleanup(async () => {
    await server.stop();
    say('code-server stopped');
  });
  say(`code-server answers on ${server.origin}`);

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionTestsPath', remote(suite.index)]];
  // Without extensionDevelopmentPath the workbench is not in development mode and
  // never reports the suite's end; for a .vsix run, point it at the suite folder
  // (which has no package.json, so it adds no extension).
  payload.unshift(['extensionDevelopmentPath', remote(vsix ? suite.outdir : extensionDir)]);
  const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await launchChromium(browserPath, profile);
  onCleanup(async () => {
    await browser.close().catch(() => {});
    say('browser closed');
  });
  const page = await browser.newPage();

  let finish;
  const exited = new Promise((r) => (finish = r));
  let firstTest;
  let summary;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    const ours = /\[integration\]|^integration: /m.test(text);
    if (ours && !firstTest) {
      firstTest = elapsed();
      say(`suite started (${firstTest} after start)`);
    }
    const m = /^integration: (\d+ passed, \d+ failed.*)$/m.exec(text);
    if (m) summary = m[1];
    if (!ours && !opt.verbose && NOISE.test(text)) return;
    (type === 'error' ? console.error : console.log)(ours ? text : `[workbench ${type}] ${text}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  page.on('pageerror', (e) => opt.verbose && console.error(`[page error] ${e.message}`));
  page.on('crash', () => finish('the page crashed'));

  say(`opening the workbench in headless Chromium (${browserPath})`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  let timer;
  const timeout = new Promise((r) => (timer = setTimeout(() => r(`timed out after ${opt.timeout} s`), timeoutMs)));
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (typeof result !== 'number') throw new Error(`the suite did not finish: ${result}`);
  say(`suite exited with ${result} (${elapsed()} since start)`);
  await cleanup();
  // Repeat the suite's closing line last, after the clean-up chatter.
  if (summary) console.log(`integration: ${summary}`);
  else console.error('[code-server-runner] the suite printed no summary line');
  process.exit(result === 0 && summary ? 0 : 1);
}

main().catch(async (e) => {
  console.error(`[code-server-runner] ${e?.message ?? e}`);
  await exitWith(1);
});
