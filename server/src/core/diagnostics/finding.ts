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

/**
 * A finding about one annotation whose message is put together each time it
 * is read (when its file's diagnostics are sent, or findings are compared
 * after an edit) rather than kept. For kinds made for thousands of
 * annotations from values the finding holds anyway: kept, their messages
 * were the largest strings in the server's heap (figure and anchor messages,
 * 8 of 91 MB at 1,000 bench pairs). What the message reads must be fixed
 * once the finding is made. A getter is not an own property: copy a finding
 * with `changed`, not a spread (anything that serialises findings must name
 * them too; diagnostics are made field by field, see Corpus.toDiagnostic).
 */
export abstract class WorkedOutFinding implements Finding {
  constructor(
    readonly uri: string,
    readonly code: DiagnosticCode,
    readonly annotation: number,
    readonly related: readonly RelatedSpan[] | undefined,
    readonly data: unknown,
  ) {}

  abstract get message(): string;
  /** Likewise read from the annotation: a field keeps its place as numbers, not as a span object. */
  abstract get span(): Span;
}

/**
 * A copy of a finding with some fields replaced. The message and span are
 * named, as a spread alone would leave them out of a WorkedOutFinding
 * (they are getters).
 */
export function changed(f: Finding, changes: Partial<Finding>): Finding {
  return { ...f, message: f.message, span: f.span, ...changes };
}
