#!/usr/bin/env node
// The nightly-size reliability run (`npm run test:nightly`): the unit suite
// with its property tests at >= 100,000 cases in total (env CORROBORATE_PROPERTY_RUNS, default
// here 100000; a seed from CORROBORATE_PROPERTY_SEED or the date, so each night
// explores new cases and a failure can be replayed), the edit-script corpus,
// and the protocol robustness session with 10x the requests, in sessions of
// 2,500 on seeds of their own.
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

const step = (label, args, extra = {}, replay = { CORROBORATE_PROPERTY_SEED: env.CORROBORATE_PROPERTY_SEED }) => {
  console.log(`\n== ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, env: { ...env, ...extra }, stdio: 'inherit' });
  if (r.status !== 0) {
    const again = Object.entries(replay).map(([k, v]) => `${k}=${v}`).join(' ');
    console.error(`${label} failed (exit ${r.status ?? r.signal}); replay with ${again}`);
    process.exit(r.status || 1);
  }
};
step('build', ['scripts/build.mjs']);
// Every unit test file: the reliability suites and the other files' properties, which scale with
// CORROBORATE_PROPERTY_RUNS too (test/support/reliability.ts, `seeded`).
const unit = readdirSync(join(root, 'test', 'unit')).filter((n) => n.endsWith('.test.ts')).sort().map((n) => `test/unit/${n}`);
step('unit suite, properties at nightly size', ['--import', 'tsx', '--test', '--test-reporter', 'spec', ...unit]);
// The protocol session in sessions of 2,500 requests, each in a process and on a seed of its own: one
// session of 25,000 outgrew node:test's own bookkeeping of async resources ("Map maximum size exceeded").
const PER_SESSION = 2500;
const sessions = Math.max(1, Math.ceil(Number(env.CORROBORATE_PROTOCOL_REQUESTS) / PER_SESSION));
for (let k = 0; k < sessions; k++) {
  const seed = String(Number(env.CORROBORATE_PROPERTY_SEED) + k);
  const extra = { CORROBORATE_PROTOCOL_REQUESTS: String(PER_SESSION), CORROBORATE_PROTOCOL_SEED: seed };
  step(`protocol robustness, session ${k + 1} of ${sessions}`, ['--import', 'tsx', '--test', '--test-reporter', 'spec', 'test/protocol/robustness.test.ts'], extra, extra);
}
console.log('\nreliability: all passed');
