/** Conversions between core values and LSP protocol values. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { CoreDiagnostic, Severity } from '../core/model';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: CoreDiagnostic, withRelated: boolean): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'corroborate',
    message: d.message,
    relatedInformation: withRelated
      ? d.related?.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }))
      : undefined,
    data: d.data,
  };
}
