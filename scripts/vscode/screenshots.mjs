#!/usr/bin/env node
// `npm run screenshots`: pictures of Corroborate in a real VS Code for the docs.
// Starts code-server (the integration harness's, .cache/code-server/) with the
// extension linked into a fresh profile, opens a throwaway copy of samples/,
// and drives headless Chromium (playwright-core) as a user would:
//   docs/images/hover-figure.png  the hover on "5,000 workers" in harbour-post.txt
//   docs/images/problems.png      the Problems panel, filtered to samples/broken/
//   docs/images/compare.png       the comparison panel (`corroborate.compare`), when
//                                 the extension has that command; skipped otherwise
// Options: --out DIR (default docs/images), --width N --height N (default 1280x800),
//          --extension DIR (the extension to load, default this checkout), --no-build,
//          --keep (keep the workspace copy and the profile), --verbose.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromiumPath, ensureCodeServer, launchChromium, makeProfile, startCodeServer } from './code-server.mjs';
import { cleanup, cleanupOnSignals, exitWith, onCleanup, waitUntil } from './procs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = Date.now();
const say = (msg) => console.log(`[screenshots ${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);

const { values: opt } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/images' },
    extension: { type: 'string', default: root },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

/**
 * Settings for tidy pictures: no minimap or start-up clutter, long lines
 * wrapped. The figure codes are off so that the hover shows the cross-source
 * table alone (VS Code puts a word's problems above the hover's own content;
 * the conflict still shows as the red figure and in the table's verdict).
 */
const SHOT_SETTINGS = {
  'corroborate.diagnostics.severity': { 'figure-conflict': 'off', 'figure-contested': 'off' },
  'files.autoSave': 'off',
  'editor.wordWrap': 'on',
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.hover.delay': 200,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'breadcrumbs.enabled': false,
};

const extensionDir = resolve(opt.extension);
const PKG = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;
const COMPARE = (PKG.contributes?.commands ?? []).find((c) => c.command === 'corroborate.compare');

/** Runs a command from the command palette by its title, as a user would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open and waits for its editor tab. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${name}"]`).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Line and column (1-based) of the first `needle` in a workspace file. */
function lineColumn(file, needle) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${file}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

async function shoot(page, file) {
  // Hovers and panels fade in: take the picture once no animation is running.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 }).catch(() => {});
  await page.screenshot({ path: file, animations: 'disabled' });
  const kb = statSync(file).size / 1024;
  say(`wrote ${relative(root, file)} (${kb.toFixed(0)} KB)`);
  if (kb > 300) console.warn(`[screenshots] ${relative(root, file)} is over 300 KB`);
}

async function hoverShot(page, workspace, out) {
  await openFile(page, 'harbour-post.txt');
  const { line, column } = lineColumn(join(workspace, 'harbour-post.txt'), '5,000 workers');
  // The language server answers once it has indexed the dossier: ask again until the table shows.
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Workers on strike' });
  await waitUntil(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${line}:${column + 2}`);
    await page.keyboard.press('Enter');
    await runCommand(page, 'Show or Focus Hover');
    return hover.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => false,
    );
  }, 60_000, 'the hover on "5,000 workers"', 500);
  await shoot(page, join(out, 'hover-figure.png'));
  await page.keyboard.press('Escape');
}

async function problemsShot(page, out) {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const filter = page.locator('.viewpane-filter .monaco-inputbox input').first();
  await filter.waitFor({ state: 'visible' });
  await filter.fill('**/broken/**');
  await runCommand(page, 'View: Toggle Maximized Panel');
  // The nine problems of broken/'s companions, and their copies on the articles' words.
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'inez-calvo' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'companion-without-article' }).first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {});
  await shoot(page, join(out, 'problems.png'));
  await runCommand(page, 'View: Toggle Maximized Panel');
  await filter.fill('');
  await runCommand(page, 'View: Hide Panel');
}

async function compareShot(page, out) {
  if (!COMPARE) {
    say('skipping compare.png: the extension has no corroborate.compare command (yet)');
    return;
  }
  await openFile(page, 'harbour-post.txt');
  await runCommand(page, COMPARE.category ? `${COMPARE.category}: ${COMPARE.title}` : COMPARE.title);
  const frame = page.locator('iframe.webview.ready').first();
  await frame.waitFor({ state: 'visible', timeout: 30_000 });
  // The webview's own document is one frame further in; wait for it to have content.
  await waitUntil(async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const n = await f.evaluate(() => document.body?.innerText.trim().length ?? 0).catch(() => 0);
      if (n > 20) return true;
    }
    return false;
  }, 30_000, 'the comparison panel to show content', 250);
  await shoot(page, join(out, 'compare.png'));
}

async function main() {
  cleanupOnSignals();
  const out = resolve(root, opt.out);
  mkdirSync(out, { recursive: true });
  const browserPath = chromiumPath();
  const entry = await ensureCodeServer(root, say);
  if (!opt['no-build'] && extensionDir === root) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('building the extension failed');
  }

  const workspace = join(mkdtempSync(join(tmpdir(), 'corroborate-shots-')), 'samples');
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  const profile = makeProfile(join(root, '.cache', 'vscode-runs', `shots-${process.pid}`), SHOT_SETTINGS);
  // As `npm start` does: the checkout linked into the extensions folder is installed for code-server.
  symlinkSync(extensionDir, join(profile.extensionsDir, `${EXTENSION_ID}-${PKG.version}`), 'dir');
  if (!opt.keep) {
    onCleanup(() => rmSync(dirname(workspace), { recursive: true, force: true }));
    onCleanup(() => rmSync(profile.dir, { recursive: true, force: true }));
  } else say(`keeping ${workspace} and ${profile.dir}`);

  const server = await startCodeServer(entry, { profile, folder: workspace, onLine: (l) => opt.verbose && console.log(`[code-server] ${l}`) });
  onCleanup(() => server.stop());
  say(`code-server answers on ${server.origin}`);

  const browser = await launchChromium(browserPath, profile);
  onCleanup(() => browser.close().catch(() => {}));
  const page = await browser.newPage({ viewport: { width: Number(opt.width), height: Number(opt.height) }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(30_000);
  if (opt.verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));

  await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
  // Explorer open on the samples, so the pictures show where the files are.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'harbour-post.txt' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  say('workbench ready');

  await hoverShot(page, workspace, out);
  await problemsShot(page, out);
  await compareShot(page, out);
}

main()
  .then(() => exitWith(0))
  .catch(async (e) => {
    console.error(`[screenshots] ${e?.stack ?? e}`);
    await cleanup();
    process.exit(1);
  });
