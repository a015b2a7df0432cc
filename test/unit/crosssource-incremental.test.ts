/**
 * The cross-source analysis is incremental: after each edit it re-examines
 * only what the edit touches and names the files whose diagnostics changed.
 * What a client has been sent (every file once, then the files named after
 * each edit) must always equal what a fresh index of the same text says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { sampleFiles } from '../support/samples';

const files: Record<string, string> = {};
for (const [uri, bytes] of Object.entries(sampleFiles())) if (!uri.includes('/broken/')) files[uri] = Buffer.from(bytes).toString('utf8');
const editable = Object.keys(files).filter((u) => u.endsWith('.txt') || u.endsWith('.ann.yaml'));

/** An edit: a place in one file (0..1 of its length) and what happens there. */
const editArb = fc.record({
  file: fc.integer({ min: 0, max: editable.length - 1 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('space', 'newline', 'delete', 'letter', 'speaker', 'value', 'key'),
});

function apply(text: string, e: { at: number; kind: string }): string {
  const i = Math.floor(e.at * text.length);
  switch (e.kind) {
    case 'space':
      return text.slice(0, i) + ' ' + text.slice(i);
    case 'newline':
      // Every later line moves: in an article, every related place that points below it.
      return text.slice(0, i) + '\n' + text.slice(i);
    case 'delete':
      return text.slice(0, i) + text.slice(i + 1);
    case 'letter':
      return text.slice(0, i) + 'q' + text.slice(i + 1);
    default: {
      // A value that cross-source findings depend on: a speaker, a figure's value, a key.
      const field = e.kind === 'speaker' ? /speaker: \S+/g : e.kind === 'value' ? /value: \d+/g : /(quantity|claim|quote): \S+/g;
      const matches = [...text.matchAll(field)];
      if (!matches.length) return text;
      const m = matches[Math.floor(e.at * matches.length) % matches.length];
      const replacement = e.kind === 'speaker' ? 'speaker: ana-roe' : e.kind === 'value' ? 'value: 7' : `${m[1]}: something-else`;
      return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
    }
  }
}

async function indexed(texts: Record<string, string>): Promise<Corpus> {
  const corpus = new Corpus(new InMemoryWorkspace({ ...texts }));
  await corpus.indexAll();
  return corpus;
}

test('after every edit, the diagnostics sent for the files named dirty make every file current', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
      const corpus = await indexed(files);
      const now = { ...files };
      const sent = new Map<string, string>();
      const publish = () => {
        for (const uri of corpus.takeDirty()) sent.set(uri, JSON.stringify(corpus.diagnostics(uri)));
      };
      publish();
      for (const e of edits) {
        const uri = editable[e.file];
        now[uri] = apply(now[uri], e);
        await corpus.updateText(uri, now[uri]);
        publish();
        const fresh = await indexed(now);
        for (const u of Object.keys(now)) {
          assert.equal(sent.get(u) ?? '[]', JSON.stringify(fresh.diagnostics(u)), `${u} after ${e.kind} in ${uri}`);
        }
      }
    }),
    { numRuns: Number(process.env.CORROBORATE_PROPERTY_RUNS ?? 40) },
  );
});

test('an article edit that only shifts text keeps its readings and re-sends the files whose related places point into it', async () => {
  const articles = editable.filter((u) => u.endsWith('.txt') && files[u.replace(/\.txt$/, '.ann.yaml')] !== undefined);
  let othersResent = 0;
  for (const article of articles) {
    const companion = article.replace(/\.txt$/, '.ann.yaml');
    const corpus = await indexed(files);
    const sent = new Map<string, string>();
    const publish = () => {
      const dirty = corpus.takeDirty();
      for (const uri of dirty) sent.set(uri, JSON.stringify(corpus.diagnostics(uri)));
      return dirty;
    };
    publish();
    const readings = corpus.scopeAnalysis(companion).readingsIn(companion);
    // A line added at the top moves every anchor; replaced by a letter, offsets stay and lines move back; then taken away.
    for (const text of ['\n' + files[article], 'q' + files[article], files[article]]) {
      const before = new Map(sent);
      await corpus.updateText(article, text);
      const dirty = publish();
      assert.equal(corpus.scopeAnalysis(companion).readingsIn(companion), readings, `${article}: its companion's readings are kept`);
      const fresh = await indexed({ ...files, [article]: text });
      for (const u of Object.keys(files)) assert.equal(sent.get(u) ?? '[]', JSON.stringify(fresh.diagnostics(u)), `${u} after ${JSON.stringify(text.slice(0, 1))} at the top of ${article}`);
      // Another companion is re-sent only when what it says changed (its related places moved).
      for (const u of dirty) {
        if (u === companion || u === article || !u.endsWith('.ann.yaml')) continue;
        assert.notEqual(sent.get(u), before.get(u), `${u} was re-checked after ${article} shifted, but nothing in it changed`);
        othersResent++;
      }
    }
  }
  assert.ok(othersResent > 0, 'the samples have related places pointing into another article');
});
