/** The `corroborate.*` settings as the server reads them, turned into core options and what the features read. */
import { effectiveLimits, type CorpusOptions } from '../core/corpus';
import { LENS_KINDS, type LensKind } from '../core/features/codeLens';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../core/model';

export interface Settings {
  diagnostics?: { severity?: Record<string, string>; articleMarks?: unknown; closedFiles?: unknown };
  anchoring?: { threshold?: number };
  limits?: { maxFileSizeMB?: number; maxAnnotationsPerFile?: number; maxFiles?: number };
  quotes?: { matchThreshold?: number };
  codeLens?: { kinds?: unknown };
}

/**
 * `corroborate.diagnostics.articleMarks`: where an article shows its
 * companion's findings on the annotated words. `whenOpen`: while the article
 * is open in an editor, so the Problems panel lists each finding once, on its
 * annotation; `always`: for every article, open or not; `never`.
 */
export const ARTICLE_MARKS = ['whenOpen', 'always', 'never'] as const;
export type ArticleMarks = (typeof ARTICLE_MARKS)[number];

/**
 * `corroborate.diagnostics.closedFiles`: what files that are not open in an
 * editor report. `all`: every finding; `warnings`: errors and warnings, the
 * rest (contested figures and claims, quotes worded differently, hints) once
 * the file is opened; `errors`: errors only; `none`: nothing until opened.
 * `auto` (the default): `all` for a workspace of up to `AUTO_ALL_UP_TO`
 * companions, `warnings` above. Open files always report everything.
 */
export const CLOSED_FILES = ['auto', 'all', 'warnings', 'errors', 'none'] as const;
export type ClosedFiles = (typeof CLOSED_FILES)[number];
/** What closed files report once `auto` is decided. */
export type ClosedFilesShown = Exclude<ClosedFiles, 'auto'>;

/**
 * The most companions for which `auto` lets closed files report everything.
 * Measured in a real VS Code (code-server; `npm run bench:editor`, see
 * docs/performance.md, "In a real editor"): the editor takes in about 5,000
 * diagnostics a second whatever their kind, and the bench corpus has 25
 * findings per companion, 60% of them information. At 1,000 pairs the
 * Problems panel is complete 14 s after the window opens (8.7 s with
 * `warnings`); at 10,000 pairs it took 86 s, with 3.6 GB in the window's
 * and the extension host's processes, and `warnings` halves both.
 */
export const AUTO_ALL_UP_TO = 1000;

/** What closed files report under `mode` in a workspace of `companions` companions (not known yet: as if small). */
export function closedFilesShown(mode: ClosedFiles, companions: number | undefined): ClosedFilesShown {
  if (mode !== 'auto') return mode;
  return (companions ?? 0) > AUTO_ALL_UP_TO ? 'warnings' : 'all';
}

/** What the server's adapters read from the settings (the rest goes to the corpus). */
export interface FeatureSettings {
  /** `corroborate.codeLens.kinds`: every kind unless the setting is a list. */
  readonly codeLensKinds: readonly LensKind[];
  readonly articleMarks: ArticleMarks;
  readonly closedFiles: ClosedFiles;
}

export function toFeatureSettings(settings: Settings | undefined | null): FeatureSettings {
  const kinds = settings?.codeLens?.kinds;
  const marks = settings?.diagnostics?.articleMarks;
  const closed = settings?.diagnostics?.closedFiles;
  return {
    codeLensKinds: Array.isArray(kinds) ? LENS_KINDS.filter((k) => kinds.includes(k)) : [...LENS_KINDS],
    articleMarks: (ARTICLE_MARKS as readonly unknown[]).includes(marks) ? (marks as ArticleMarks) : 'whenOpen',
    closedFiles: (CLOSED_FILES as readonly unknown[]).includes(closed) ? (closed as ClosedFiles) : 'auto',
  };
}

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * The ranges package.json declares for the number settings (`minimum`,
 * `maximum`; a unit test keeps the two equal). The editor only warns about a
 * value outside them: the server ignores it and keeps the default.
 */
export const RANGES = {
  'anchoring.threshold': [0.5, 1],
  'quotes.matchThreshold': [0.1, 1],
  'limits.maxFileSizeMB': [1, Infinity],
  'limits.maxAnnotationsPerFile': [1, Infinity],
  'limits.maxFiles': [1, Infinity],
} as const satisfies Record<string, readonly [number, number]>;

function within(n: unknown, [min, max]: readonly [number, number]): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export function toCorpusOptions(settings: Settings | undefined | null): CorpusOptions {
  const s = settings ?? {};
  const severity: Partial<Record<DiagnosticCode, Severity | 'off'>> = {};
  for (const [code, level] of Object.entries(s.diagnostics?.severity ?? {})) {
    if ((DIAGNOSTIC_CODES as readonly string[]).includes(code) && LEVELS.has(level)) {
      severity[code as DiagnosticCode] = level as Severity | 'off';
    }
  }
  const mb = within(s.limits?.maxFileSizeMB, RANGES['limits.maxFileSizeMB']);
  const whole = (n: number | undefined) => (n === undefined ? undefined : Math.floor(n));
  return {
    severity,
    anchorThreshold: within(s.anchoring?.threshold, RANGES['anchoring.threshold']),
    maxFileBytes: mb === undefined ? undefined : mb * 1024 * 1024,
    maxAnnotationsPerFile: whole(within(s.limits?.maxAnnotationsPerFile, RANGES['limits.maxAnnotationsPerFile'])),
    maxFiles: whole(within(s.limits?.maxFiles, RANGES['limits.maxFiles'])),
    quoteMatchThreshold: within(s.quotes?.matchThreshold, RANGES['quotes.matchThreshold']),
  };
}

/**
 * Whether going from options `b` to `a` means reading the workspace again: a
 * new limit (limits apply as files are read), or a new anchor threshold
 * (closed articles are anchored again, which means reading them; see
 * Corpus.setOptions). Options are compared as they apply.
 */
export function readsAgain(a: CorpusOptions, b: CorpusOptions): boolean {
  const x = effectiveLimits(a);
  const y = effectiveLimits(b);
  return x.maxFileBytes !== y.maxFileBytes || x.maxAnnotationsPerFile !== y.maxAnnotationsPerFile || x.maxFiles !== y.maxFiles || x.anchorThreshold !== y.anchorThreshold;
}
