/** GcPauses: the collector's pauses `corroborate/stats` reports. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constants } from 'node:perf_hooks';
import { GcPauses } from '../../server/src/lsp/gcPauses';

test('scavenges and other collections are counted apart, with their total and longest pause, until reset', () => {
  const pauses = new GcPauses();
  try {
    pauses.reset();
    pauses.add({ duration: 1.5, detail: { kind: constants.NODE_PERFORMANCE_GC_MINOR } });
    pauses.add({ duration: 0.5, detail: { kind: constants.NODE_PERFORMANCE_GC_MINOR } });
    pauses.add({ duration: 12, detail: { kind: constants.NODE_PERFORMANCE_GC_MAJOR } });
    pauses.add({ duration: 3, detail: { kind: constants.NODE_PERFORMANCE_GC_INCREMENTAL } });
    const none = { count: 0, totalMs: 0, maxMs: 0 };
    assert.deepEqual(pauses.summary(), { minor: { count: 2, totalMs: 2, maxMs: 1.5 }, major: { count: 2, totalMs: 15, maxMs: 12 }, idle: none });
    pauses.reset();
    assert.deepEqual(pauses.summary(), { minor: none, major: none, idle: none });
  } finally {
    pauses.dispose();
  }
});

test('collections that start while the server collects on its own are counted as idle, the others as pauses', () => {
  const pauses = new GcPauses();
  try {
    pauses.reset();
    pauses.idleCollection(100, 104);
    pauses.add({ startTime: 100.5, duration: 3.5, detail: { kind: constants.NODE_PERFORMANCE_GC_MINOR } });
    pauses.add({ startTime: 99, duration: 2, detail: { kind: constants.NODE_PERFORMANCE_GC_MINOR } });
    pauses.add({ startTime: 110, duration: 1, detail: { kind: constants.NODE_PERFORMANCE_GC_MINOR } });
    const s = pauses.summary();
    assert.deepEqual(s.idle, { count: 1, totalMs: 3.5, maxMs: 3.5 });
    assert.deepEqual(s.minor, { count: 2, totalMs: 3, maxMs: 2 });
  } finally {
    pauses.dispose();
  }
});

test("the process's own collections are observed", async () => {
  const pauses = new GcPauses();
  try {
    // Enough short-lived garbage for several scavenges of the young generation.
    let keep = 0;
    for (let i = 0; i < 2_000_000; i++) keep += [i, i + 1, { i }].length;
    assert.ok(keep > 0);
    for (let i = 0; i < 20 && pauses.summary().minor.count === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const { minor } = pauses.summary();
    assert.ok(minor.count > 0 && minor.totalMs > 0 && minor.maxMs > 0, JSON.stringify(minor));
  } finally {
    pauses.dispose();
  }
});
