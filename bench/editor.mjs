#!/usr/bin/env node
// `npm run bench:editor`: what a user sees in a real VS Code when opening the
// benchmark's corpus. Not a test and not part of `npm run bench` (it needs
// code-server and Chromium, as the integration suite does): it opens the
// corpus in code-server with the extension installed, as `npm start` does,
// and watches the workbench from headless Chromium.
//
// For a cold start (fresh profile, no warm-start cache) and then a warm start
// (the same profile, the page reloaded), it measures, from the moment the page
// is asked for:
//   - when the status bar's problem counts first move, and when they last
//     changed (then stayed put for --quiet-s seconds): the Problems panel is
//     complete;
//   - the longest time the window's main thread did not run a 100 ms timer,
//     and the total of such stalls (how frozen the window felt meanwhile);
//   - the resident memory of the extension host, the language server and the
//     browser's renderer, and the renderer's JavaScript heap, once complete;
//   - the notifications Corroborate showed meanwhile.
//
// Options: --pairs N (default 1000), --seed S, --cache DIR (the corpus, as
// `npm run bench`), --closed-files MODE (the setting
// corroborate.diagnostics.closedFiles), --quiet-s S (default 5), --timeout-s S
// (each start, default 600), --no-warm, --no-build, --json, --verbose,
// --cpu-prof DIR (CPU profiles of code-server's Node processes, written as each exits),
// --views (the Corroborate sidebar open, as someone using its views has it).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromiumPath, ensureCodeServer, launchChromium, makeProfile, startCodeServer } from '../scripts/vscode/code-server.mjs';
import { cleanup, cleanupOnSignals, exitWith, onCleanup, waitUntil } from '../scripts/vscode/procs.mjs';
import { ensureCorpus } from './lib/corpus.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const t00 = Date.now();
const say = (msg) => console.error(`[bench:editor ${((Date.now() - t00) / 1000).toFixed(1)} s] ${msg}`);

const { values: opt } = parseArgs({
  options: {
    pairs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20260305' },
    cache: { type: 'string', default: join(root, '.cache', 'bench') },
    'closed-files': { type: 'string' },
    'quiet-s': { type: 'string', default: '5' },
    'timeout-s': { type: 'string', default: '600' },
    'no-warm': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    views: { type: 'boolean', default: false },
  },
});

const PKG = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;
const POLL_MS = 100;

/**
 * Put in the page before the workbench's own scripts: a 100 ms timer that
 * records how late it runs. A late timer is a main thread busy with something
 * else (here, mostly taking in diagnostics), during which the window does not
 * answer typing or clicks.
 */
function stallProbe() {
  const w = /** @type {any} */ (window);
  w.__stalls = { longestMs: 0, totalMs: 0, count: 0 };
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - 100;
    last = now;
    if (late > 50) {
      w.__stalls.count++;
      w.__stalls.totalMs += late;
      if (late > w.__stalls.longestMs) w.__stalls.longestMs = late;
    }
  }, 100);
}

/**
 * The status bar's problem counts, as a user reads them (undefined until the
 * item shows), and the notifications from Corroborate on screen (a toast
 * hides itself after a while, so each poll looks).
 */
function problemCounts() {
  const item = document.getElementById('status.problems');
  if (!item) return undefined;
  const label = item.querySelector('a')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? item.textContent ?? '';
  const notices = [...document.querySelectorAll('.notification-list-item-message')].map((e) => e.textContent ?? '').filter((t) => t.startsWith('Corroborate'));
  const w = /** @type {any} */ (window);
  return { label, notices, stalls: { ...w.__stalls } };
}

