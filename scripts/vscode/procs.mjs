// Small process helpers shared by the VS Code runner scripts: polling with a
// deadline, killing a detached child's whole process group, and running
// clean-ups once on exit, Ctrl-C, SIGTERM or an uncaught error.

/** Polls `check` (sync or async) until it returns a truthy value; throws after `timeoutMs`. */
export async function waitUntil(check, timeoutMs, what, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends a child started with `detached: true` and everything in its process
 * group: SIGTERM, then SIGKILL if the group is still there after `graceMs`.
 */
export async function killTree(child, graceMs = 5000) {
  const pid = child?.pid;
  if (!pid || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await waitUntil(() => !groupAlive(pid), graceMs, `process group ${pid} to end`, 50);
  } catch {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

const cleanups = [];
let cleaning;

/** Registers `fn` to run (last registered first) before the process exits. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

/** Runs every registered clean-up once; later calls wait for the same run. */
export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (e) {
        console.error(`clean-up failed: ${e?.message ?? e}`);
      }
    }
  })();
  return cleaning;
}

/** True once clean-up has begun (a child ending then is expected). */
export function cleaningUp() {
  return cleaning !== undefined;
}

/** Cleans up, then exits with `code`. */
export async function exitWith(code) {
  await cleanup();
  process.exit(code);
}

/** Makes Ctrl-C, SIGTERM, SIGHUP and uncaught errors clean up before exiting. */
export function cleanupOnSignals() {
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping...`);
      exitWith(code);
    });
  }
  const fail = (e) => {
    console.error(e?.stack ?? String(e));
    exitWith(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
