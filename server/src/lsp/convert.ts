/** Conversions between core values and LSP protocol values. */
import { DiagnosticSeverity, SymbolKind, type Diagnostic } from 'vscode-languageserver';
import type { SymbolKindName } from '../core/features/symbolKinds';
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

const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  object: SymbolKind.Object,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  string: SymbolKind.String,
  event: SymbolKind.Event,
  property: SymbolKind.Property,
  file: SymbolKind.File,
};

export function toLspSymbolKind(kind: SymbolKindName): SymbolKind {
  return SYMBOL_KIND[kind];
}
