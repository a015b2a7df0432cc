/**
 * Loads a corpus from paths on disk for the CLI: the given files and folders,
 * plus every dossier above them (so a single companion is checked against
 * its dossier).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Corpus } from '../core/corpus';
import { DOSSIER_NAME } from '../core/workspace';
import { FileWorkspace } from '../lsp/fileWorkspace';
import { UsageError } from './args';

/** The corpus, and the roots the paths name (resolved against `cwd`; `.` when none), which the output is limited to. */
export async function loadCorpus(paths: readonly string[], cwd: string): Promise<{ corpus: Corpus; roots: string[] }> {
  const roots = (paths.length ? paths : ['.']).map((p) => resolve(cwd, p));
  for (const r of roots) if (!existsSync(r)) throw new UsageError(`no such file or folder: ${r}`);
  const extra = new Set<string>();
  for (const r of roots) {
    for (let dir = dirname(r); ; dir = dirname(dir)) {
      const candidate = join(dir, DOSSIER_NAME);
      if (existsSync(candidate)) extra.add(candidate);
      if (dirname(dir) === dir) break;
    }
  }
  const corpus = new Corpus(new FileWorkspace([...roots, ...extra]));
  await corpus.indexAll();
  return { corpus, roots };
}

/** True when a file lies inside one of the given roots (or is one). */
export function within(file: string, roots: readonly string[]): boolean {
  return roots.some((r) => file === r || file.startsWith(r.endsWith('/') ? r : r + '/'));
}
