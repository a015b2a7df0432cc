/**
 * The sample dossier shows each kind of cross-source finding exactly where
 * samples/README.md says, and nowhere else.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLES, sampleCorpus } from '../support/samples';

const CROSS = new Set(['figure-conflict', 'figure-contested', 'quote-misattributed', 'quote-divergent', 'claim-contested']);

function expected(): string[] {
  const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Expected cross-source findings'), readme.indexOf('## Things that must NOT'));
  const out: string[] = [];
  for (const m of section.matchAll(/^\|[^|]*\| `([a-z-]+)` \([a-z]+\) \| `([a-z-]+#[a-z0-9]+)`/gm)) out.push(`${m[2]}:${m[1]}`);
  return out.sort();
}

test('cross-source findings on the samples are exactly those in samples/README.md', async () => {
  const want = expected();
  assert.ok(want.length >= 12, `the README lists the findings (${want.length})`);
  const { corpus } = await sampleCorpus();
  const got: string[] = [];
  for (const c of corpus.allCompanions()) {
    if (c.uri.includes('/broken/')) continue;
    const name = c.uri.slice('file:///samples/'.length, -'.ann.yaml'.length);
    for (const d of corpus.diagnostics(c.uri)) {
      if (!CROSS.has(d.code)) continue;
      // The finding's range lies inside one annotation: name it by its id.
      const line = d.range.start.line;
      const a = c.annotations.find((x) => {
        const s = Array.from(c.lineStarts);
        const first = s.findIndex((start) => start > x.span.start) - 1;
        const last = s.findIndex((start) => start > x.span.end) - 1;
        return line >= first && line <= (last < 0 ? s.length : last);
      });
      got.push(`${name}#${a?.id ?? '?'}:${d.code}`);
    }
  }
  assert.deepEqual(got.sort(), want);
});

test('no local problem anywhere in the main samples', async () => {
  const { corpus } = await sampleCorpus();
  for (const uri of corpus.filesWithDiagnostics()) {
    if (uri.includes('/broken/')) continue;
    const local = corpus.diagnostics(uri).filter((d) => !CROSS.has(d.code));
    assert.deepEqual(local, [], uri);
  }
});

test('every main-sample annotation is placed', async () => {
  const { corpus } = await sampleCorpus();
  for (const c of corpus.allCompanions()) {
    if (c.uri.includes('/broken/')) continue;
    for (const a of corpus.annotationsOf(c.uri)) {
      assert.ok(a.anchor.state === 'placed' || a.anchor.state === 'moved', `${c.uri} ${a.annotation.id}: ${a.anchor.state}`);
    }
  }
});
