/** The warm-start cache is written a piece at a time; the pieces must still be the file's JSON. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { writeArray } from '../../server/src/lsp/chunkedJson';

test('an array written in pieces is the same JSON, one write per piece of items', async () => {
  const item = fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(null));
  await fc.assert(
    fc.asyncProperty(fc.array(item, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), async (items, chunk) => {
      const pieces: string[] = [];
      await writeArray(items, (x) => JSON.stringify(x), async (t) => void pieces.push(t), chunk);
      assert.equal(pieces.join(''), JSON.stringify(items));
      assert.equal(pieces.length, 2 + Math.ceil(items.length / chunk), 'the brackets, then a write per piece');
    }),
    { numRuns: 300 },
  );
});
