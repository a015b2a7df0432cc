/** settler: the views and the panel follow the corpus once its changes stop, not at each one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settler } from '../../client/src/settle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a burst of changes is followed once, after the last one and the quiet period', async () => {
  const runs: number[] = [];
  const start = performance.now();
  const s = settler(() => runs.push(performance.now() - start), 40);
  try {
    // Eight changes 15 ms apart (someone typing): never 40 ms of quiet in between.
    for (let i = 0; i < 8; i++) {
      s.poke();
      await sleep(15);
    }
    assert.deepEqual(runs, [], 'followed during the burst');
    await sleep(80);
    assert.equal(runs.length, 1);
    assert.ok(runs[0]! >= 7 * 15 + 40, `ran ${runs[0]} ms after the first change, before the last one had settled`);
    // A later change is followed again.
    s.poke();
    await sleep(80);
    assert.equal(runs.length, 2);
  } finally {
    s.dispose();
  }
});

test('nothing runs after dispose, even for a change already waiting', async () => {
  let runs = 0;
  const s = settler(() => runs++, 20);
  s.poke();
  s.dispose();
  s.poke();
  await sleep(60);
  assert.equal(runs, 0);
});
