/** The n log n comparison used for large quantity groups agrees with the exact pair-by-pair one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { disagreementsWith } from '../../server/src/core/crossSource/figures';
import type { FigureReading } from '../../server/src/core/crossSource/readings';
import { figureInterval } from '../../server/src/core/analysis/intervals';
import type { Approx } from '../../server/src/core/model';

const APPROX: Approx[] = ['exact', 'about', 'nearly', 'over', 'at-least', 'up-to', 'under'];

function reading(i: number, value: number, approx: Approx, claimant: string, asOf: string | undefined): FigureReading {
  const companion = { uri: `file:///w/a${i}.ann.yaml`, articleUri: `file:///w/a${i}.txt` } as FigureReading['companion'];
  return {
    companion,
    annotation: { index: 0, span: { start: 0, end: 0 }, fields: {} },
    anchor: { state: 'placed', score: 1 },
    outlet: `Outlet ${i}`,
    quantity: 'q',
    claimant: { id: claimant, label: claimant },
    asOf,
    written: String(value),
    value,
    approx,
    unit: 'worker',
    parsed: { value, approx, unit: 'worker', precision: 0.01, raw: String(value) },
    interval: figureInterval({ value, approx, precision: 0.01 }),
  } as FigureReading;
}

test('sweep and pairwise find the same disagreements, counted the same way', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          value: fc.double({ min: 100, max: 20000, noNaN: true }).map((v) => Math.round(v * 100) / 100 + 0.003),
          approx: fc.constantFrom(...APPROX),
          claimant: fc.constantFrom('a', 'b', 'c'),
          asOf: fc.constantFrom(undefined, '2026-03-01', '2026-03-02'),
        }),
        { minLength: 2, maxLength: 40 },
      ),
      (rows) => {
        const group = rows.map((r, i) => reading(i, r.value, r.approx, r.claimant, r.asOf));
        const exact = disagreementsWith('pairwise', group);
        const fast = disagreementsWith('sweep', group);
        const summary = (m: ReturnType<typeof disagreementsWith>) =>
          [...m.entries()].map(([k, d]) => `${k}:${d.conflictCount}/${d.contestedCount}`).sort();
        assert.deepEqual(summary(fast), summary(exact));
      },
    ),
    { numRuns: Number(process.env.CORROBORATE_PROPERTY_RUNS ?? 300) },
  );
});
