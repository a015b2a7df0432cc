/** The bundled CLI (`dist/cli.js`): output formats, filters and exit codes. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCompanion } from '../../server/src/core/parse/companion';
import { parseDossier } from '../../server/src/core/parse/dossier';
import { ROOT, TestClient } from '../support/lspClient';

const CLI = join(ROOT, 'dist', 'cli.js');
let dir: string;

function cli(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-cli-'));
  writeFileSync(join(dir, 'dossier.yaml'), 'entities:\n  jane-roe: { name: Jane Roe }\n');
  writeFileSync(join(dir, 'a.txt'), 'Jane Roe said 8,000 and then 8,000 again.\n');
  writeFileSync(
    join(dir, 'a.ann.yaml'),
    'source:\n  outlet: Gazette\nannotations:\n  - kind: entity\n    text: Jane Roe\n    entity: jane-rowe\n  - kind: figure\n    text: "8,000"\n',
  );
  writeFileSync(join(dir, 'ok.txt'), 'Jane Roe spoke.\n');
  writeFileSync(join(dir, 'ok.ann.yaml'), 'source:\n  outlet: Gazette\nannotations:\n  - kind: entity\n    text: Jane Roe\n    entity: jane-roe\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('text output reads like a compiler and exits 1 on errors', () => {
  const r = cli(['check']);
  assert.equal(r.code, 1, r.err);
  const lines = r.out.trim().split('\n');
  assert.ok(lines.includes('a.ann.yaml:6:13: error unknown-key: "jane-rowe" (entity) is not defined under entities in the dossier. Did you mean "jane-roe"?'), r.out);
  assert.ok(lines.some((l) => l.startsWith('a.ann.yaml:8:11: warning anchor-ambiguous: ')), r.out);
  assert.ok(!lines.some((l) => l.startsWith('a.txt')), 'article mirrors are not printed twice');
  assert.equal(lines.length, 2, r.out);
  assert.match(r.err, /2 companions checked: 1 error, 1 warning,/);
});

test('JSON output: relative paths, 0-based ranges, severities as words', () => {
  const r = cli(['check', '--format', 'json', 'a.ann.yaml']);
  assert.equal(r.code, 1);
  const items = JSON.parse(r.out);
  assert.deepEqual(items[0], {
    file: 'a.ann.yaml',
    range: { start: { line: 5, character: 12 }, end: { line: 5, character: 21 } },
    severity: 'error',
    code: 'unknown-key',
    message: '"jane-rowe" (entity) is not defined under entities in the dossier. Did you mean "jane-roe"?',
  });
  assert.deepEqual(items.map((i: { code: string }) => i.code), ['unknown-key', 'anchor-ambiguous']);
});

test('--min-severity filters, and a clean file exits 0', () => {
  const r = cli(['check', '--format', 'json', '--min-severity', 'error', 'a.ann.yaml']);
  assert.deepEqual(JSON.parse(r.out).map((i: { code: string }) => i.code), ['unknown-key']);
  const ok = cli(['check', 'ok.ann.yaml', 'ok.txt']);
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.equal(ok.out, '');
});

test('bad usage exits 2 with a message', () => {
  assert.equal(cli(['check', '--format', 'xml']).code, 2);
  assert.match(cli(['check', '--format', 'xml']).err, /--format must be one of text, json/);
  assert.equal(cli(['frobnicate']).code, 2);
  assert.equal(cli(['check', 'no-such-dir']).code, 2);
  assert.equal(cli([]).code, 2);
  assert.equal(cli(['--help']).code, 0);
});

test('--version prints the version of package.json', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(cli(['--version']), { code: 0, out: `${version}\n`, err: '' });
});

test('corroborate lsp --stdio serves the language server', async () => {
  const client = await TestClient.start(dir, [CLI, 'lsp', '--stdio']);
  const uri = `file://${join(dir, 'a.ann.yaml')}`;
  const ds = await client.diagnosticsOf(uri, (d) => d.length > 0, 'diagnostics over lsp --stdio');
  assert.ok(ds.some((d) => d.code === 'unknown-key'));
  await client.stop();
  assert.equal(client.exited, 0);
});

test('the bundle validates with validators compiled at build time, and says what the schemas say', () => {
  // The bundle's schema validators are ajv's standalone code (scripts/build.mjs); from source they are
  // compiled at run time. Both must report the same problems.
  const companion =
    'source:\n  outlet: 5\n  published: soon\nannotations:\n  - kind: figure\n    text: x\n    bogus: 1\n    value: many\n  - kind: wrong\n  - kind: quote\n    text: "y"\n    start: -3\n';
  const dossier = 'entities:\n  jane-roe: { name: 7, type: planet }\nquantities:\n  q: { unit: [1] }\nstray: true\n';
  const own = mkdtempSync(join(tmpdir(), 'corroborate-cli-schema-'));
  try {
    writeFileSync(join(own, 'dossier.yaml'), dossier);
    writeFileSync(join(own, 'a.ann.yaml'), companion);
    writeFileSync(join(own, 'a.txt'), 'x y\n');
    const r = cli(['check', '--format', 'json'], own);
    const bundled = (JSON.parse(r.out) as Array<{ file: string; code: string; message: string; range: { start: { line: number; character: number } } }>)
      .filter((i) => i.code === 'schema')
      .map((i) => `${i.file}:${i.range.start.line}:${i.range.start.character} ${i.message}`)
      .sort();
    const fromSource = [
      ...parseCompanion('file:///w/a.ann.yaml', companion).problems.map((p) => ['a.ann.yaml', companion, p] as const),
      ...parseDossier('file:///w/dossier.yaml', dossier).problems.map((p) => ['dossier.yaml', dossier, p] as const),
    ]
      .filter(([, , p]) => p.code === 'schema')
      .map(([file, text, p]) => {
        const before = text.slice(0, p.span.start).split('\n');
        return `${file}:${before.length - 1}:${before[before.length - 1].length} ${p.message}`;
      })
      .sort();
    assert.ok(fromSource.length >= 8, fromSource.join('\n'));
    assert.deepEqual(bundled, fromSource);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
