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
import { quoteCounterparts, quoteFindings, type Counterpart } from './quotes';
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

export function analyzeScope(corpus: Corpus, companions: readonly Companion[], dossier: Dossier | undefined, options: AnalysisOptions = {}): ScopeAnalysis {
  const readings = scopeReadings(corpus, companions, dossier);
  const counterparts = quoteCounterparts(readings.quotes, options.quoteMatchThreshold);
  const figureDisagreements = disagreements(readings.figures);
  const all = [
    ...figureFindings(figureDisagreements, dossier),
    ...quoteFindings(readings.quotes, dossier, counterparts),
    ...claimFindings(readings.claims, dossier),
  ];
  const findings = new Map<string, Finding[]>();
  for (const f of all) {
    const list = findings.get(f.uri) ?? [];
    list.push(f);
    findings.set(f.uri, list);
  }
  return { findings, readings, counterparts, disagreements: figureDisagreements, dossier };
}
