/**
 * `corroborate check` on the bundled samples: every deliberate problem in
 * samples/broken is reported with its code at the line its README names,
 * and nothing else.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/lspClient';

const CLI = join(ROOT, 'dist', 'cli.js');

interface Item {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

function check(...args: string[]): { code: number | null; items: Item[]; err: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, items: r.stdout ? (JSON.parse(r.stdout) as Item[]) : [], err: r.stderr };
}

/** Rows `| \`file\` | line | \`code\` | ...` of the broken samples' README table. */
function expectedBroken(): string[] {
  const readme = readFileSync(join(ROOT, 'samples', 'broken', 'README.md'), 'utf8');
  const rows: string[] = [];
  for (const m of readme.matchAll(/^\| `([^`]+)` \| (\d+) \| `([a-z-]+)` \|/gm)) {
    rows.push(`samples/broken/${m[1]}:${m[2]}:${m[3]}`);
  }
  return rows.sort();
}

test('samples/broken: each deliberate problem at its line, and nothing else', () => {
  const expected = expectedBroken();
  assert.ok(expected.length >= 9, 'the README table lists the deliberate problems');
  const r = check('samples/broken');
  assert.equal(r.code, 1, 'errors found');
  const got = r.items.map((i) => `${i.file}:${i.range.start.line + 1}:${i.code}`).sort();
  assert.deepEqual(got, expected, JSON.stringify(r.items, null, 1));
});

test('samples (without broken/) pass with no errors or anchoring problems', () => {
  const r = check('samples/meridian-wire.ann.yaml', 'samples/harbour-post.ann.yaml', 'samples/cronica-almara.ann.yaml', 'samples/tidewater-shipping.ann.yaml', 'samples/continental-dispatch.ann.yaml', 'samples/dossier.yaml');
  assert.equal(r.code, 0, r.err + JSON.stringify(r.items, null, 1));
  const local = r.items.filter((i) => /^(anchor-|schema|yaml-|unknown-key|duplicate-id|value-mismatch|date-mismatch)/.test(i.code));
  assert.deepEqual(local, []);
});
