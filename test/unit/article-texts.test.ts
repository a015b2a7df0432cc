/**
 * A corpus that keeps only open articles' texts (`open`, as the server runs
 * it) says exactly what one that keeps every text says, through edits in
 * open buffers, closes, changes on disk and a new anchor threshold; and it
 * does let the closed articles' texts go.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import { Corpus, type CorpusOptions } from '../../server/src/core/corpus';
import { resolveDeferred } from '../../server/src/core/features/annotate';
import type { EditInputs } from '../../server/src/core/features/inputs';
import { InMemoryWorkspace, articleFor, companionFor, isCompanion } from '../../server/src/core/workspace';
import { sampleFiles } from '../support/samples';

const files: Record<string, string> = {};
for (const [uri, bytes] of Object.entries(sampleFiles())) files[uri] = Buffer.from(bytes).toString('utf8');
const editable = Object.keys(files).filter((u) => u.endsWith('.txt') || u.endsWith('.ann.yaml'));
const articles = Object.keys(files).filter((u) => u.endsWith('.txt'));

/** Which article texts a corpus holds: those of open files (and of open companions), no others. */
function assertHeld(corpus: Corpus, open: ReadonlySet<string>, when: string): void {
  for (const uri of articles) {
    const entry = corpus.getArticle(uri);
    if (!entry || entry.unreadable) continue;
    const wanted = open.has(uri) || open.has(companionFor(uri));
    assert.equal(entry.text !== undefined, wanted, `${uri} ${wanted ? 'kept' : 'let go'} ${when}`);
  }
}

const opArb = fc.record({
  kind: fc.constantFrom('open', 'type', 'close', 'disk', 'threshold'),
  file: fc.integer({ min: 0, max: editable.length - 1 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  threshold: fc.constantFrom(0.6, 0.75, 0.9),
});

/** A one-character change that moves anchors (a space) or breaks words (a letter). */
function edited(text: string, at: number, letter: boolean): string {
  const i = Math.floor(at * text.length);
  return letter ? text.slice(0, i) + 'q' + text.slice(i + 1) : text.slice(0, i) + ' ' + text.slice(i);
}

test('keeping only open articles\' texts changes no diagnostic, through typing, closing, disk changes and a new threshold', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
      const disk = { ...files };
      const workspace = new InMemoryWorkspace({ ...disk });
      let options: CorpusOptions = {};
      const corpus = new Corpus(workspace, options, 'open');
      await corpus.indexAll();
      assertHeld(corpus, new Set(), 'after the index');
      const buffers = new Map<string, string>();
      for (const op of ops) {
        const uri = editable[op.file]!;
        switch (op.kind) {
          case 'open':
            buffers.set(uri, buffers.get(uri) ?? disk[uri]!);
            await corpus.updateText(uri, buffers.get(uri)!);
            break;
          case 'type':
            buffers.set(uri, edited(buffers.get(uri) ?? disk[uri]!, op.at, op.at > 0.5));
            await corpus.updateText(uri, buffers.get(uri)!);
            break;
          case 'close':
            if (!buffers.delete(uri)) continue;
            await corpus.refresh(uri);
            break;
          case 'disk':
            if (buffers.has(uri)) continue;
            disk[uri] = edited(disk[uri]!, op.at, op.at > 0.5);
            workspace.set(uri, disk[uri]!);
            await corpus.refresh(uri);
            break;
          case 'threshold':
            // As the server does: new options, the workspace read again, then the open buffers.
            options = { anchorThreshold: op.threshold };
            corpus.setOptions(options);
            await corpus.indexAll();
            for (const [u, text] of buffers) await corpus.updateText(u, text);
            break;
        }
        const when = `after ${op.kind} ${uri}`;
        const fresh = new Corpus(new InMemoryWorkspace({ ...disk, ...Object.fromEntries(buffers) }), options);
        await fresh.indexAll();
        corpus.takeDirty();
        for (const u of Object.keys(files)) {
          assert.equal(JSON.stringify(corpus.diagnostics(u)), JSON.stringify(fresh.diagnostics(u)), `${u} ${when}`);
        }
        assertHeld(corpus, new Set(buffers.keys()), when);
      }
    }),
    seeded(40),
  );
});

test('a request on a closed file reads its article back; annotating every mention reads the whole dossier back, then lets it go', async () => {
  const workspace = new InMemoryWorkspace({ ...files });
  const all = new Corpus(new InMemoryWorkspace({ ...files }));
  const open = new Corpus(workspace, {}, 'open');
  await all.indexAll();
  await open.indexAll();
  const companion = editable.find((u) => isCompanion(u) && !u.includes('/broken/'))!;
  const article = articleFor(companion);
  assert.equal(open.getArticle(article)?.text, undefined, 'let go after the index');
  await open.holdText(companion);
  assert.equal(open.getArticle(article)?.text, files[article], 'read back for a request on its companion');
  // Every mention of an entity, in every article of the dossier: only with every text read back.
  const dossier = all.dossierFor(article)!;
  const entity = [...dossier.definitions.entities.keys()][0]!;
  const deferred = { type: 'mentions-in-all-articles', articleUri: article, entity } as const;
  const inputs = (corpus: Corpus): EditInputs => ({ corpus, text: (uri) => files[uri], canCreateFiles: true });
  const expected = resolveDeferred(inputs(all), deferred);
  assert.ok(expected?.plan && expected.plan.files.length > 1, 'the samples mention the entity in several articles');
  assert.equal(resolveDeferred(inputs(open), deferred), undefined, 'not offered from part of the dossier');
  const openDossier = open.dossierFor(article);
  const got = await open.withArticleTexts((u) => open.dossierFor(u) === openDossier, () => resolveDeferred(inputs(open), deferred));
  assert.deepEqual(got, expected);
  const stillHeld = articles.filter((u) => u !== article && open.getArticle(u)?.text !== undefined);
  assert.deepEqual(stillHeld, [], 'let go again afterwards');
  // A file changed on disk since it was anchored is not read back as if it were the same.
  const other = articles.find((u) => u !== article && open.getArticle(u)?.released)!;
  workspace.set(other, '\n' + files[other]);
  await open.holdText(other);
  assert.equal(open.getArticle(other)?.text, undefined);
  // Nor one with as many lines, starting elsewhere.
  const shifted = articles.find((u) => u !== article && u !== other && open.getArticle(u)?.released)!;
  workspace.set(shifted, ' ' + files[shifted]);
  await open.holdText(shifted);
  assert.equal(open.getArticle(shifted)?.text, undefined);
  workspace.set(shifted, files[shifted]);
  await open.holdText(shifted);
  assert.equal(open.getArticle(shifted)?.text, files[shifted], 'read back once it reads as anchored again');
});
