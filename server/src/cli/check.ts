/** `corroborate check [PATH...] [--format text|json] [--min-severity LEVEL]` */
import { relative } from 'node:path';
import type { CoreDiagnostic, Severity } from '../core/model';
import { isArticleCandidate } from '../core/workspace';
import { toPath } from '../lsp/fileWorkspace';
import { choice, parseArgs } from './args';
import { loadCorpus, within } from './load';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const LEVELS = ['error', 'warning', 'information', 'hint'] as const;

export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export async function check(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['format', 'min-severity']);
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const min = choice(args, 'min-severity', LEVELS, 'hint');
  const { corpus, roots } = await loadCorpus(args.positionals, io.cwd);

  const shown = new Set(LEVELS.filter((l) => ORDER[l] <= ORDER[min]));
  const found: { file: string; d: CoreDiagnostic }[] = [];
  for (const uri of corpus.filesWithDiagnostics()) {
    // Articles only mirror what their companion says: report each problem once, where it is written.
    if (isArticleCandidate(uri)) continue;
    const path = toPath(uri);
    if (!path || !within(path, roots)) continue;
    for (const d of corpus.diagnostics(uri, true, shown)) found.push({ file: relative(io.cwd, path) || path, d });
  }
  found.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.d.range.start.line - b.d.range.start.line ||
      a.d.range.start.character - b.d.range.start.character ||
      a.d.code.localeCompare(b.d.code),
  );

  if (format === 'json') {
    io.out(
      JSON.stringify(
        found.map(({ file, d }) => ({ file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const { file, d } of found) {
      io.out(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
    }
    const count = (s: Severity) => found.filter((f) => f.d.severity === s).length;
    const files = corpus.allCompanions().filter((c) => within(toPath(c.uri) ?? '', roots)).length;
    const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    io.err(
      `${n(files, 'companion')} checked: ${n(count('error'), 'error')}, ${n(count('warning'), 'warning')}, ${count('information')} information, ${n(count('hint'), 'hint')}\n`,
    );
  }
  return found.some((f) => f.d.severity === 'error') ? 1 : 0;
}
