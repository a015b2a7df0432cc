/** Document links, document symbols and workspace symbols on an in-memory corpus. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentLinks } from '../../server/src/core/features/documentLinks';
import { documentSymbols, type DocumentSymbol } from '../../server/src/core/features/documentSymbols';
import { matchRank, workspaceSymbols } from '../../server/src/core/features/workspaceSymbols';
import { fixtureCorpus, U } from '../support/navigationFixture';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const tree = (ss: readonly DocumentSymbol[]): unknown[] =>
  ss.map((s) => (s.children ? { [`${s.kind} ${s.name}`]: tree(s.children) } : `${s.kind} ${s.name} | ${s.detail ?? ''}`));

describe('document links', () => {
  test("each attached annotation's text value links to its article words", async () => {
    const c = await fixtureCorpus();
    const links = documentLinks(c, U.gazetteAnn);
    assert.equal(links.length, 6);
    assert.deepEqual(links[0], { range: r(6, 10, 6, 29), target: `${U.gazette}#L1,22`, tooltip: 'Open in gazette.txt' });
    assert.deepEqual(links[2], { range: r(12, 10, 12, 52), target: `${U.gazette}#L2,2`, tooltip: 'Open in gazette.txt' });
    assert.deepEqual(links[5].target, `${U.gazette}#L4,22`);
  });

  test('an orphaned annotation has no link; articles and dossiers have none', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(documentLinks(c, U.heraldAnn).map((l) => l.target), [`${U.herald}#L1,1`, `${U.herald}#L1,60`, `${U.herald}#L2,23`]);
    assert.deepEqual(documentLinks(c, U.gazette), []);
    assert.deepEqual(documentLinks(c, U.dossier), []);
  });
});

describe('document symbols', () => {
  test('an article: its annotated words grouped by kind, with key and label', async () => {
    const c = await fixtureCorpus();
    const symbols = documentSymbols(c, U.gazette);
    assert.deepEqual(tree(symbols), [
      { 'namespace figures': ['number About 8,000 workers | strikers — Workers on strike'] },
      { 'namespace quotes': ['string We will not go back until the port pays | not-back — Will not go back'] },
      {
        'namespace entities': [
          'object Port Authority | port-authority — Port Authority',
          'object Jane Roe | jane-roe — Jane Roe',
          'object Roe | jane-roe — Jane Roe',
        ],
      },
      { 'namespace claims': ['boolean The strike is legal, Roe said | strike-legal — The strike is legal'] },
    ]);
    const entities = symbols[2];
    assert.deepEqual(entities.range, r(0, 57, 3, 24));
    assert.deepEqual(entities.children![1].range, r(2, 27, 2, 35));
    assert.deepEqual(symbols[1].children![0].selectionRange, r(1, 1, 2, 19));
  });

  test('a companion: source, then each annotation as its list item', async () => {
    const c = await fixtureCorpus();
    const symbols = documentSymbols(c, U.gazetteAnn);
    assert.deepEqual(tree(symbols), [
      'file source | The Gazette',
      'number figure: About 8,000 workers | #f1 · quantity: strikers',
      'object entity: Port Authority | entity: port-authority',
      'string quote: We will not go back until the port pays | quote: not-back · speaker: jane-roe',
      'object entity: Jane Roe | entity: jane-roe',
      'boolean claim: The strike is legal, Roe said | claim: strike-legal · claimant: jane-roe',
      'object entity: Roe | entity: jane-roe',
    ]);
    assert.deepEqual(symbols[1].range, r(4, 4, 8, 0));
    assert.deepEqual(symbols[1].selectionRange, r(6, 10, 6, 29));
  });

  test('a dossier: its sections with their definitions', async () => {
    const c = await fixtureCorpus();
    const symbols = documentSymbols(c, U.dossier);
    assert.deepEqual(tree(symbols), [
      { 'namespace entities': ['object jane-roe | Jane Roe', 'object port-authority | Port Authority'] },
      { 'namespace quantities': ['number strikers | Workers on strike'] },
      { 'namespace claims': ['boolean strike-legal | The strike is legal'] },
      { 'namespace quotes': ['string not-back | Will not go back'] },
    ]);
    assert.deepEqual(symbols[0].children![1].selectionRange, r(3, 2, 3, 16));
    assert.deepEqual(symbols[0].range, r(2, 2, 3, 62));
  });

  test('unknown files have no symbols', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(documentSymbols(c, 'file:///w/none.txt'), []);
    assert.deepEqual(documentSymbols(c, 'file:///w/readme.md'), []);
  });
});

describe('workspace symbols', () => {
  test('matching: exact, prefix, substring, subsequence, case-insensitive', () => {
    assert.equal(matchRank('roe', 'Roe'), 0);
    assert.equal(matchRank('Jan', 'jane-roe'), 1);
    assert.equal(matchRank('roe', 'Jane Roe'), 2);
    assert.equal(matchRank('jr', 'Jane Roe'), 3);
    assert.equal(matchRank('rj', 'Jane Roe'), undefined);
    assert.equal(matchRank('', 'anything'), 3);
  });

  test('definitions by name, key or alias, best matches first', async () => {
    const c = await fixtureCorpus();
    const roe = workspaceSymbols(c, 'roe');
    assert.deepEqual(roe.map((s) => `${s.kind} ${s.name} [${s.containerName}]`), [
      'object Jane Roe [jane-roe · Port strike]', // the alias "Roe", exactly
      'number Workers on strike [strikers · Port strike]', // r…o…e as a subsequence
    ]);
    assert.deepEqual(roe[0].location, { uri: U.dossier, range: r(2, 2, 2, 10) });
    // found through its key: the name carries the key so editors keep it
    assert.deepEqual(workspaceSymbols(c, 'st').map((s) => s.name), ['The strike is legal (strike-legal)', 'Workers on strike (strikers)']);
  });

  test("sources point at their companion's source", async () => {
    const c = await fixtureCorpus();
    const herald = workspaceSymbols(c, 'herald');
    assert.deepEqual(herald, [{ name: 'The Herald', kind: 'file', containerName: 'herald.txt', location: { uri: U.heraldAnn, range: r(1, 2, 2, 0) } }]);
  });

  test('an empty query lists everything', async () => {
    const c = await fixtureCorpus();
    assert.equal(workspaceSymbols(c, '').length, 7);
    assert.equal(workspaceSymbols(c, '', 3).length, 3);
  });
});
