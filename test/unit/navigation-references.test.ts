/** Find All References on an in-memory corpus: article spans across sources, YAML places from YAML, scope, contributors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { sortLocations, type Location } from '../../server/src/core/features/locate';
import { keyUses, referencesAt, type ReferenceContributor } from '../../server/src/core/features/references';
import { seeded } from '../support/reliability';
import { DOSSIER, GAZETTE, HERALD, HERALD_ANN, at, fixtureCorpus, U } from '../support/navigationFixture';
import { Corpus } from '../../server/src/core/corpus';
import { basename, InMemoryWorkspace } from '../../server/src/core/workspace';

const loc = (uri: string, l1: number, c1: number, l2: number, c2: number): Location => ({
  uri,
  range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } },
});
const show = (ls: Location[]) => ls.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`);

/** Every article span annotated with jane-roe, through entity, speaker or claimant. */
const JANE_ROE_IN_ARTICLES = [
  loc(U.gazette, 1, 1, 2, 19), // the quote she speaks
  loc(U.gazette, 2, 27, 2, 35), // Jane Roe
  loc(U.gazette, 3, 0, 3, 29), // the claim she makes
  loc(U.gazette, 3, 21, 3, 24), // Roe
  loc(U.herald, 0, 59, 0, 67), // Jane Roe in the other source
];

describe('find all references', () => {
  test('from article words: every annotated article span of the key, across sources', async () => {
    const c = await fixtureCorpus();
    const refs = referencesAt(c, U.gazette, at(GAZETTE, 'Jane Roe', 2), { includeDeclaration: false });
    assert.deepEqual(refs, JANE_ROE_IN_ARTICLES, show(refs).join('\n'));
  });

  test('includeDeclaration puts the dossier definition first', async () => {
    const c = await fixtureCorpus();
    const refs = referencesAt(c, U.herald, at(HERALD, 'Nearly'), { includeDeclaration: true });
    assert.deepEqual(refs, [loc(U.dossier, 5, 2, 5, 10), loc(U.gazette, 0, 21, 0, 40), loc(U.herald, 0, 0, 0, 25)]);
  });

  test('from a companion key: article spans and the YAML values, orphans included, and dossier speakers', async () => {
    const c = await fixtureCorpus();
    const refs = referencesAt(c, U.heraldAnn, at(HERALD_ANN, 'entity: jane-roe', 9), { includeDeclaration: false });
    assert.deepEqual(show(refs), [
      'dossier.yaml:9:48-9:56',
      'gazette.ann.yaml:14:13-14:21',
      'gazette.ann.yaml:17:12-17:20',
      'gazette.ann.yaml:21:14-21:22',
      'gazette.ann.yaml:25:12-25:20',
      'gazette.txt:1:1-2:19',
      'gazette.txt:2:27-2:35',
      'gazette.txt:3:0-3:29',
      'gazette.txt:3:21-3:24',
      'herald.ann.yaml:8:12-8:20',
      'herald.ann.yaml:14:13-14:21', // the orphaned note: only its YAML value
      'herald.txt:0:59-0:67',
    ]);
  });

  test('from a dossier key', async () => {
    const c = await fixtureCorpus();
    const refs = referencesAt(c, U.dossier, at(DOSSIER, 'strike-legal:'), { includeDeclaration: true });
    assert.deepEqual(show(refs), [
      'dossier.yaml:7:2-7:14',
      'gazette.ann.yaml:20:11-20:23',
      'gazette.txt:3:0-3:29',
      'herald.ann.yaml:11:11-11:23',
      'herald.txt:1:22-1:41',
    ]);
  });

  test('only within the scope of the same dossier', async () => {
    const c = await fixtureCorpus({
      'other/dossier.yaml': DOSSIER,
      'other/x.txt': HERALD,
      'other/x.ann.yaml': HERALD_ANN,
    });
    const refs = referencesAt(c, U.gazette, at(GAZETTE, 'Jane Roe', 2), { includeDeclaration: false });
    assert.deepEqual(refs, JANE_ROE_IN_ARTICLES);
    const other = referencesAt(c, 'file:///w/other/x.txt', at(HERALD, 'Jane Roe'), { includeDeclaration: true });
    assert.deepEqual(show(other), ['dossier.yaml:2:2-2:10', 'x.txt:0:59-0:67']);
    assert.equal(other[0].uri, 'file:///w/other/dossier.yaml');
  });

  test('keyUses lists every field that names the key', async () => {
    const c = await fixtureCorpus();
    const uses = keyUses(c, U.gazette, { section: 'entities', key: 'jane-roe' });
    assert.deepEqual(
      uses.map((u) => `${u.companion.uri.split('/').pop()}#${u.anchored.annotation.index}.${u.field}`),
      ['gazette.ann.yaml#2.speaker', 'gazette.ann.yaml#3.entity', 'gazette.ann.yaml#4.claimant', 'gazette.ann.yaml#5.entity', 'herald.ann.yaml#1.entity', 'herald.ann.yaml#3.speaker'],
    );
  });

  test('contributors add places; one that throws is skipped', async () => {
    const c = await fixtureCorpus();
    const extra: ReferenceContributor = ({ ref, target }) =>
      ref.key === 'not-back' && target.origin === 'article' ? [loc(U.herald, 1, 0, 1, 3)] : [];
    const broken: ReferenceContributor = () => {
      throw new Error('boom');
    };
    const refs = referencesAt(c, U.gazette, at(GAZETTE, 'not go back'), { includeDeclaration: false, contributors: [broken, extra] });
    assert.deepEqual(refs, [loc(U.gazette, 1, 1, 2, 19), loc(U.herald, 1, 0, 1, 3)]);
  });

  test('nothing where nothing refers to a key', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(referencesAt(c, U.gazette, at(GAZETTE, 'walked'), { includeDeclaration: true }), []);
    assert.deepEqual(referencesAt(c, U.dossier, 0, { includeDeclaration: true }), []);
  });
});

