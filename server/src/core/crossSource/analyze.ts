/**
 * Cross-source analysis of one scope (the companions governed by one
 * dossier, or all those without a dossier): the findings that compare
 * sources with each other. Computed once per change of the scope and shared
 * by diagnostics, hovers, CodeLens, views and the report.
 */
import type { Corpus } from '../corpus';
import type { Finding } from '../diagnostics/finding';
import type { Companion, Dossier } from '../model';
import { claimFindings } from './claims';
import { disagreements, figureFindings, type Disagreement } from './figures';
import { QUOTE_MATCH_THRESHOLD } from '../analysis/quotes';
import { QuoteIndex, quoteFindings, type Counterpart } from './quotes';
import { scopeReadings, type ScopeReadings } from './readings';

export interface ScopeAnalysis {
  /** Findings by companion URI (each about one of its annotations). */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  readonly readings: ScopeReadings;
  /** Quote counterparts by annotation key (`companionUri#index`). */
  readonly counterparts: ReadonlyMap<string, readonly Counterpart[]>;
  /** Figure disagreements by annotation key. */
  readonly disagreements: ReadonlyMap<string, Disagreement>;
  readonly dossier?: Dossier;
  /** Work kept for the next analysis: one entry per quantity and per claim. */
  readonly groups?: ReadonlyMap<string, Group>;
  /** The quote counterpart graph, updated in place by the next analysis. */
  readonly quoteIndex?: QuoteIndex;
  readonly quoteThreshold?: number;
}

/** The findings of one quantity's or one claim's readings, reused while its readings are the same objects. */
interface Group {
  readonly members: readonly object[];
  readonly findings: readonly Finding[];
  readonly disagreements?: ReadonlyMap<string, Disagreement>;
}

export const EMPTY_SCOPE: ScopeAnalysis = {
  findings: new Map(),
  readings: { figures: [], quotes: [], claims: [] },
  counterparts: new Map(),
  disagreements: new Map(),
};

export interface AnalysisOptions {
  /** Similarity (0..1) two quotes without a shared key need to be counterparts; default QUOTE_MATCH_THRESHOLD. */
  readonly quoteMatchThreshold?: number;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function sameMembers(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Analyses a scope. With the previous analysis of the same scope, only the
 * quantities and claims whose readings changed are compared again: an edit
 * to one article re-examines the few groups it touches, not the dossier.
 */
export function analyzeScope(
  corpus: Corpus,
  companions: readonly Companion[],
  dossier: Dossier | undefined,
  options: AnalysisOptions = {},
  previous?: ScopeAnalysis,
): ScopeAnalysis {
  const readings = scopeReadings(corpus, companions, dossier);
  const reuse = previous?.dossier === dossier ? previous?.groups : undefined;
  const groups = new Map<string, Group>();
  const all: Finding[] = [];
  const figureDisagreements = new Map<string, Disagreement>();

  for (const [quantity, members] of groupBy(readings.figures, (f) => f.quantity)) {
    const key = `figure:${quantity}`;
    let group = reuse?.get(key);
    if (!group || !sameMembers(group.members, members)) {
      const found = disagreements(members);
      group = { members, findings: figureFindings(found, dossier), disagreements: found };
    }
    groups.set(key, group);
    for (const [k, d] of group.disagreements ?? []) figureDisagreements.set(k, d);
    for (const f of group.findings) all.push(f);
  }
  for (const [claim, members] of groupBy(readings.claims, (c) => c.claim)) {
    const key = `claim:${claim}`;
    let group = reuse?.get(key);
    if (!group || !sameMembers(group.members, members)) group = { members, findings: claimFindings(members, dossier) };
    groups.set(key, group);
    for (const f of group.findings) all.push(f);
  }
  const threshold = options.quoteMatchThreshold ?? QUOTE_MATCH_THRESHOLD;
  let quoteIndex = previous?.quoteIndex && previous.quoteThreshold === threshold && reuse ? previous.quoteIndex : undefined;
  if (!quoteIndex || !quoteIndex.update(readings.quotes)) {
    quoteIndex = new QuoteIndex(threshold);
    quoteIndex.update(readings.quotes);
  }
  const counterparts = quoteIndex.counterparts();
  for (const f of quoteFindings(readings.quotes, dossier, counterparts)) all.push(f);

  const findings = new Map<string, Finding[]>();
  for (const f of all) {
    const list = findings.get(f.uri);
    if (list) list.push(f);
    else findings.set(f.uri, [f]);
  }
  return { findings, readings, counterparts, disagreements: figureDisagreements, dossier, groups, quoteIndex, quoteThreshold: threshold };
}
