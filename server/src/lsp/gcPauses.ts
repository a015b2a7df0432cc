/**
 * The garbage collector's pauses in the server process, counted since the
 * last reset, for `corroborate/stats`: a request that waits behind a
 * collection is slow for a reason no handler shows. Node reports each
 * collection after it ends (PerformanceObserver, entry type 'gc').
 * Collections the server made itself while idle (see idleCollector.ts) are
 * counted apart: nothing was waiting for them.
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
  /** Scavenges the server made while idle, not counted in `minor`. */
  readonly idle: Readonly<Tally>;
}

/** Idle collections remembered until the observer reports them (it does so soon after each). */
const IDLE_WINDOWS = 8;

const empty = (): Tally => ({ count: 0, totalMs: 0, maxMs: 0 });

export class GcPauses {
  private minor = empty();
  private major = empty();
  private idle = empty();
  /** When recent idle collections started and ended (performance.now()). */
  private readonly idleWindows: Array<readonly [number, number]> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.add(entry);
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** The server collected while idle from `start` to `end` (performance.now()): what the observer reports in between is counted as idle. */
  idleCollection(start: number, end: number): void {
    this.idleWindows.push([start, end]);
    if (this.idleWindows.length > IDLE_WINDOWS) this.idleWindows.shift();
  }

  /** One collection, as the observer reports it (exported for the tests). */
  add(entry: Pick<PerformanceEntry, 'duration'> & { startTime?: number; detail?: unknown }): void {
    const kind = (entry.detail as { kind?: number } | undefined)?.kind;
    const at = entry.startTime;
    const idle = at !== undefined && this.idleWindows.some(([start, end]) => at >= start && at <= end);
    const t = idle ? this.idle : kind === constants.NODE_PERFORMANCE_GC_MINOR ? this.minor : this.major;
    t.count++;
    t.totalMs += entry.duration;
    t.maxMs = Math.max(t.maxMs, entry.duration);
  }

  summary(): GcSummary {
    const round = (t: Tally) => ({ count: t.count, totalMs: Math.round(t.totalMs * 100) / 100, maxMs: Math.round(t.maxMs * 100) / 100 });
    return { minor: round(this.minor), major: round(this.major), idle: round(this.idle) };
  }

  reset(): void {
    this.minor = empty();
    this.major = empty();
    this.idle = empty();
  }

  dispose(): void {
    this.observer.disconnect();
  }
}