test('keyUses finds, for every key of every section, what reading each annotation field by field finds, before and after an edit', async () => {
  const c = await fixtureCorpus();
  checkKeyUses(c);
  await c.updateText(U.heraldAnn, HERALD_ANN.replaceAll('jane-roe', 'port-authority'));
  checkKeyUses(c);
});

test('the counts of a key follow companions as they change, go, come back and move to another dossier', async () => {
  const other = { dossier: 'file:///w/other/dossier.yaml', companion: 'file:///w/other/x.ann.yaml' };
  const c = await fixtureCorpus({ 'other/x.txt': HERALD, 'other/x.ann.yaml': HERALD_ANN });
  checkKeyUses(c);
  assert.equal(c.keyUseCounts(U.dossier, 'entities', 'jane-roe').sources, 3, 'x counts under the root dossier');
  await c.updateText(U.heraldAnn, HERALD_ANN.replaceAll('jane-roe', 'port-authority'));
  checkKeyUses(c);
  // Another outlet, then none (the file name stands for it).
  await c.updateText(U.heraldAnn, HERALD_ANN.replace(/outlet: [^\n}]*/, 'outlet: Renamed Herald'));
  checkKeyUses(c);
  assert.ok(c.keyOutlets(U.dossier, 'entities', 'jane-roe').includes('Renamed Herald'));
  await c.updateText(U.heraldAnn, HERALD_ANN.replace(/outlet: [^\n}]*/, 'title: No outlet'));
  checkKeyUses(c);
  c.forget(U.heraldAnn);
  checkKeyUses(c);
  await c.updateText(U.heraldAnn, HERALD_ANN);
  checkKeyUses(c);
  // A dossier in other/ takes x out of the root's scope.
  await c.updateText(other.dossier, DOSSIER);
  checkKeyUses(c);
  checkKeyUses(c, other.dossier, 1);
  assert.deepEqual(c.keyUseCounts(other.dossier, 'entities', 'jane-roe'), { sources: 1, annotations: 2 });
  c.forget(other.companion);
  checkKeyUses(c, other.dossier, 0);
  assert.deepEqual(c.keyUseCounts(other.dossier, 'entities', 'jane-roe'), { sources: 0, annotations: 0 });
});

test('a companion that comes after references were listed takes its place in the order of files', async () => {
  // h.ann.yaml sorts between gazette.ann.yaml and herald.ann.yaml; the order of files is worked out once, then again when files come.
  const middle = { article: 'file:///w/h.txt', companion: 'file:///w/h.ann.yaml' };
  const c = await fixtureCorpus({ 'h.txt': HERALD });
  const from = at(HERALD_ANN, 'entity: jane-roe', 9);
  const before = referencesAt(c, U.heraldAnn, from, { includeDeclaration: false });
  await c.updateText(middle.companion, HERALD_ANN);
  const sources = (uses: ReturnType<typeof keyUses>) => [...new Set(uses.map((u) => basename(u.companion.uri)))];
  assert.deepEqual(sources(keyUses(c, U.heraldAnn, { section: 'entities', key: 'jane-roe' })), ['gazette.ann.yaml', 'h.ann.yaml', 'herald.ann.yaml']);
  const after = referencesAt(c, U.heraldAnn, from, { includeDeclaration: false });
  const files = (ls: Location[]) => [...new Set(ls.map((l) => basename(l.uri)))];
  assert.deepEqual(files(before), ['dossier.yaml', 'gazette.ann.yaml', 'gazette.txt', 'herald.ann.yaml', 'herald.txt']);
  assert.deepEqual(files(after), ['dossier.yaml', 'gazette.ann.yaml', 'gazette.txt', 'h.ann.yaml', 'h.txt', 'herald.ann.yaml', 'herald.txt']);
  assert.equal(after.length, before.length + 3, show(after).join('\n'));
});

