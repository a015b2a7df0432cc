/** The warm-start cache is written a piece at a time; the pieces must still be the file's JSON. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import { asciiJson, LineReader, textOf, writeArray } from '../../server/src/lsp/chunkedJson';

test('an array written in pieces is the same JSON, one write per piece of items', async () => {
  const item = fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(null));
  await fc.assert(
    fc.asyncProperty(fc.array(item, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), async (items, chunk) => {
      const pieces: string[] = [];
      await writeArray(items, (x) => JSON.stringify(x), async (t) => void pieces.push(t), chunk);
      assert.equal(pieces.join(''), JSON.stringify(items));
      assert.equal(pieces.length, 2 + Math.ceil(items.length / chunk), 'the brackets, then a write per piece');
    }),
    seeded(300),
  );
});

test('written a line per item, the array is the same JSON, and reads back a line at a time', async () => {
  const item = fc.oneof(fc.string(), fc.integer(), fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }), fc.constant(null));
  await fc.assert(
    fc.asyncProperty(fc.array(item, { maxLength: 40 }), fc.array(item, { maxLength: 5 }), fc.integer({ min: 1, max: 12 }), async (items, more, chunk) => {
      const pieces: string[] = ['{"a":'];
      const write = async (t: string) => void pieces.push(t);
      await writeArray(items, (x) => JSON.stringify(x), write, chunk, true);
      await write(',"b":');
      await writeArray(more, (x) => JSON.stringify(x), write, chunk, true);
      await write('}\n');
      const text = pieces.join('');
      assert.deepEqual(JSON.parse(text), { a: items, b: more });
      let pauses = 0;
      const lines = new LineReader(text);
      lines.expect('{"a":[');
      assert.deepEqual(await lines.items(JSON.parse, async () => void pauses++), items);
      lines.expect('],"b":[');
      assert.deepEqual(await lines.items(JSON.parse, async () => void pauses++), more);
      lines.expect(']}');
      assert.equal(lines.done(), true);
      assert.equal(pauses, 0, 'short arrays are read without a pause');
    }),
    seeded(300),
  );
});

test('a long array is read back with pauses; a line out of place is refused', async () => {
  const items = Array.from({ length: 5000 }, (_, i) => `item ${i}, with a comma,`);
  const pieces: string[] = [];
  await writeArray(items, (x) => JSON.stringify(x), async (t) => void pieces.push(t), 500, true);
  const text = pieces.join('');
  assert.equal(text.split('\n').length, items.length + 2, 'the brackets and one line per item');
  let pauses = 0;
  const lines = new LineReader(text);
  lines.expect('[');
  assert.deepEqual(await lines.items(JSON.parse, async () => void pauses++), items);
  assert.equal(pauses, 2, 'a pause every 2,000 items');
  assert.throws(() => lines.expect('],'));
  const cut = new LineReader('[\n1,\n2');
  cut.expect('[');
  await assert.rejects(cut.items(JSON.parse, async () => undefined), /end of text/);
});

test('JSON written in ASCII only is the same JSON, and reads back the same from its bytes', () => {
  const text = fc.string({ unit: 'binary', maxLength: 30 }); // any code units: curly quotes, accents, astral pairs, lone surrogates
  fc.assert(
    fc.property(fc.array(fc.oneof(text, fc.integer()), { maxLength: 8 }), (value) => {
      const json = asciiJson(JSON.stringify(value));
      assert.ok(/^[\x00-\x7f]*$/.test(json), json);
      assert.deepEqual(JSON.parse(json), value);
      assert.deepEqual(JSON.parse(textOf(Buffer.from(json, 'utf8'))), value);
    }),
    seeded(300),
  );
  const quoted = '“Nous démentons”, said Ana Müller 🙂';
  assert.equal(asciiJson(JSON.stringify(quoted)), '"\\u201cNous d\\u00e9mentons\\u201d, said Ana M\\u00fcller \\ud83d\\ude42"');
  // A file written before (UTF-8, not escaped) still reads back as it was.
  assert.equal(textOf(Buffer.from(JSON.stringify(quoted), 'utf8')), JSON.stringify(quoted));
  assert.equal(textOf(Buffer.from('plain', 'utf8')), 'plain');
});
