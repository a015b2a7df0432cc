/**
 * Corroborate's own requests and notifications between the extension and the
 * server (besides standard LSP). Method names and shapes only: the client
 * imports this module, so it must stay free of runtime dependencies.
 *
 * Positions are LSP ones: 0-based lines and UTF-16 characters.
 */
import type { SourceSummary } from '../core/features/views';
import type { Range } from '../core/model';
import type { Report } from '../core/report/model';
import type { GcSummary } from './gcPauses';

/** `corroborate/report`: the report of the scope of `uri` (its dossier's), or of every scope. */
export const REPORT_REQUEST = 'corroborate/report';
export interface ReportParams {
  readonly uri?: string;
}
/**
 * The answer: a `Report` (core/report/model) built with editor locations, so
 * every location carries `uri`/`range`, every source its URIs, and quote
 * sources after a family's first carry a word `diff` against it.
 */
export type ReportResult = Report;

/** `corroborate/sources`: every companion of the scope of `uri`, or of the workspace. */
export const SOURCES_REQUEST = 'corroborate/sources';
export interface SourcesParams {
  readonly uri?: string;
}
export type { AnchorCounts, SourceSummary } from '../core/features/views';
export interface SourcesResult {
  readonly sources: SourceSummary[];
}

/** `corroborate/anchorHealth`: anchor state counts for an article or a companion (null for other files). */
export const ANCHOR_HEALTH_REQUEST = 'corroborate/anchorHealth';
export interface AnchorHealthParams {
  readonly uri: string;
}
export type { AnchorHealth } from '../core/features/views';

/** `corroborate/changed` (server → client): the corpus changed; views should ask again. */
export const CHANGED_NOTIFICATION = 'corroborate/changed';
export interface ChangedParams {
  /** Counts the notifications sent so far (1, 2, …). */
  readonly version: number;
}

/**
 * `corroborate/closedFiles` (server → client): what files that are not open
 * in an editor report, sent when the server decides it (at the start, and
 * after each full index) and it differs from what was said before. With the
 * setting at `auto` and more than `limit` companions, closed files report
 * errors and warnings only; a client may say so once.
 */
export const CLOSED_FILES_NOTIFICATION = 'corroborate/closedFiles';
export interface ClosedFilesParams {
  /** The setting `corroborate.diagnostics.closedFiles` as the server read it. */
  readonly setting: 'auto' | 'all' | 'warnings' | 'errors' | 'none';
  /** What closed files report: the setting, or what `auto` came to. */
  readonly shown: 'all' | 'warnings' | 'errors' | 'none';
  /** Companions in the workspace when it was decided. */
  readonly companions: number;
  /** The most companions for which `auto` reports everything. */
  readonly limit: number;
}

/** The client-side command CodeLenses run: arguments are JSON (uri, position, locations). */
export const SHOW_REFERENCES_COMMAND = 'corroborate.showReferences';
export interface JsonLocation {
  readonly uri: string;
  readonly range: Range;
}

/**
 * `corroborate/stats`: how long the server's request handlers took (the last
 * 1,000 of each method; see lsp/requestTimes.ts), the process's memory and
 * the collector's pauses, for benchmarks and for diagnosing a slow editor.
 * `reset: true` forgets the durations and pauses counted so far (after
 * answering with them).
 */
export const STATS_REQUEST = 'corroborate/stats';
export interface StatsParams {
  readonly reset?: boolean;
}
export interface StatsResult {
  /** Per request method: how many durations are kept, p50, p99 (nearest rank) and the slowest, in ms. */
  readonly requests: Record<string, { n: number; p50: number; p99: number; max: number }>;
  /** `process.memoryUsage()` as it is (no collection is forced), in bytes. */
  readonly memory: { rss: number; heapTotal: number; heapUsedNoGc: number; external: number };
  /** The collector's pauses since the server started or the last reset (see lsp/gcPauses.ts). */
  readonly gc: GcSummary;
}
