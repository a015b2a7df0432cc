/** claim-contested: what each finding links to, in a claim reported by many sources. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';

const name = (i: number) => `s${String(i).padStart(2, '0')}`;

/** 20 sources on one claim: the even ones assert it, the odd ones deny it. */
function files(): Record<string, string> {
  const out: Record<string, string> = {
    'file:///w/dossier.yaml': `claims:\n  legal: { label: The strike is legal }\nentities:\n${Array.from({ length: 20 }, (_, i) => `  p${i}: { name: Person ${i}, type: person }\n`).join('')}`,
  };
  for (let i = 0; i < 20; i++) {
    const stance = i % 2 === 0 ? 'asserts' : 'denies';
    out[`file:///w/${name(i)}.txt`] = `Person ${i} said the strike is legal, or not.\n`;
    out[`file:///w/${name(i)}.ann.yaml`] = `source: { outlet: Outlet ${i} }\nannotations:\n  - { kind: claim, text: the strike is legal, claim: legal, stance: ${stance}, claimant: p${i} }\n`;
  }
  return out;
}

test('each claim-contested finding links to the next few opposing readings, so none is linked from every message', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files()));
  await corpus.indexAll();
  const linked = new Map<string, number>();
  const linksOf = (i: number) => {
    const d = corpus.diagnostics(`file:///w/${name(i)}.ann.yaml`).find((x) => x.code === 'claim-contested');
    assert.ok(d, `${name(i)} has its finding`);
    return d.related!.map((r) => r.uri.replace('file:///w/', '').replace('.txt', ''));
  };
  for (let i = 0; i < 20; i++) for (const l of linksOf(i)) linked.set(l, (linked.get(l) ?? 0) + 1);
  assert.deepEqual(linksOf(4), ['s05', 's07', 's09', 's11'], 'an asserting source: the denials after it');
  assert.deepEqual(linksOf(18), ['s19', 's01', 's03', 's05'], 'and round to the first ones');
  assert.deepEqual(linksOf(7), ['s08', 's10', 's12', 's14'], 'a denying source: the assertions after it');
  assert.equal(Math.max(...linked.values()), 4, JSON.stringify([...linked]));
});
