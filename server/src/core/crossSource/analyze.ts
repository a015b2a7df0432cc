/**
 * Cross-source analysis of one scope (the companions governed by one
 * dossier, or all those without a dossier): the findings that compare
 * sources with each other. Computed once per change of the scope and shared
 * by diagnostics, hovers, CodeLens, views and the report.
 */
import type { Corpus } from '../corpus';
import type { Finding } from '../diagnostics/finding';
import type { Companion, Dossier } from '../model';

export interface ScopeAnalysis {
  /** Findings by companion URI (each about one of its annotations). */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

export function analyzeScope(_corpus: Corpus, _companions: readonly Companion[], _dossier: Dossier | undefined): ScopeAnalysis {
  return { findings: new Map() };
}
