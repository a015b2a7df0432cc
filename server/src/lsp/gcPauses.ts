/**
 * The garbage collector's pauses in the server process, counted since the
 * last reset, for `corroborate/stats`: a request that waits behind a
 * collection is slow for a reason no handler shows. Node reports each
 * collection after it ends (PerformanceObserver, entry type 'gc').
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

/** How many collections, their total and their longest pause (ms). */
export interface Tally {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface GcSummary {
  /** Scavenges of the young generation. */
  readonly minor: Readonly<Tally>;
  /** Every other collection (mark-compact and the rest). */
  readonly major: Readonly<Tally>;
}

const empty = (): Tally => ({ count: 0, totalMs: 0, maxMs: 0 });

export class GcPauses {
  private minor = empty();
  private major = empty();
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.add(entry);
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** One collection, as the observer reports it (exported for the tests). */
  add(entry: Pick<PerformanceEntry, 'duration'> & { detail?: unknown }): void {
    const kind = (entry.detail as { kind?: number } | undefined)?.kind;
    const t = kind === constants.NODE_PERFORMANCE_GC_MINOR ? this.minor : this.major;
    t.count++;
    t.totalMs += entry.duration;
    t.maxMs = Math.max(t.maxMs, entry.duration);
  }

  summary(): GcSummary {
    const round = (t: Tally) => ({ count: t.count, totalMs: Math.round(t.totalMs * 100) / 100, maxMs: Math.round(t.maxMs * 100) / 100 });
    return { minor: round(this.minor), major: round(this.major) };
  }

  reset(): void {
    this.minor = empty();
    this.major = empty();
  }

  dispose(): void {
    this.observer.disconnect();
  }
}
