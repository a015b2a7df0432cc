/** Go to Definition on an in-memory corpus: from article words, companion keys and text values, dossier speakers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { definitionAt } from '../../server/src/core/features/definition';
import { offsetIn } from '../../server/src/core/features/locate';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { DOSSIER, GAZETTE, GAZETTE_ANN, at, fixtureCorpus, U } from '../support/navigationFixture';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const JANE_ROE_DEF = { uri: U.dossier, range: r(2, 2, 2, 10) };
const NOT_BACK_DEF = { uri: U.dossier, range: r(9, 2, 9, 10) };

describe('go to definition', () => {
  test('from annotated article words to the dossier key', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.gazette, at(GAZETTE, 'Jane Roe', 3)), [JANE_ROE_DEF]);
    assert.deepEqual(definitionAt(c, U.gazette, at(GAZETTE, '8,000')), [{ uri: U.dossier, range: r(5, 2, 5, 10) }]);
  });

  test('a quote gives its quote definition first, then its speaker', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.gazette, at(GAZETTE, 'not go back')), [NOT_BACK_DEF, JANE_ROE_DEF]);
  });

  test('nested annotations: the innermost words win', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.gazette, at(GAZETTE, 'Roe said', 1)), [JANE_ROE_DEF]);
    assert.deepEqual(definitionAt(c, U.gazette, at(GAZETTE, 'strike is legal')), [{ uri: U.dossier, range: r(7, 2, 7, 14) }, JANE_ROE_DEF]);
  });

  test('from a reference key in a companion, on its value or its name', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.gazetteAnn, at(GAZETTE_ANN, 'entity: jane-roe', 10)), [JANE_ROE_DEF]);
    assert.deepEqual(definitionAt(c, U.gazetteAnn, at(GAZETTE_ANN, 'quote: not-back', 1)), [NOT_BACK_DEF]);
    // the speaker of the quote item is the entity, not the quote
    assert.deepEqual(definitionAt(c, U.gazetteAnn, at(GAZETTE_ANN, 'speaker: jane-roe', 12)), [JANE_ROE_DEF]);
  });

  test("from a companion's text value to the anchored article words (across lines)", async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.gazetteAnn, at(GAZETTE_ANN, 'We will')), [{ uri: U.gazette, range: r(1, 1, 2, 19) }]);
    assert.deepEqual(definitionAt(c, U.gazetteAnn, at(GAZETTE_ANN, 'About 8,000')), [{ uri: U.gazette, range: r(0, 21, 0, 40) }]);
  });

  test("from a dossier quote's speaker to the entity; a dossier key to itself", async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.dossier, at(DOSSIER, 'speaker: jane-roe', 11)), [JANE_ROE_DEF]);
    assert.deepEqual(definitionAt(c, U.dossier, at(DOSSIER, 'jane-roe:', 2)), [JANE_ROE_DEF]);
  });

  test('nothing where nothing is annotated or referenced', async () => {
    const c = await fixtureCorpus();
    assert.deepEqual(definitionAt(c, U.gazette, at(GAZETTE, 'walked')), []);
    assert.deepEqual(definitionAt(c, U.gazetteAnn, at(GAZETTE_ANN, 'kind: figure', 7)), []);
    assert.deepEqual(definitionAt(c, U.gazetteAnn, 0), []);
    assert.deepEqual(definitionAt(c, 'file:///w/unknown.md', 3), []);
    // an orphaned annotation's text value has nowhere to go
    assert.deepEqual(definitionAt(c, U.heraldAnn, c.getCompanion(U.heraldAnn)!.annotations[3].fields.text.node.start + 2), []);
  });

  test('without a dossier keys are free-form: no definition, but text values still reach the article', async () => {
    const c = new Corpus(new InMemoryWorkspace({ 'file:///f/g.txt': GAZETTE, 'file:///f/g.ann.yaml': GAZETTE_ANN }));
    await c.indexAll();
    assert.deepEqual(definitionAt(c, 'file:///f/g.txt', at(GAZETTE, 'Jane Roe', 3)), []);
    assert.deepEqual(definitionAt(c, 'file:///f/g.ann.yaml', at(GAZETTE_ANN, 'Port Authority')), [{ uri: 'file:///f/g.txt', range: r(0, 57, 0, 71) }]);
  });

  test('offsetIn turns positions into offsets for known files only', async () => {
    const c = await fixtureCorpus();
    assert.equal(offsetIn(c, U.gazette, { line: 2, character: 27 }), at(GAZETTE, 'Jane Roe'));
    assert.equal(offsetIn(c, U.gazetteAnn, { line: 1, character: 2 }), at(GAZETTE_ANN, 'outlet'));
    assert.equal(offsetIn(c, 'file:///w/nothing.txt', { line: 0, character: 0 }), undefined);
  });
});
