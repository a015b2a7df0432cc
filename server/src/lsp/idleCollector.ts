/**
 * Collects the young generation while the server is idle, so that the
 * scavenges an edit or a request would otherwise meet happen between them.
 *
 * V8 scavenges when the young generation fills up, in whatever code is
 * running then. In a large workspace a scavenge takes 3–9 ms (at 10,000
 * pairs), as long as a companion edit itself: the edits that met one made
 * the tail of the edit latencies. People pause between keystrokes and
 * between requests far longer than a scavenge takes; once the server has
 * been quiet for a moment (no message handled, nothing left to publish) and
 * the young generation is mostly full, it is collected then.
 *
 * Collecting only when it is mostly full keeps the number of scavenges what
 * it would have been (collecting after every edit promotes short-lived
 * objects early and made edits slower). Where the collector cannot be
 * reached (a runtime without V8's `gc` extension) nothing is done.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** How long (ms) the server must have been quiet before it collects. */
export const QUIET_MS = 50;
/** Collect once less than this share of the young generation is free. */
export const FREE_SHARE = 0.25;

/** The young generation's use, in bytes. */
export interface YoungGeneration {
  readonly used: number;
  readonly available: number;
}

export interface IdleCollectorHooks {
  /** How many messages from the client were handled so far: any change means the server was not quiet. */
  messagesHandled(): number;
  /** True while work is under way or due (an index, a publishing pass). */
  busy(): boolean;
  /** The young generation now (V8's heap statistics by default). */
  youngGeneration?(): YoungGeneration | undefined;
  /**
   * Collects the young generation. Left out: V8's own, when it can be
   * reached (see `minorCollection`); given, even as undefined (no collector),
   * it is used as it is.
   */
  collect?: (() => void) | undefined;
  /** Told of each collection this makes, with when it started and ended (performance.now()). */
  collected?(start: number, end: number): void;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private seen = -1;
  private disposed = false;
  private readonly collect: (() => void) | undefined;
  private readonly young: () => YoungGeneration | undefined;

  constructor(
    private readonly hooks: IdleCollectorHooks,
    private readonly quietMs = QUIET_MS,
  ) {
    this.collect = 'collect' in hooks ? hooks.collect : minorCollection();
    this.young = hooks.youngGeneration ?? youngGeneration;
  }

  /** Whether collections can be made at all. */
  get enabled(): boolean {
    return this.collect !== undefined;
  }

  /** Something happened (a message, a publishing pass): look again once the server has been quiet. */
  poke(): void {
    if (this.disposed || !this.collect || this.timer) return;
    this.seen = this.hooks.messagesHandled();
    this.timer = setTimeout(this.check, this.quietMs);
    this.timer.unref?.();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly check = (): void => {
    this.timer = undefined;
    if (this.disposed || !this.collect) return;
    if (this.hooks.messagesHandled() !== this.seen || this.hooks.busy()) {
      this.poke();
      return;
    }
    const young = this.young();
    if (!young || young.available >= FREE_SHARE * (young.used + young.available)) return;
    const start = performance.now();
    try {
      this.collect();
    } catch {
      // A runtime that refuses: nothing is lost but the collection.
    }
    this.hooks.collected?.(start, performance.now());
  };
}

/** The young generation's use from V8's heap statistics. */
function youngGeneration(): YoungGeneration | undefined {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space && { used: space.space_used_size, available: space.space_available_size };
}

/**
 * V8's minor collection (a scavenge), through its `gc` extension. The
 * extension is installed in contexts made once `--expose-gc` is set; setting
 * it at run time adds nothing to the server's own global scope.
 */
export function minorCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    return () => (gc as (options: { type: string }) => void)({ type: 'minor' });
  } catch {
    return undefined;
  }
}
