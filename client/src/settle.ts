/**
 * Calls back once a run of events has stopped: `poke()` at each event, and
 * `run` is called `quietMs` after the last one. Pure (no `vscode` import),
 * so it is unit-tested in Node.
 *
 * The views and the comparison panel follow the corpus through it. Typing
 * in a companion makes the server say the corpus changed after nearly
 * every keystroke, and each refresh asks for a report of the whole scope:
 * 0.2–0.3 s of the server's time and an 11 MB answer at 1,000 pairs, 2–3 s
 * and 106 MB at 10,000, during which the next keystroke's diagnostics wait.
 * Following every change would redraw them for nothing while someone types.
 */
export interface Settler {
  /** An event: `run` is called once `quietMs` pass without another. */
  poke(): void;
  dispose(): void;
}

export function settler(run: () => void, quietMs: number): Settler {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  return {
    poke() {
      if (disposed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, quietMs);
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