/** Numbers in a status bar label such as "Errors: 3, Warnings: 10, Infos: 200" (in order of appearance). */
function numbersOf(label) {
  return (label.match(/\d[\d,]*/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
}

/** Resident memory (MB) of the extension host, the language server and the renderer, from ps. */
function processMemory() {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
  const mb = { extensionHostMB: 0, serverMB: 0, rendererMB: 0 };
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, rss, args] = m;
    const v = Number(rss) / 1024;
    if (args.includes(join('dist', 'server.js'))) mb.serverMB += v;
    else if (/--type=extensionHost/.test(args)) mb.extensionHostMB += v;
    else if (/chrom.*--type=renderer/.test(args) && !/--extension-process/.test(args)) mb.rendererMB = Math.max(mb.rendererMB, v);
  }
  for (const k of Object.keys(mb)) mb[k] = Math.round(mb[k]);
  return mb;
}

/** The warm-start cache's size (bytes) under the profile, or 0 while there is none. */
function warmCacheBytes(dir) {
  let found = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'warm-start.json') found = statSync(p).size;
    }
  };
  try {
    walk(dir);
  } catch {
    // a folder went away while walking: nothing to report yet
  }
  return found;
}

/** Shows the Corroborate sidebar (its Sources, Quantities, Quotes and Claims views) through the command palette, as a user would. */
async function showViews(page) {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  // The palette lists extensions' commands once they are registered: ask again until the command shows.
  await waitUntil(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Focus on Sources View');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Focus on Sources View' }).first();
    if (!(await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) return false;
    await page.keyboard.press('Enter');
    return true;
  }, 60_000, 'the command Focus on Sources View', 500);
  await page.locator('.pane-header', { hasText: 'Sources' }).first().waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Opens (or reloads) the workbench and polls the status bar until its counts
 * have not changed for `quietMs` after first showing problems.
 */