test('sources added in the middle of the order of files, where no file stood, are listed in their place', async () => {
  const pair = (name: string) => ({
    [`file:///w/${name}.txt`]: 'Jane Roe said so.\n',
    [`file:///w/${name}.ann.yaml`]: `source: { outlet: ${name} }\nannotations:\n  - { kind: entity, text: Jane Roe, entity: jane-roe }\n`,
  });
  const ws = new InMemoryWorkspace({ 'file:///w/dossier.yaml': 'entities:\n  jane-roe: { name: Jane Roe }\n', ...pair('a'), ...pair('c') });
  const c = new Corpus(ws);
  await c.indexAll();
  const order = () => keyUses(c, 'file:///w/a.ann.yaml', { section: 'entities', key: 'jane-roe' }).map((u) => basename(u.companion.uri));
  assert.deepEqual(order(), ['a.ann.yaml', 'c.ann.yaml'], 'the files ranked once');
  for (const [uri, text] of Object.entries(pair('b'))) await c.updateText(uri, text);
  assert.deepEqual(order(), ['a.ann.yaml', 'b.ann.yaml', 'c.ann.yaml'], 'ranked again when files come: the others move down');
  for (const [uri, text] of Object.entries(pair('ab'))) await c.updateText(uri, text);
  assert.deepEqual(order(), ['a.ann.yaml', 'ab.ann.yaml', 'b.ann.yaml', 'c.ann.yaml']);
});

function checkKeyUses(c: Awaited<ReturnType<typeof fixtureCorpus>>, dossierUri: string = U.dossier, minUses = 8): void {
  const dossier = c.getDossier(dossierUri)!;
  const fieldsOf = { entities: ['entity', 'speaker', 'claimant'], quantities: ['quantity'], claims: ['claim'], quotes: ['quote'] } as const;
  let total = 0;
  for (const section of ['entities', 'quantities', 'claims', 'quotes'] as const) {
    for (const key of [...dossier.definitions[section].keys(), 'not-a-key', ' ']) {
      const expected: string[] = [];
      for (const companion of c.scopeOf(dossierUri)) {
        for (const a of c.annotationsOf(companion.uri)) {
          for (const field of fieldsOf[section]) {
            const v = a.annotation.fields[field]?.value;
            if (typeof v === 'string' && v.trim() !== '' && v === key) expected.push(`${companion.uri}#${a.annotation.index}.${field}@${a.anchor.span?.start ?? '-'}`);
          }
        }
      }
      const uses = keyUses(c, dossierUri, { section, key });
      const order = uses.map((u) => u.companion.uri);
      assert.deepEqual(order, [...order].sort(), `${section} ${key}: in order of companion`);
      const got = uses.map((u) => `${u.companion.uri}#${u.anchored.annotation.index}.${u.field}@${u.anchored.anchor.span?.start ?? '-'}`);
      assert.deepEqual(got.sort(), expected.sort(), `${section} ${key}`);
      // The counts a dossier key's hover shows: annotations (once each, whatever fields name the key) and sources.
      const annotations = new Set(expected.map((e) => e.slice(0, e.lastIndexOf('.'))));
      const sources = new Set(expected.map((e) => e.slice(0, e.indexOf('#'))));
      assert.deepEqual(c.keyUseCounts(dossierUri, section, key), { sources: sources.size, annotations: annotations.size }, `counts of ${section} ${key}`);
      const outlets = new Set([...sources].map((u) => c.getCompanion(u)!.source.outlet ?? basename(u)));
      assert.deepEqual(new Set(c.keyOutlets(dossierUri, section, key)), outlets, `outlets of ${section} ${key}`);
      total += got.length;
    }
  }
  assert.ok(total >= minUses, `the fixture uses keys (${total})`);
}

test('sortLocations orders by file, start and end, and keeps one of each repeated place, with or without ranks given', () => {
  const uris = ['file:///w/b.txt', 'file:///w/a.ann.yaml', 'file:///w/a.txt', 'file:///w/dossier.yaml'];
  // Ranks as Corpus.fileRanks gives them: in order of URI, with gaps where files went; some lack a file in use.
  const ranks = fc.subarray([...uris, 'file:///w/0-gone.txt', 'file:///w/c-gone.txt'].sort()).map((held) => new Map(held.map((u, i) => [u, i * 2])));
  const place = fc.record({
    uri: fc.constantFrom(...uris),
    range: fc.record({
      start: fc.record({ line: fc.nat(3), character: fc.nat(3) }),
      end: fc.record({ line: fc.nat(3), character: fc.nat(3) }),
    }),
  });
  fc.assert(
    fc.property(fc.array(place, { maxLength: 40 }), ranks, (places, given) => {
      const key = (l: Location) => [l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character];
      const first = new Map<string, Location>();
      for (const l of places) if (!first.has(JSON.stringify([l.uri, ...key(l)]))) first.set(JSON.stringify([l.uri, ...key(l)]), l);
      const byFileThenRange = (a: Location, b: Location) => {
        if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
        const [x, y] = [key(a), key(b)];
        return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
      };
      const expected = [...first.values()].sort(byFileThenRange);
      assert.deepEqual(sortLocations(places), expected);
      assert.deepEqual(sortLocations(places, given), expected);
      // Already in order, repeats included (as a key's references mostly come): only the repeats go.
      const inOrder = [...places].sort(byFileThenRange);
      assert.deepEqual(sortLocations(inOrder), expected);
      assert.deepEqual(sortLocations(inOrder, given), expected);
    }),
    seeded(150),
  );
});
