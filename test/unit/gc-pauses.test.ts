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
    assert.deepEqual(pauses.summary(), { minor: { count: 2, totalMs: 2, maxMs: 1.5 }, major: { count: 2, totalMs: 15, maxMs: 12 } });
    pauses.reset();
    assert.deepEqual(pauses.summary(), { minor: { count: 0, totalMs: 0, maxMs: 0 }, major: { count: 0, totalMs: 0, maxMs: 0 } });
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
