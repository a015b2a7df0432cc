#!/usr/bin/env node
// The project's one test command (`npm test`): builds, type-checks, then runs
// every suite. `node scripts/test.mjs unit protocol` runs only those suites.
//
// Suites: unit (core, in memory), cli (the bundled CLI on samples/),
// protocol (the bundled server over stdio), integration (a real VS Code) and
// vsix (the packaged extension: its file list, then the same suite on it).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** Node-test suites: folder under test/ whose *.test.ts files run with node:test. */
const NODE_SUITES = ['unit', 'cli', 'protocol'];
/** Other suites: one or more commands each, run in order. */
const VSCE = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const SCRIPT_SUITES = {
  // The main suite on a copy of samples/, then the extension in a folder with
  // nothing for it (it must start no server until a companion appears).
  integration: [
    [process.execPath, 'scripts/vscode/run-code-server.mjs'],
    [process.execPath, 'scripts/vscode/run-code-server.mjs', '--no-build', '--folder', 'test/fixtures/plain-folder', '--suite', 'plain-folder'],
  ],
  // What ships: package the .vsix (vsce runs vscode:prepublish, a minified
  // build), check its file list, then run the integration suite against the
  // installed package in a fresh code-server (as `npm run test:vsix`).
  vsix: [
    [process.execPath, VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', 'corroborate.vsix'],
    [process.execPath, 'scripts/vscode/check-vsix.mjs', 'corroborate.vsix'],
    [process.execPath, 'scripts/vscode/run-code-server.mjs', '--vsix', 'corroborate.vsix'],
  ],
};

const wanted = args.length ? args : ['typecheck', ...NODE_SUITES, ...Object.keys(SCRIPT_SUITES)];

function run(cmd, cmdArgs, label) {
  console.log(`\n== ${label}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) out.push(relative(root, p));
    }
  };
  walk(join(root, 'test', dir));
  return out.sort();
}

run(process.execPath, ['scripts/build.mjs'], 'build');
for (const suite of wanted) {
  if (suite === 'typecheck') {
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], 'typecheck');
  } else if (NODE_SUITES.includes(suite)) {
    const files = testFiles(suite);
    if (files.length === 0) {
      console.error(`suite ${suite} has no test files`);
      process.exit(1);
    }
    run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'spec', ...files], `${suite} tests`);
  } else if (SCRIPT_SUITES[suite]) {
    for (const [cmd, ...rest] of SCRIPT_SUITES[suite]) run(cmd, rest, `${suite} tests`);
  } else {
    console.error(`unknown suite: ${suite} (known: typecheck, ${[...NODE_SUITES, ...Object.keys(SCRIPT_SUITES)].join(', ')})`);
    process.exit(2);
  }
}
console.log('\nall test suites passed');
