/** The `corroborate.*` settings as the server reads them, turned into core options and what the features read. */
import type { CorpusOptions } from '../core/corpus';
import { LENS_KINDS, type LensKind } from '../core/features/codeLens';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../core/model';

export interface Settings {
  diagnostics?: { severity?: Record<string, string> };
  anchoring?: { threshold?: number };
  limits?: { maxFileSizeMB?: number; maxAnnotationsPerFile?: number; maxFiles?: number };
  quotes?: { matchThreshold?: number };
  codeLens?: { kinds?: unknown };
}

/** What the features read from the settings (the rest goes to the corpus). */
export interface FeatureSettings {
  /** `corroborate.codeLens.kinds`: every kind unless the setting is a list. */
  readonly codeLensKinds: readonly LensKind[];
}

export function toFeatureSettings(settings: Settings | undefined | null): FeatureSettings {
  const kinds = settings?.codeLens?.kinds;
  return { codeLensKinds: Array.isArray(kinds) ? LENS_KINDS.filter((k) => kinds.includes(k)) : [...LENS_KINDS] };
}

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function toCorpusOptions(settings: Settings | undefined | null): CorpusOptions {
  const s = settings ?? {};
  const severity: Partial<Record<DiagnosticCode, Severity | 'off'>> = {};
  for (const [code, level] of Object.entries(s.diagnostics?.severity ?? {})) {
    if ((DIAGNOSTIC_CODES as readonly string[]).includes(code) && LEVELS.has(level)) {
      severity[code as DiagnosticCode] = level as Severity | 'off';
    }
  }
  const threshold = s.anchoring?.threshold;
  const mb = s.limits?.maxFileSizeMB;
  const quoteThreshold = s.quotes?.matchThreshold;
  return {
    severity,
    anchorThreshold: typeof threshold === 'number' && threshold > 0 && threshold <= 1 ? threshold : undefined,
    maxFileBytes: typeof mb === 'number' && mb > 0 ? mb * 1024 * 1024 : undefined,
    maxAnnotationsPerFile: positive(s.limits?.maxAnnotationsPerFile),
    maxFiles: positive(s.limits?.maxFiles),
    quoteMatchThreshold: typeof quoteThreshold === 'number' && quoteThreshold > 0 && quoteThreshold <= 1 ? quoteThreshold : undefined,
  };
}

/** Whether two sets of options differ in a limit (limits apply as files are read: a change means reading them again). */
export function limitsDiffer(a: CorpusOptions, b: CorpusOptions): boolean {
  return a.maxFileBytes !== b.maxFileBytes || a.maxAnnotationsPerFile !== b.maxAnnotationsPerFile || a.maxFiles !== b.maxFiles;
}

function positive(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}
