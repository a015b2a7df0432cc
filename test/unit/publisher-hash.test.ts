import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticsHasher } from '../../server/src/lsp/diagnosticsPublisher';
import type { CoreDiagnostic } from '../../server/src/core/model';

const range = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });
const base: CoreDiagnostic = {
  uri: 'file:///w/a.txt',
  range: range(3, 4, 9),
  severity: 'warning',
  code: 'figure-conflict',
  message: 'Reported as 12 here, 14 elsewhere',
  related: [{ uri: 'file:///w/b.txt', range: range(7, 0, 2), message: 'b reports 14' }],
  data: { key: 'deaths' },
};

describe('DiagnosticsHasher: tells a file\'s diagnostics from its previous ones', () => {
  it('gives equal diagnostics the same hash, and any visible change another', () => {
    const h = new DiagnosticsHasher();
    const of = (d: CoreDiagnostic[], withRelated = true) => h.of(d, withRelated);
    const same = of([base]);
    assert.equal(of([{ ...base, related: [{ ...base.related![0] }] }]), same);
    const variants: CoreDiagnostic[][] = [
      [{ ...base, range: range(3, 4, 10) }],
      [{ ...base, range: range(4, 4, 9) }],
      [{ ...base, severity: 'error' }],
      [{ ...base, code: 'figure-contested' }],
      [{ ...base, message: base.message + '.' }],
      [{ ...base, data: { key: 'injured' } }],
      [{ ...base, data: undefined }],
      [{ ...base, related: [{ ...base.related![0], uri: 'file:///w/c.txt' }] }],
      [{ ...base, related: [{ ...base.related![0], range: range(7, 1, 3) }] }],
      [{ ...base, related: [{ ...base.related![0], message: 'b reports 15' }] }],
      [{ ...base, related: [] }],
      [base, base],
      [{ ...base, message: 'Reported as 1' }, { ...base, message: '2 here, 14 elsewhere' }],
    ];
    const hashes = variants.map((v) => of(v));
    for (const [i, x] of hashes.entries()) assert.notEqual(x, same, `variant ${i} looks unchanged`);
    assert.equal(new Set(hashes).size, hashes.length, 'two different variants hash alike');
  });
  it('ignores related information when the client does not show it', () => {
    const h = new DiagnosticsHasher();
    assert.equal(h.of([base], false), h.of([{ ...base, related: [] }], false));
    assert.notEqual(h.of([base], false), h.of([base], true));
  });
  it('gives the same hash whatever it saw before: across passes, past its memory of strings, for a message built piece by piece', () => {
    const h = new DiagnosticsHasher();
    const first = h.of([base], true);
    h.forget();
    assert.equal(h.of([base], true), first);
    // A message assembled from pieces (a different string object, the same text) and data equal but not the same object.
    const pieces = ['Reported as ', String(12), ' here, ', String(14), ' elsewhere'];
    let built = '';
    for (const p of pieces) built += p;
    assert.equal(h.of([{ ...base, message: built, data: { key: 'deaths' } }], true), first);
    // Enough other strings to make it start its memory afresh (and a fresh hasher, which never saw them).
    for (let i = 0; i < 120_000; i++) h.of([{ ...base, message: `m${i}` }], false);
    assert.equal(h.of([base], true), first);
    assert.equal(new DiagnosticsHasher().of([base], true), first);
    assert.notEqual(h.of([{ ...base, message: 'm7' }], true), h.of([{ ...base, message: 'm8' }], true));
  });
});
