/**
 * `figure-conflict` and `figure-contested`: figures for the same quantity
 * compared across every source, grouped by claimant (absent claimant = the
 * outlet) and by `as_of` when given. Intervals and units come from
 * analysis/intervals (rules in docs/analysis.md).
 */
import { compareFigures, type ComparableFigure } from '../analysis/intervals';
import { normaliseUnit } from '../analysis/numbers';
import type { Finding } from '../diagnostics/finding';
import type { Dossier } from '../model';
import type { FigureReading } from './readings';
import { annotationKey, listing, relatedTo } from './related';

export function comparable(r: FigureReading): ComparableFigure | undefined {
  if (r.value === undefined) return undefined;
  const p = r.parsed;
  const sameAsText = p !== undefined && r.value === p.value;
  return {
    value: r.value,
    low: sameAsText ? p.low : undefined,
    high: sameAsText ? p.high : undefined,
    approx: r.approx,
    unit: r.unit ? normaliseUnit(r.unit) : undefined,
    currency: p?.currency,
    precision: p?.precision ?? 1,
    vague: p?.vague,
    alternates: p?.alternates,
  };
}

/** Two readings are compared when their as_of dates are equal, or either has none. */
export function sameMoment(a: FigureReading, b: FigureReading): boolean {
  return a.asOf === undefined || b.asOf === undefined || a.asOf === b.asOf;
}

/** Every pair of readings of one quantity that disagree, by annotation. */
export function disagreements(figures: readonly FigureReading[]): Map<string, { reading: FigureReading; conflict: FigureReading[]; contested: FigureReading[] }> {
  const byQuantity = new Map<string, FigureReading[]>();
  for (const f of figures) {
    const list = byQuantity.get(f.quantity) ?? [];
    list.push(f);
    byQuantity.set(f.quantity, list);
  }
  const out = new Map<string, { reading: FigureReading; conflict: FigureReading[]; contested: FigureReading[] }>();
  const entry = (r: FigureReading) => {
    const k = annotationKey(r);
    let e = out.get(k);
    if (!e) out.set(k, (e = { reading: r, conflict: [], contested: [] }));
    return e;
  };
  for (const group of byQuantity.values()) {
    const comparables = group.map(comparable);
    for (let i = 0; i < group.length; i++) {
      const ci = comparables[i];
      if (!ci) continue;
      for (let j = i + 1; j < group.length; j++) {
        const cj = comparables[j];
        if (!cj || !sameMoment(group[i], group[j])) continue;
        if (compareFigures(ci, cj) !== 'disagree') continue;
        const sameClaimant = group[i].claimant.id === group[j].claimant.id;
        entry(group[i])[sameClaimant ? 'conflict' : 'contested'].push(group[j]);
        entry(group[j])[sameClaimant ? 'conflict' : 'contested'].push(group[i]);
      }
    }
  }
  return out;
}

function quantityLabel(q: string, dossier: Dossier | undefined): string {
  return dossier?.definitions.quantities.get(q)?.label ?? q;
}

function where(r: FigureReading): string {
  return `${r.written} (${r.outlet})`;
}

export function figureFindings(figures: readonly FigureReading[], dossier: Dossier | undefined): Finding[] {
  const out: Finding[] = [];
  for (const { reading: r, conflict, contested } of disagreements(figures).values()) {
    const label = quantityLabel(r.quantity, dossier);
    const text = r.annotation.fields.text;
    if (!text) continue;
    if (conflict.length) {
      out.push({
        uri: r.companion.uri,
        span: text.node,
        code: 'figure-conflict',
        message: `${label}: ${r.claimant.label} is reported here as "${r.written}" but as ${listing(conflict.map(where))}.`,
        related: conflict.map((o) => relatedTo(o, `${o.claimant.label}: ${o.written} (${o.outlet})`)),
        annotation: r.annotation.index,
        data: { quantity: r.quantity, others: conflict.map(annotationKey) },
      });
    }
    if (contested.length) {
      out.push({
        uri: r.companion.uri,
        span: text.node,
        code: 'figure-contested',
        message: `${label} is contested: ${r.claimant.label} says "${r.written}" here; ${listing(contested.map((o) => `${o.claimant.label} says ${where(o)}`))}.`,
        related: contested.map((o) => relatedTo(o, `${o.claimant.label}: ${o.written} (${o.outlet})`)),
        annotation: r.annotation.index,
        data: { quantity: r.quantity, others: contested.map(annotationKey) },
      });
    }
  }
  return out;
}
