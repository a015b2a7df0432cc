#!/usr/bin/env node
// The nightly-size reliability run (`npm run test:nightly`): the unit suite
// with its property tests at >= 100,000 cases in total (env CORROBORATE_PROPERTY_RUNS, default
// here 100000; a seed from CORROBORATE_PROPERTY_SEED or the date, so each night
// explores new cases and a failure can be replayed), the edit-script corpus,
// and the protocol robustness session with 10x the requests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const today = new Date();
const env = {
  ...process.env,
  CORROBORATE_PROPERTY_RUNS: process.env.CORROBORATE_PROPERTY_RUNS ?? '100000',
  CORROBORATE_PROPERTY_SEED: process.env.CORROBORATE_PROPERTY_SEED ?? String(today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate()),
  CORROBORATE_PROTOCOL_REQUESTS: process.env.CORROBORATE_PROTOCOL_REQUESTS ?? '25000',
};
console.log(`reliability: ${env.CORROBORATE_PROPERTY_RUNS} property cases, seed ${env.CORROBORATE_PROPERTY_SEED}, ${env.CORROBORATE_PROTOCOL_REQUESTS} protocol requests`);

const step = (label, args) => {
  console.log(`\n== ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${label} failed (exit ${r.status ?? r.signal}); replay with CORROBORATE_PROPERTY_SEED=${env.CORROBORATE_PROPERTY_SEED}`);
    process.exit(r.status || 1);
  }
};
step('build', ['scripts/build.mjs']);
// Every unit test file: the reliability suites and the other files' properties, which scale with
// CORROBORATE_PROPERTY_RUNS too (test/support/reliability.ts, `seeded`).
const unit = readdirSync(join(root, 'test', 'unit')).filter((n) => n.endsWith('.test.ts')).sort().map((n) => `test/unit/${n}`);
step('unit suite, properties at nightly size', ['--import', 'tsx', '--test', '--test-reporter', 'spec', ...unit, 'test/protocol/robustness.test.ts']);
console.log('\nreliability: all passed');
