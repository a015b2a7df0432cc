/** RequestTimes: the handler durations `corroborate/stats` reports, taken through the connection the features register on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import { RequestTimes } from '../../server/src/lsp/requestTimes';

/** A connection that keeps the handlers registered on it. */
function fakeConnection() {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const connection = {
    onHover: (h: (...args: unknown[]) => unknown) => void handlers.set('hover', h),
    onRequest: (method: string, h: (...args: unknown[]) => unknown) => void handlers.set(method, h),
    onDidOpenTextDocument: (h: (...args: unknown[]) => unknown) => void handlers.set('didOpen', h),
    console: { log: () => undefined },
  };
  return { connection: connection as unknown as Connection, handlers };
}

test('a handler registered through the timing connection is timed by its method, sync or async', async () => {
  let clock = 0;
  const times = new RequestTimes(() => clock);
  const { connection, handlers } = fakeConnection();
  const timing = times.timing(connection);
  timing.onHover(() => {
    clock += 3;
    return null;
  });
  timing.onRequest('corroborate/sources', async () => {
    clock += 7;
    await Promise.resolve();
    clock += 5;
    return { sources: [] };
  });
  timing.onDidOpenTextDocument(() => undefined);

  assert.equal(handlers.get('hover')!(), null, 'the answer is passed through');
  assert.deepEqual(await handlers.get('corroborate/sources')!(), { sources: [] });
  handlers.get('didOpen')!();
  assert.deepEqual(times.summary(), {
    'textDocument/hover': { n: 1, p50: 3, p99: 3, max: 3 },
    'corroborate/sources': { n: 1, p50: 12, p99: 12, max: 12 },
  }, 'notifications are not timed');
  assert.equal(timing.console, connection.console, 'everything else is the connection itself');
});

test('a handler that throws or rejects is timed, and its error passed on', async () => {
  let clock = 0;
  const times = new RequestTimes(() => clock);
  const failing = times.timed('a', () => {
    clock += 2;
    throw new Error('boom');
  });
  assert.throws(() => failing(), /boom/);
  const rejecting = times.timed('b', async () => {
    clock += 4;
    throw new Error('late');
  });
  await assert.rejects(rejecting(), /late/);
  assert.deepEqual(times.summary(), { a: { n: 1, p50: 2, p99: 2, max: 2 }, b: { n: 1, p50: 4, p99: 4, max: 4 } });
});

test('p50 and p99 by nearest rank over the last 1,000 durations; reset forgets them', () => {
  const times = new RequestTimes(() => 0);
  for (let i = 1; i <= 1200; i++) times.add('m', i); // the first 200 fall out
  assert.deepEqual(times.summary().m, { n: 1000, p50: 700, p99: 1190, max: 1200 });
  times.reset();
  assert.deepEqual(times.summary(), {});
});