async function watchStart(page, cdp, open, { quietMs, timeoutMs }) {
  const t0 = Date.now();
  await open();
  let first;
  let lastChange;
  let label;
  let stalls;
  let polls = 0;
  const notices = new Set();
  while (Date.now() - t0 < timeoutMs) {
    const before = Date.now();
    const seen = await page.evaluate(problemCounts).catch(() => undefined);
    polls++;
    const at = Date.now();
    if (seen) {
      stalls = seen.stalls;
      for (const n of seen.notices) notices.add(n);
      const total = numbersOf(seen.label).reduce((a, b) => a + b, 0);
      if (seen.label !== label) {
        if (opt.verbose) say(`status bar: "${seen.label}" (${((at - t0) / 1000).toFixed(2)} s; the page took ${at - before} ms to answer)`);
        label = seen.label;
        if (total > 0) {
          first ??= at - t0;
          lastChange = at - t0;
        }
      }
      if (lastChange !== undefined && at - t0 - lastChange >= quietMs) break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (lastChange === undefined) throw new Error(`no problems showed in the status bar within ${timeoutMs / 1000} s`);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  return {
    firstProblemsMs: first,
    problemsCompleteMs: lastChange,
    statusBar: label,
    counts: numbersOf(label),
    longestStallMs: Math.round(stalls?.longestMs ?? 0),
    stallTotalMs: Math.round(stalls?.totalMs ?? 0),
    rendererHeapMB: Math.round(heap / 1048576),
    ...processMemory(),
    notices: [...notices],
    polls,
  };
}

function table(result) {
  const rows = [['', 'cold start', 'warm start']];
  const get = (k, f = (v) => String(v)) => [result.cold?.[k], result.warm?.[k]].map((v) => (v === undefined ? 'n/a' : f(v)));
  const s = (v) => `${(v / 1000).toFixed(2)} s`;
  rows.push(['first problems in the status bar', ...get('firstProblemsMs', s)]);
  rows.push(['Problems complete (last change)', ...get('problemsCompleteMs', s)]);
  rows.push(['status bar then', ...get('statusBar')]);
  rows.push(['longest main-thread stall', ...get('longestStallMs', s)]);
  rows.push(['stalls over 50 ms, in all', ...get('stallTotalMs', s)]);
  rows.push(['renderer JS heap', ...get('rendererHeapMB', (v) => `${v} MB`)]);
  rows.push(['renderer RSS', ...get('rendererMB', (v) => `${v} MB`)]);
  rows.push(['extension host RSS', ...get('extensionHostMB', (v) => `${v} MB`)]);
  rows.push(['language server RSS', ...get('serverMB', (v) => `${v} MB`)]);
  rows.push(['Corroborate notices shown', ...get('notices', (v) => (v.length ? v.map((t) => `"${t.slice(0, 60)}…"`).join('; ') : 'none'))]);
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ')).join('\n');
}

async function main() {
  cleanupOnSignals();
  const pairs = Number(opt.pairs);
  const quietMs = Number(opt['quiet-s']) * 1000;
  const timeoutMs = Number(opt['timeout-s']) * 1000;
  const corpus = ensureCorpus(resolve(opt.cache), Number(opt.seed), pairs, say);
  say(`corpus ${corpus.root}`);
  const browserPath = chromiumPath();
  const entry = await ensureCodeServer(root, say);
  if (!opt['no-build']) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
    if (b.status !== 0) throw new Error('building the extension failed');
  }

  const settings = { 'files.autoSave': 'off' };
  if (opt['closed-files']) settings['corroborate.diagnostics.closedFiles'] = opt['closed-files'];
  const profile = makeProfile(join(root, '.cache', 'vscode-runs', `editor-${process.pid}`), settings);
  symlinkSync(root, join(profile.extensionsDir, `${EXTENSION_ID}-${PKG.version}`), 'dir');
  onCleanup(() => rmSync(profile.dir, { recursive: true, force: true }));

  // The corpus is opened where it is: nothing here edits it, and the warm-start cache lives in the profile.
  // --cpu-prof DIR: every Node process of code-server (the extension host and the language server among them) writes a CPU profile there when it exits.
  const env = opt['cpu-prof'] ? { NODE_OPTIONS: `--require ${join(root, 'bench', 'lib', 'cpuProfileOnExit.cjs')}`, CORROBORATE_CPU_PROFILE_DIR: resolve(opt['cpu-prof']) } : {};
  const server = await startCodeServer(entry, { profile, folder: corpus.root, env, onLine: (l) => opt.verbose && console.error(`[code-server] ${l}`) });
  onCleanup(() => server.stop());
  const browser = await launchChromium(browserPath, profile);
  onCleanup(() => browser.close().catch(() => {}));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(stallProbe);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const url = `${server.origin}/?folder=${encodeURIComponent(corpus.root)}`;

  say(`cold start: opening ${pairs} pairs in the workbench`);
  const open = (go) => async () => {
    await go();
    if (opt.views) await showViews(page);
  };
  const cold = await watchStart(page, cdp, open(() => page.goto(url, { waitUntil: 'commit', timeout: 60_000 })), { quietMs, timeoutMs });
  say(`cold start: problems complete after ${(cold.problemsCompleteMs / 1000).toFixed(2)} s (${cold.statusBar})`);

  let warm;
  if (!opt['no-warm']) {
    // The server writes its cache once it has published everything; wait for the file to stop growing.
    let size = -1;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = warmCacheBytes(profile.userDataDir);
      if (now > 0 && now === size) break;
      if (Date.now() > deadline) throw new Error('the warm-start cache was never written');
      size = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
    say(`warm start: cache ${(size / 1048576).toFixed(1)} MB written; reloading the window`);
    warm = await watchStart(page, cdp, open(() => page.reload({ waitUntil: 'commit', timeout: 60_000 })), { quietMs, timeoutMs });
    warm.warmCacheMB = Math.round((size / 1048576) * 10) / 10;
    say(`warm start: problems complete after ${(warm.problemsCompleteMs / 1000).toFixed(2)} s (${warm.statusBar})`);
  }

  const result = { pairs, seed: Number(opt.seed), closedFiles: opt['closed-files'] ?? 'default', views: opt.views, quietS: quietMs / 1000, cold, warm };
  console.log(opt.json ? JSON.stringify(result) : table(result));
}

main()
  .then(() => exitWith(0))
  .catch(async (e) => {
    console.error(`[bench:editor] ${e?.stack ?? e}`);
    await cleanup();
    process.exit(1);
  });
