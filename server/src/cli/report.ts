/** `corroborate report [PATH...] [--format markdown|json|html] [--output FILE]` */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { reportHtml } from '../core/report/html';
import { reportMarkdown } from '../core/report/markdown';
import { buildReport } from '../core/report/model';
import { toPath } from '../lsp/fileWorkspace';
import { choice, parseArgs } from './args';
import type { CliIo } from './check';
import { loadCorpus, within } from './load';

export async function report(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['format', 'output']);
  const format = choice(args, 'format', ['markdown', 'json', 'html'] as const, 'markdown');
  const { corpus, roots } = await loadCorpus(args.positionals, io.cwd);
  const companions = corpus.allCompanions().filter((c) => within(toPath(c.uri) ?? '', roots));
  const path = (uri: string) => {
    const p = toPath(uri);
    return p ? relative(io.cwd, p) || p : uri;
  };
  const model = buildReport(corpus, companions, path);
  const text = format === 'json' ? JSON.stringify(model, null, 2) + '\n' : format === 'html' ? reportHtml(model) : reportMarkdown(model);
  const output = args.options.get('output');
  if (output !== undefined) {
    writeFileSync(resolve(io.cwd, output), text);
    io.err(`wrote ${output}\n`);
  } else {
    io.out(text);
  }
  return 0;
}
