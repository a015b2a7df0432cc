/**
 * The TextMate grammar of articles, checked by the `vscode-tmgrammar-test`
 * CLI over the assertion files in test/grammar/ (numbers, quotations,
 * attributions). A deliberately wrong assertion must make the CLI fail, so
 * this test cannot pass by running nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const GRAMMAR = join(ROOT, 'syntaxes', 'news-article.tmLanguage.json');
const PACKAGE = join(ROOT, 'node_modules', 'vscode-tmgrammar-test');

/** The CLI's script, as its package declares it. */
function cli(): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(PACKAGE, manifest.bin['vscode-tmgrammar-test']);
}

function run(testcases: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [cli(), '--grammar', GRAMMAR, testcases], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('article grammar', () => {
  test('every assertion in test/grammar holds', () => {
    const files = readdirSync(join(ROOT, 'test', 'grammar')).filter((f) => f.endsWith('.test.txt'));
    assert.deepEqual(files.sort(), ['attributions.test.txt', 'numbers.test.txt', 'quotations.test.txt']);
    const { status, output } = run('test/grammar/*.test.txt');
    assert.equal(status, 0, output);
    for (const f of files) assert.match(output, new RegExp(`${f.replace('.', '\\.')} run successful`), output);
  });

  test('a wrong scope assertion fails the CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corroborate-grammar-'));
    try {
      const file = join(dir, 'wrong.test.txt');
      writeFileSync(file, '# SYNTAX TEST "text.news-article" "deliberately wrong"\nAbout 8,000 workers.\n#     ^^^^^ string.quoted.double.news-article\n');
      const { status, output } = run(file);
      assert.notEqual(status, 0, output);
      assert.match(output, /missing required scopes: string\.quoted\.double\.news-article/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
