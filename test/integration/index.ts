// The integration suite's entry: VS Code loads the bundled out/integration/index.js
// as `extensionTestsPath` and awaits run() inside the extension host (desktop
// VS Code via @vscode/test-electron, or code-server in a headless browser).
// It runs every compiled *.test.js beside it with Mocha (BDD: describe/it) and
// reports each test on the console, ending with a line `N passed, N failed`.
//
// Environment (read in the extension host, which inherits it from the runner):
//   CORROBORATE_TEST_GREP     only run tests whose full title matches this regexp
//   CORROBORATE_TEST_TIMEOUT  per-test timeout in ms (default 60000)
//   CORROBORATE_TEST_SUITE    run the test files in this subfolder (for a workspace
//                             of its own, e.g. plain-folder); by default, the
//                             files beside this one
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';
import * as vscode from 'vscode';

type MochaCtor = typeof MochaType;

/** Mocha 12 is an ES module: require() works on Node >= 20.19, import() everywhere else. */
async function loadMocha(): Promise<MochaCtor> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require('mocha');
    return (m.default ?? m) as MochaCtor;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
    // A real dynamic import (a bundler would turn a literal import() into require()).
    const importer = new Function('s', 'return import(s)') as (s: string) => Promise<{ default: MochaCtor }>;
    return (await importer('mocha')).default;
  }
}

/** The *.test.js files directly in `dir`: each subfolder is a suite for a workspace of its own. */
function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

export async function run(): Promise<void> {
  const Mocha = await loadMocha();
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: Number(process.env.CORROBORATE_TEST_TIMEOUT) || 60_000,
    color: false,
    // 'base' prints nothing: results are reported below from the runner's events,
    // one console line each, because the console is what both hosts forward.
    reporter: 'base',
  });
  if (process.env.CORROBORATE_TEST_GREP) mocha.grep(new RegExp(process.env.CORROBORATE_TEST_GREP));
  const suite = process.env.CORROBORATE_TEST_SUITE;
  const files = testFiles(suite ? path.join(__dirname, suite) : __dirname);
  for (const f of files) mocha.addFile(f);
  console.log(`[integration] running ${files.length} test file(s) in VS Code ${vscode.version}`);

  const started = Date.now();
  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    try {
      const runner = mocha.run(() => {
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`[integration] finished in ${secs} s`);
        // The closing line CI tools look for: alone on the line, one word and a colon before it.
        console.log(`integration: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
        resolve({ passed, failed });
      });
      runner.on('test end', (test) => {
        if (test.state === 'passed') {
          passed++;
          console.log(`[integration] ok    ${test.fullTitle()} (${test.duration ?? 0} ms)`);
        } else if (test.isPending()) {
          skipped++;
          console.log(`[integration] skip  ${test.fullTitle()}`);
        }
      });
      runner.on('fail', (test, err: Error) => {
        failed++;
        console.error(`[integration] FAIL  ${test.fullTitle()}\n${indent(err?.stack ?? String(err))}`);
      });
    } catch (e) {
      reject(e);
    }
  });
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
  if (passed === 0) throw new Error('no integration test ran');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n');
}
