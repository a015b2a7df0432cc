/**
 * Which cross-source findings mark their words as a `conflict` (one claimant
 * reported with incompatible figures, a misattributed quote) and which as
 * `contested` (claimants disagree, a claim is contested, a quote is worded
 * differently). One table for every place that shows the difference: the
 * semantic-token modifiers, the editor's overview-ruler marks and the views'
 * icons.
 */
import type { DiagnosticCode } from '../model';

export type FindingClass = 'conflict' | 'contested';

export const FINDING_CLASS: Readonly<Partial<Record<DiagnosticCode, FindingClass>>> = {
  'figure-conflict': 'conflict',
  'quote-misattributed': 'conflict',
  'figure-contested': 'contested',
  'claim-contested': 'contested',
  'quote-divergent': 'contested',
};

/** The class of a finding code (any string: codes come back from the editor as text); undefined for other codes. */
export function findingClass(code: string): FindingClass | undefined {
  return Object.hasOwn(FINDING_CLASS, code) ? FINDING_CLASS[code as DiagnosticCode] : undefined;
}
