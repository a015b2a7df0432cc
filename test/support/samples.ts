/** Loads the bundled samples into an in-memory corpus, for tests of the core. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';

export const SAMPLES = join(__dirname, '..', '..', 'samples');

/** Every sample file as `file:///samples/<relative path>` → bytes. */
export function sampleFiles(dir = SAMPLES): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[`file:///samples/${relative(SAMPLES, p).split('\\').join('/')}`] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

export async function sampleCorpus(): Promise<{ corpus: Corpus; workspace: InMemoryWorkspace }> {
  const workspace = new InMemoryWorkspace(sampleFiles());
  const corpus = new Corpus(workspace);
  await corpus.indexAll();
  return { corpus, workspace };
}
