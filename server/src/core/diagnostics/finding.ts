/**
 * What a diagnostic family produces before it is placed on lines: a span of
 * one file, its code and message, and related places in other files.
 */
import type { DiagnosticCode, Span } from '../model';

export interface RelatedSpan {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly uri: string;
  readonly span: Span;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly related?: readonly RelatedSpan[];
  readonly data?: unknown;
  /**
   * For a finding on a companion about one annotation: its position in the
   * list, so the finding is mirrored on the annotated article span.
   */
  readonly annotation?: number;
}
