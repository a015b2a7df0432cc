// Benchmark-only memory probe, preloaded into the server process with
// `node --expose-gc -r bench/lib/probe.cjs dist/server.js --stdio`.
// It changes nothing in the server: on SIGUSR2 it runs a full GC (when
// exposed), writes process.memoryUsage() as JSON to $BENCH_PROBE_FILE, and,
// when $BENCH_PROBE_SNAPSHOT is set, a heap snapshot to that path.
// It never writes to stdout (the LSP channel).
'use strict';
const fs = require('node:fs');
const v8 = require('node:v8');

const out = process.env.BENCH_PROBE_FILE;
if (out) {
  process.on('SIGUSR2', () => {
    try {
      if (typeof global.gc === 'function') {
        global.gc();
        global.gc();
      }
      const m = process.memoryUsage();
      const spaces = v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size }));
      let snapshot;
      if (process.env.BENCH_PROBE_SNAPSHOT) snapshot = v8.writeHeapSnapshot(process.env.BENCH_PROBE_SNAPSHOT);
      fs.writeFileSync(out + '.tmp', JSON.stringify({ ...m, spaces, snapshot, at: Date.now() }));
      fs.renameSync(out + '.tmp', out);
    } catch (e) {
      try {
        fs.writeFileSync(out, JSON.stringify({ error: String(e) }));
      } catch {
        // nothing more to do
      }
    }
  });
}
