/**
 * Aliases in companions and dossiers: the data read out and the schema
 * validation each resolve them within their own bound, so the budget the
 * first spends does not make the second see nulls.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCompanion } from '../../server/src/core/parse/companion';
import { parseDossier } from '../../server/src/core/parse/dossier';

test('700 annotations aliasing one text: every text read, and the schema sees every one', () => {
  const lines = ['source:', '  outlet: X', 'annotations:', '  - id: a0', '    kind: note', '    text: &t hello'];
  for (let i = 1; i < 700; i++) lines.push(`  - id: a${i}`, '    kind: note', '    text: *t');
  const c = parseCompanion('file:///w/a.ann.yaml', lines.join('\n') + '\n');
  assert.equal(c.annotations.length, 700);
  assert.equal(c.annotations.filter((a) => a.text === 'hello').length, 700);
  assert.deepEqual(c.problems, []);
});

test('700 entities aliasing one name: every label read, and the schema sees every one', () => {
  const lines = ['title: Port strike', 'entities:', '  e0: { name: &n Jane Roe, type: person }'];
  for (let i = 1; i < 700; i++) lines.push(`  e${i}: { name: *n, type: person }`);
  const d = parseDossier('file:///w/dossier.yaml', lines.join('\n') + '\n');
  assert.equal(d.definitions.entities.size, 700);
  assert.equal([...d.definitions.entities.values()].filter((e) => e.label === 'Jane Roe').length, 700);
  assert.deepEqual(d.problems, []);
});
