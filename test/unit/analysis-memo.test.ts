import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { remembered } from '../../server/src/core/analysis/memo';
import { resolveDate } from '../../server/src/core/analysis/dates';

describe('remembered: answers of pure readers, kept', () => {
  it('reads a key once, answers it again from memory, and forgets everything when full', () => {
    const reads: string[] = [];
    const read = remembered(3, (k: string) => k, (k: string) => {
      reads.push(k);
      return { k, parts: [k.length] };
    });
    assert.deepEqual(read('a'), { k: 'a', parts: [1] });
    assert.equal(read('a'), read('a'));
    read('b');
    read('c');
    assert.deepEqual(reads, ['a', 'b', 'c']);
    read('d'); // full: forgets a, b, c
    read('a');
    assert.deepEqual(reads, ['a', 'b', 'c', 'd', 'a']);
  });
  it('freezes answers to the bottom, since every caller shares them', () => {
    const answer = remembered(10, (k: string) => k, () => ({ alternates: [{ value: 1 }] }))('x');
    assert.ok(Object.isFrozen(answer) && Object.isFrozen(answer.alternates) && Object.isFrozen(answer.alternates[0]));
  });
  it('remembers undefined answers too', () => {
    let n = 0;
    const read = remembered(10, (k: string) => k, () => (n++, undefined));
    read('x');
    read('x');
    assert.equal(n, 1);
  });
});

describe('resolveDate remembered', () => {
  it('keeps the text and the publication date apart, whatever they hold', () => {
    // Keys are built from both strings: no pair may answer for another.
    assert.deepEqual(resolveDate('on Thursday', '2026-03-05'), { date: '2026-03-05', precision: 'day', approximate: false });
    assert.equal(resolveDate('05on Thursday', '2026-03-'), undefined);
    assert.equal(resolveDate('on Thursday', '2026-03-05\u0000x'), undefined);
  });
});
