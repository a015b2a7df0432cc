/** IdleCollector: scavenges made while the server is quiet, not during an edit or a request. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { FREE_SHARE, IdleCollector, minorCollection, type YoungGeneration } from '../../server/src/lsp/idleCollector';
import { GcPauses } from '../../server/src/lsp/gcPauses';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1 << 20;
const full: YoungGeneration = { used: 14 * MB, available: 2 * MB };
const roomy: YoungGeneration = { used: 4 * MB, available: 12 * MB };

/** A collector over a fake server: its messages, whether it is busy and its young generation are the test's to set. */
function fixture(young: YoungGeneration) {
  const state = { handled: 0, busy: false, young, collections: [] as Array<[number, number]> };
  const collector = new IdleCollector(
    {
      messagesHandled: () => state.handled,
      busy: () => state.busy,
      youngGeneration: () => state.young,
      collect: () => undefined,
      collected: (start, end) => state.collections.push([start, end]),
    },
    20,
  );
  return { state, collector };
}

test('once the server has been quiet, a mostly full young generation is collected, once', async () => {
  const { state, collector } = fixture(full);
  try {
    collector.poke();
    assert.equal(state.collections.length, 0, 'nothing before the quiet period');
    await sleep(60);
    assert.equal(state.collections.length, 1);
    await sleep(60);
    assert.equal(state.collections.length, 1, 'without new activity it does not collect again');
  } finally {
    collector.dispose();
  }
});

test('a young generation with room left is not collected', async () => {
  const { state, collector } = fixture(roomy);
  try {
    assert.ok(roomy.available >= FREE_SHARE * (roomy.used + roomy.available));
    collector.poke();
    await sleep(60);
    assert.equal(state.collections.length, 0);
  } finally {
    collector.dispose();
  }
});

test('messages keep arriving or work under way: it waits until they stop', async () => {
  const { state, collector } = fixture(full);
  try {
    collector.poke();
    // A message every 5 ms for 80 ms: never quiet for 20 ms.
    for (let i = 0; i < 16; i++) {
      await sleep(5);
      state.handled++;
    }
    assert.equal(state.collections.length, 0, 'collected while messages were arriving');
    state.busy = true;
    await sleep(60);
    assert.equal(state.collections.length, 0, 'collected while busy');
    state.busy = false;
    await sleep(60);
    assert.equal(state.collections.length, 1);
  } finally {
    collector.dispose();
  }
});

test('nothing is collected after dispose, nor where the runtime offers no collector', async () => {
  const { state, collector } = fixture(full);
  collector.poke();
  collector.dispose();
  await sleep(60);
  assert.equal(state.collections.length, 0);
  const none = new IdleCollector({ messagesHandled: () => 0, busy: () => false, youngGeneration: () => full, collect: undefined });
  assert.equal(none.enabled, false);
  none.poke();
  none.dispose();
});

test("V8's minor collection is reached, scavenges, and is counted as idle, not as a pause", async () => {
  const collect = minorCollection();
  assert.ok(collect, 'the gc extension could not be reached');
  const seen: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.push(((e as { detail?: { kind?: number } }).detail?.kind) ?? -1);
  });
  observer.observe({ entryTypes: ['gc'] });
  const pauses = new GcPauses();
  try {
    await sleep(20);
    seen.length = 0;
    pauses.reset();
    let keep = 0;
    for (let i = 0; i < 10_000; i++) keep += [i, { i }].length;
    assert.ok(keep > 0);
    const start = performance.now();
    collect();
    pauses.idleCollection(start, performance.now());
    for (let i = 0; i < 20 && !seen.length; i++) await sleep(10);
    assert.ok(seen.includes(constants.NODE_PERFORMANCE_GC_MINOR), `kinds seen: ${seen.join(', ')}`);
    const { idle } = pauses.summary();
    assert.ok(idle.count >= 1 && idle.totalMs > 0, JSON.stringify(pauses.summary()));
    // The server's own global scope is left alone.
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  } finally {
    observer.disconnect();
    pauses.dispose();
  }
});
