/** Decoding and offset/position conversion. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import { decode, lineStarts, offsetAt, positionAt, detached } from '../../server/src/core/text';

test('decode drops a BOM and refuses binary and non-UTF-8 content', () => {
  assert.deepEqual(decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { ok: true, text: 'a' });
  assert.deepEqual(decode('\ufeffa'), { ok: true, text: 'a' });
  assert.equal(decode(new Uint8Array([0xff, 0xfe, 0x00])).ok, false);
  assert.equal(decode('a\u0000b').ok, false);
});

test('line starts handle LF, CRLF and lone CR', () => {
  assert.deepEqual(Array.from(lineStarts('a\nb\r\nc\rd')), [0, 2, 5, 7]);
  const starts = lineStarts('ab\r\ncd');
  assert.deepEqual(positionAt(starts, 5), { line: 1, character: 1 });
  assert.deepEqual(positionAt(starts, -3), { line: 0, character: 0 });
  assert.equal(offsetAt(starts, { line: 1, character: 1 }, 6), 5);
  assert.equal(offsetAt(starts, { line: 0, character: 99 }, 6), 4, 'clamped to the next line start');
  assert.equal(offsetAt(starts, { line: 9, character: 0 }, 6), 6);
});

test('line starts are where a line break ends, in texts with and without a carriage return', () => {
  assert.deepEqual(Array.from(lineStarts('a\nb\n\nc')), [0, 2, 4, 5]);
  assert.deepEqual(Array.from(lineStarts('no break')), [0]);
  assert.deepEqual(Array.from(lineStarts('\n')), [0, 1]);
  // What the text says, found by splitting it: each start is where the text before it ends a line.
  const byHand = (t: string) => {
    const out = [0];
    for (const m of t.matchAll(/\r\n|\r|\n/g)) out.push(m.index + m[0].length);
    return out;
  };
  const text = fc.array(fc.constantFrom('a', ' ', 'é', '\n', '\r', '\r\n', '\n\n'), { maxLength: 60 }).map((a) => a.join(''));
  fc.assert(
    fc.property(text, (t) => assert.deepEqual(Array.from(lineStarts(t)), byHand(t))),
    seeded(1000),
  );
});

test('a detached copy of a piece says exactly what the piece says, whatever its characters', () => {
  const article = '\ufeffThe minister said: “we will not yield” — and left.\n'.repeat(300) + 'a\ud800b\udc00c 😀 end';
  const pieces = [
    article.slice(0, 5),
    article.slice(0, 40), // a BOM first
    article.slice(20, 70), // curly quotes and a dash
    article.slice(article.length - 16), // lone surrogates, then a pair
    article.slice(100, 100 + 5000), // past the reused buffer
    'é'.repeat(20) + 'x',
  ];
  for (const p of pieces) assert.equal(detached(p), p);
  // Pieces after a long one still come out whole (the buffer reused across calls).
  assert.equal(detached(article.slice(3, 63)), article.slice(3, 63));
});
