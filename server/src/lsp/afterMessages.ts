/**
 * Background work that gives way to the client. The connection handles one
 * message per turn of the event loop; work scheduled here runs at the first
 * turn in which none was handled (the client paused), or after `maxMs` at
 * most, so a burst of edits or requests is served before it.
 */
export interface Pending {
  cancel(): void;
}

export function afterMessages(handled: () => number, maxMs: number, run: () => void): Pending {
  const until = performance.now() + maxMs;
  let seen = handled();
  // The connection's next turn was queued after this one: let it go first.
  let first = true;
  let timer: NodeJS.Immediate | undefined;
  const next = () => {
    timer = undefined;
    const now = handled();
    if (first || (now !== seen && performance.now() < until)) {
      first = false;
      seen = now;
      timer = setImmediate(next);
      return;
    }
    run();
  };
  timer = setImmediate(next);
  return {
    cancel() {
      if (timer) clearImmediate(timer);
      timer = undefined;
    },
  };
}
