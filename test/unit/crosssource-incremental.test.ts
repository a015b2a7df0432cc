/**
 * The cross-source analysis is incremental: after each edit it re-examines
 * only what the edit touches and names the files whose diagnostics changed.
 * What a client has been sent (every file once, then the files named after
 * each edit) must always equal what a fresh index of the same text says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import { Corpus } from '../../server/src/core/corpus';
import { disagreements, type Disagreement } from '../../server/src/core/crossSource/figures';
import { annotationKey, byPlace } from '../../server/src/core/crossSource/related';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { sampleFiles } from '../support/samples';

const files: Record<string, string> = {};
for (const [uri, bytes] of Object.entries(sampleFiles())) if (!uri.includes('/broken/')) files[uri] = Buffer.from(bytes).toString('utf8');
const editable = Object.keys(files).filter((u) => u.endsWith('.txt') || u.endsWith('.ann.yaml'));

/** An edit: a place in one file (0..1 of its length) and what happens there. */
const editArb = fc.record({
  file: fc.integer({ min: 0, max: editable.length - 1 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('space', 'newline', 'delete', 'letter', 'speaker', 'value', 'key', 'hint', 'drop', 'words'),
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
    case 'words': {
      // A figure's words, not what it says: "the 5,000 workers" reads as 5,000 workers still.
      const matches = [...text.matchAll(/kind: figure\n {4}text: "?/g)];
      if (!matches.length) return text;
      const m = matches[Math.floor(e.at * matches.length) % matches.length];
      const at = m.index! + m[0].length;
      return text.slice(0, at) + (text.startsWith('the ', at) ? text.slice(at + 4) : 'the ' + text.slice(at));
    }
    case 'hint': {
      // Which occurrence an annotation marks, not what it says: its words move (or are lost) and its readings are kept.
      const matches = [...text.matchAll(/(prefix|suffix): "[^"]*"/g)];
      if (!matches.length) return text;
      const m = matches[Math.floor(e.at * matches.length) % matches.length];
      return text.slice(0, m.index) + `${m[1]}: "zz"` + text.slice(m.index! + m[0].length);
    }
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

/** What a user is shown of a figure's disagreement: the counts, and which readings are named. */
function summariseDisagreement(d: Disagreement | undefined): unknown {
  return d && { conflict: d.conflict.map(annotationKey), contested: d.contested.map(annotationKey), conflictCount: d.conflictCount, contestedCount: d.contestedCount };
}

async function indexed(texts: Record<string, string>, workspace = new InMemoryWorkspace({ ...texts })): Promise<Corpus> {
  const corpus = new Corpus(workspace);
  await corpus.indexAll();
  return corpus;
}

/** What a client has been sent: every file named dirty, with its diagnostics as then. */
function publisher(corpus: Corpus): { sent: Map<string, string>; publish: () => string[] } {
  const sent = new Map<string, string>();
  const publish = () => {
    const dirty = corpus.takeDirty();
    for (const uri of dirty) sent.set(uri, JSON.stringify(corpus.diagnostics(uri)));
    return dirty;
  };
  return { sent, publish };
}

test('after every edit, the diagnostics sent for the files named dirty make every file current', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
      const workspace = new InMemoryWorkspace({ ...files });
      const corpus = await indexed(files, workspace);
      const now = { ...files };
      const { sent, publish } = publisher(corpus);
      publish();
      for (const e of edits) {
        const uri = editable[e.file];
        if (!(uri in now)) {
          // Deleted by an earlier edit: created again.
          now[uri] = files[uri];
          workspace.set(uri, now[uri]);
          await corpus.updateText(uri, now[uri]);
        } else if (e.kind === 'drop') {
          delete now[uri];
          workspace.delete(uri);
          corpus.forget(uri);
        } else {
          now[uri] = apply(now[uri], e);
          workspace.set(uri, now[uri]);
          await corpus.updateText(uri, now[uri]);
        }
        publish();
        const fresh = await indexed(now);
        for (const u of Object.keys(files)) {
          assert.equal(sent.get(u) ?? '[]', JSON.stringify(fresh.diagnostics(u)), `${u} after ${e.kind} in ${uri}`);
        }
        // The quotes by speaker an entity's hover lists, kept up to date edit by edit, are every quote of the scope.
        const scope = corpus.scopeAnalysis(editable[0]!);
        // A figure's disagreements (its hover's verdict, the report's) are those of its readings compared afresh.
        const figures = scope.readings.figures;
        const expected = disagreements([...figures].sort(byPlace));
        assert.ok(figures.length > 0);
        for (const f of figures) {
          const key = annotationKey(f);
          assert.deepEqual(summariseDisagreement(scope.disagreements.get(key)), summariseDisagreement(expected.get(key)), `disagreements of ${key} after ${e.kind} in ${uri}`);
          assert.equal(scope.disagreements.has(key), expected.has(key), `${key} has a disagreement after ${e.kind} in ${uri}`);
        }
        const bySpeaker = new Map<string, Set<unknown>>();
        for (const q of scope.readings.quotes) (bySpeaker.get(q.speaker ?? '') ?? bySpeaker.set(q.speaker ?? '', new Set()).get(q.speaker ?? '')!).add(q);
        for (const speaker of new Set([...bySpeaker.keys(), 'ana-roe', 'nobody'])) {
          assert.deepEqual(new Set(scope.quotesBy(speaker)), bySpeaker.get(speaker) ?? new Set(), `quotes by ${speaker} after ${e.kind} in ${uri}`);
        }
      }
    }),
    seeded(40),
  );
});

test('an article edit that only shifts text keeps its readings and re-sends the files whose related places point into it', async () => {
  const articles = editable.filter((u) => u.endsWith('.txt') && files[u.replace(/\.txt$/, '.ann.yaml')] !== undefined);
  let othersResent = 0;
  for (const article of articles) {
    const companion = article.replace(/\.txt$/, '.ann.yaml');
    const corpus = await indexed(files);
    const { sent, publish } = publisher(corpus);
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

test('a companion edit that moves a figure to other words, saying the same, re-sends the sources whose related places point at it', async () => {
  const dossier = 'title: T\nentities:\n  roe: { name: Jane Roe, type: person }\n  doe: { name: John Doe, type: person }\nquantities:\n  ships: { label: Ships in port }\n';
  const companion = (prefix: string) =>
    `source:\n  outlet: A\n  published: 2026-03-05\nannotations:\n  - kind: note\n    text: port\n  - kind: figure\n    text: 40 ships\n    prefix: "${prefix}"\n    quantity: ships\n    claimant: roe\n`;
  const texts: Record<string, string> = {
    'file:///w/dossier.yaml': dossier,
    'file:///w/a.txt': 'Roe says 40 ships came to port.\nLater, 40 ships left.\n',
    'file:///w/a.ann.yaml': companion('Later, '),
    'file:///w/b.txt': 'Doe counted 90 ships.\n',
    'file:///w/b.ann.yaml': 'source:\n  outlet: B\n  published: 2026-03-05\nannotations:\n  - kind: figure\n    text: 90 ships\n    quantity: ships\n    claimant: doe\n',
  };
  const corpus = await indexed(texts);
  const { sent, publish } = publisher(corpus);
  publish();
  const relatedLine = () => {
    const contested = corpus.diagnostics('file:///w/b.ann.yaml').find((d) => d.code === 'figure-contested');
    return contested?.related?.find((r) => r.uri === 'file:///w/a.txt')?.range.start.line;
  };
  assert.equal(relatedLine(), 1, 'B points at the second "40 ships" of A');
  const readings = corpus.scopeAnalysis('file:///w/a.ann.yaml').readingsIn('file:///w/a.ann.yaml');

  // A note of A edited: nothing A's figure says or where it is changes; B is not re-sent.
  const noted = companion('Later, ').replace('text: port', 'text: the port');
  await corpus.updateText('file:///w/a.ann.yaml', noted);
  assert.deepEqual(publish().sort(), ['file:///w/a.ann.yaml', 'file:///w/a.txt']);
  assert.equal(corpus.scopeAnalysis('file:///w/a.ann.yaml').readingsIn('file:///w/a.ann.yaml').figures[0], readings.figures[0], "A's figure reading is kept");

  // The prefix now picks the first "40 ships": the same figure, other words.
  const moved = noted.replace('prefix: "Later, "', 'prefix: "says "');
  await corpus.updateText('file:///w/a.ann.yaml', moved);
  assert.ok(publish().includes('file:///w/b.ann.yaml'), 'B is re-sent');
  assert.equal(relatedLine(), 0, 'B now points at the first "40 ships" of A');
  const fresh = await indexed({ ...texts, 'file:///w/a.ann.yaml': moved });
  for (const u of Object.keys(texts)) assert.equal(sent.get(u) ?? '[]', JSON.stringify(fresh.diagnostics(u)), u);
});

test("a figure's words changed, not what it compares as: kept, and every finding quoting it shows the new words", async () => {
  const dossier = 'title: T\nentities:\n  roe: { name: Jane Roe, type: person }\n  doe: { name: John Doe, type: person }\nquantities:\n  ships: { label: Ships in port }\n';
  const figure = (outlet: string, words: string, claimant: string) =>
    `source:\n  outlet: ${outlet}\n  published: 2026-03-05\nannotations:\n  - kind: figure\n    text: ${words}\n    quantity: ships\n    claimant: ${claimant}\n`;
  const texts: Record<string, string> = {
    'file:///w/dossier.yaml': dossier,
    'file:///w/a.txt': 'Roe says the 40 ships came to port. Later she said all 40 ships left.\n',
    'file:///w/b.txt': 'Doe counted 90 ships.\n',
    'file:///w/b.ann.yaml': figure('B', '90 ships', 'doe'),
    'file:///w/c.txt': 'Roe also said 70 ships.\n',
    'file:///w/c.ann.yaml': figure('C', '70 ships', 'roe'),
  };
  // Other words for the same figure (40 ships, exactly, Roe's): elsewhere in the article; and, the
  // words found nowhere in the article before or after, one letter changed: its place (its text in
  // the companion) does not move, so only the new words tell the other sources to be sent again.
  for (const [was, words] of [['the 40 ships', 'all 40 ships'], ['thy 40 ships', 'thz 40 ships']] as const) {
    texts['file:///w/a.ann.yaml'] = figure('A', was, 'roe');
    const corpus = await indexed(texts);
    const { sent, publish } = publisher(corpus);
    publish();
    const messages = (uri: string) => corpus.diagnostics(uri).map((d) => d.message).join('\n');
    assert.ok(messages('file:///w/b.ann.yaml').includes(was), 'B names A’s figure by its words');
    assert.ok(messages('file:///w/c.ann.yaml').includes(was), 'C names A’s figure by its words');
    const before = corpus.scopeAnalysis('file:///w/a.ann.yaml').readingsIn('file:///w/a.ann.yaml').figures[0];

    const edited = figure('A', words, 'roe');
    await corpus.updateText('file:///w/a.ann.yaml', edited);
    const resent = publish();
    assert.equal(corpus.scopeAnalysis('file:///w/a.ann.yaml').readingsIn('file:///w/a.ann.yaml').figures[0], before, `${words}: A's figure reading is kept`);
    for (const uri of ['file:///w/a.ann.yaml', 'file:///w/b.ann.yaml', 'file:///w/c.ann.yaml']) {
      assert.ok(resent.includes(uri), `${words}: ${uri} is re-sent`);
      assert.ok(sent.get(uri)?.includes(words), `${words}: ${uri} is sent with the new words`);
      assert.ok(!messages(uri).includes(was), `${words}: ${uri} no longer quotes the old words`);
    }
    const fresh = await indexed({ ...texts, 'file:///w/a.ann.yaml': edited });
    for (const u of Object.keys(texts)) assert.equal(sent.get(u) ?? '[]', JSON.stringify(fresh.diagnostics(u)), `${words}: ${u}`);
    const scope = corpus.scopeAnalysis('file:///w/a.ann.yaml');
    const freshScope = fresh.scopeAnalysis('file:///w/a.ann.yaml');
    for (const f of freshScope.readings.figures) {
      const key = annotationKey(f);
      assert.deepEqual(summariseDisagreement(scope.disagreements.get(key)), summariseDisagreement(freshScope.disagreements.get(key)), `${words}: ${key}`);
    }
    assert.equal(scope.figuresOf('ships').find((f) => f.companion.uri === 'file:///w/a.ann.yaml')?.written, words);
  }
});
