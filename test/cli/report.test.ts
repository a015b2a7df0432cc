/**
 * `corroborate report` on the samples: golden files for Markdown and JSON
 * (regenerate with UPDATE_GOLDEN=1 after a deliberate change, and read the
 * diff), and checks of what a reader must find in each format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/lspClient';

const CLI = join(ROOT, 'dist', 'cli.js');

function report(format: string): string {
  const r = spawnSync(process.execPath, [CLI, 'report', 'samples', '--format', format], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function golden(name: string, actual: string): void {
  const path = join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 to accept a deliberate change)`);
}

test('markdown report matches the golden file', () => golden('report.md', report('markdown')));
test('json report matches the golden file', () => golden('report.json', report('json')));

test('the JSON report puts the most disputed first and locates every figure', () => {
  const r = JSON.parse(report('json'));
  const main = r.scopes.find((s: { title: string }) => s.title === 'Almará port strike, March 2026');
  assert.ok(main);
  assert.equal(main.sources.length, 5);
  const strikers = main.quantities[0];
  assert.equal(strikers.key, 'strikers');
  assert.equal(strikers.verdict, 'conflict');
  assert.deepEqual([strikers.min, strikers.max], [5000, 12000]);
  const verdicts = main.quantities.map((q: { verdict: string }) => q.verdict);
  assert.deepEqual([...verdicts].sort((a: string, b: string) => ['conflict', 'contested', 'agree'].indexOf(a) - ['conflict', 'contested', 'agree'].indexOf(b)), verdicts, 'sorted by disagreement');
  for (const q of main.quantities) for (const f of q.figures) assert.ok(f.line > 0 && f.file.endsWith('.txt'), JSON.stringify(f));
  assert.equal(main.quotes[0].verdict, 'misattributed');
  const legal = main.claims.find((c: { key: string }) => c.key === 'strike-legal');
  assert.equal(legal.verdict, 'contested');
  assert.equal(legal.stances.length, 5);
  assert.deepEqual(legal.stances.map((s: { stance: string }) => s.stance).sort(), ["asserts", "denies", "denies", "denies", "questions"]);
});

test('the HTML report is one self-contained file with a dot plot per quantity', () => {
  const html = report('html');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(!/<script|src="http|href="http/i.test(html), 'no script and no remote resource');
  const plots = html.match(/<svg class="plot"/g) ?? [];
  const quantities = JSON.parse(report('json')).scopes.flatMap((s: { quantities: unknown[] }) => s.quantities).length;
  assert.equal(plots.length, quantities);
  assert.match(html, /Workers on strike/);
});
