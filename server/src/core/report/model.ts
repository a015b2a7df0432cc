/**
 * The report: every quantity with its figures by claimant and outlet, every
 * quote with its counterparts, every claim with its stances, sorted by
 * disagreement. One plain data model (its JSON is the `--format json`
 * output, documented in docs/format.md) rendered as Markdown or HTML.
 */
import type { WordDiffPart } from '../analysis/quotes';
import type { Corpus } from '../corpus';
import type { ScopeAnalysis } from '../crossSource/analyze';
import { claimsByKey, isContested } from '../crossSource/claims';
import type { FigureReading } from '../crossSource/readings';
import { annotationKey } from '../crossSource/related';
import { labelOf, type AnchorResult, type Annotation, type Companion, type LineStarts, type Range } from '../model';
import { positionAt, rangeOf } from '../text';

export interface ReportLocation {
  /** The article, as given by `relativePath`. */
  readonly file: string;
  /** 1-based line and column of the annotated words, when anchored. */
  readonly line?: number;
  readonly column?: number;
  readonly annotation: string;
  /**
   * Only with `BuildReportOptions.editorLocations` (the editor's
   * `corroborate/report`; never in the CLI's JSON): the URI and 0-based
   * range to open, the article's words when anchored, else the annotation's
   * `text` in its companion.
   */
  readonly uri?: string;
  readonly range?: Range;
}

export interface ReportFigure extends ReportLocation {
  readonly outlet: string;
  readonly published?: string;
  readonly claimant: string;
  readonly written: string;
  readonly value: number | null;
  readonly approx: string;
  readonly unit: string | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly asOf: string | null;
  readonly findings: string[];
}

export interface ReportQuantity {
  readonly key: string;
  readonly label: string;
  readonly unit: string | null;
  readonly verdict: 'conflict' | 'contested' | 'agree';
  readonly min: number | null;
  readonly max: number | null;
  readonly outlets: number;
  readonly claimants: number;
  readonly figures: ReportFigure[];
}

export interface ReportQuoteSource extends ReportLocation {
  readonly outlet: string;
  readonly speaker: string | null;
  readonly words: string;
  readonly findings: string[];
  /** Only with `editorLocations`: how these words differ from the family's first source's (absent on that one). */
  readonly diff?: readonly WordDiffPart[];
}

export interface ReportQuote {
  readonly key: string | null;
  readonly label: string;
  readonly verdict: 'misattributed' | 'divergent' | 'agree';
  readonly speakers: string[];
  readonly sources: ReportQuoteSource[];
}

export interface ReportClaim {
  readonly key: string;
  readonly label: string;
  readonly verdict: 'contested' | 'agree';
  readonly stances: (ReportLocation & { outlet: string; claimant: string; stance: string })[];
}

export interface ReportSource {
  readonly outlet: string;
  readonly published: string | null;
  readonly file: string;
  readonly annotations: number;
  /** Only with `editorLocations`: the article's and the companion's URIs. */
  readonly uri?: string;
  readonly companionUri?: string;
}

export interface ReportScope {
  readonly dossier: string | null;
  readonly title: string | null;
  readonly sources: ReportSource[];
  readonly quantities: ReportQuantity[];
  readonly quotes: ReportQuote[];
  readonly claims: ReportClaim[];
}

export interface Report {
  readonly version: 1;
  readonly scopes: ReportScope[];
}

type PathOf = (uri: string) => string;

export interface BuildReportOptions {
  /** Adds `uri` and `range` to every location and source (for an editor to open them). */
  readonly editorLocations?: boolean;
}

interface Context {
  readonly corpus: Corpus;
  readonly path: PathOf;
  readonly editor: boolean;
}

/**
 * Where a reading is, in the order of ReportLocation's fields, as one
 * object; `located` then adds the reading's own fields to it in place. A
 * report of 10,000 pairs has 300,000 locations: copied into a new object by
 * spreading, twice each, they cost about a fifth of the report's time.
 */
function locate(
  { corpus, path, editor }: Context,
  r: { companion: Companion; anchor: AnchorResult; annotation: Pick<Annotation, 'id' | 'index' | 'span' | 'fields'> },
): ReportLocation {
  const starts: LineStarts | undefined = corpus.lineStartsOf(r.companion.articleUri);
  const span = r.anchor.span;
  const p = span && starts ? positionAt(starts, span.start) : undefined;
  const file = path(r.companion.articleUri);
  const line = p ? p.line + 1 : undefined;
  const column = p ? p.character + 1 : undefined;
  const annotation = `${path(r.companion.uri)}#${r.annotation.id ?? r.annotation.index + 1}`;
  if (!editor) return { file, line, column, annotation };
  if (span && starts) return { file, line, column, annotation, uri: r.companion.articleUri, range: rangeOf(starts, span) };
  const inCompanion = r.annotation.fields.text?.node ?? r.annotation.span;
  return { file, line, column, annotation, uri: r.companion.uri, range: rangeOf(r.companion.lineStarts, inCompanion) };
}

/** A location with a reading's fields after its own, as `{ ...location, ...fields }` gives them. */
function located<T extends object>(location: ReportLocation, fields: T): ReportLocation & T {
  return Object.assign(location, fields);
}

/** A reading's annotation's finding codes, sorted (see `codesOf`). */
type CodesFor = (r: { companion: Companion; annotation: { index: number } }) => string[];

/** The finding codes of an annotation, sorted; each companion's findings are gone through once per scope. */
function codesOf(scope: ScopeAnalysis): CodesFor {
  const byCompanion = new Map<string, Map<number, string[]>>();
  return (r) => {
    let codes = byCompanion.get(r.companion.uri);
    if (!codes) {
      const sets = new Map<number, Set<string>>();
      for (const f of scope.findings.get(r.companion.uri) ?? []) {
        if (f.annotation === undefined) continue;
        let set = sets.get(f.annotation);
        if (!set) sets.set(f.annotation, (set = new Set()));
        set.add(f.code);
      }
      codes = new Map([...sets].map(([i, set]) => [i, [...set].sort()]));
      byCompanion.set(r.companion.uri, codes);
    }
    // A copy: each reading's list is its own in the report.
    return [...(codes.get(r.annotation.index) ?? [])];
  };
}

const RANK = { conflict: 0, misattributed: 0, contested: 1, divergent: 1, agree: 2 } as const;

function quantities(ctx: Context, scope: ScopeAnalysis, codesFor: CodesFor): ReportQuantity[] {
  const groups = new Map<string, FigureReading[]>();
  for (const f of scope.readings.figures) {
    const list = groups.get(f.quantity) ?? [];
    list.push(f);
    groups.set(f.quantity, list);
  }
  const out: ReportQuantity[] = [];
  for (const [key, figures] of groups) {
    const found = figures.map((f) => scope.disagreements.get(annotationKey(f))).filter((x) => x !== undefined);
    const verdict = found.some((x) => x.conflictCount) ? 'conflict' : found.some((x) => x.contestedCount) ? 'contested' : 'agree';
    const values = figures.map((f) => f.value).filter((v): v is number => v !== undefined);
    const def = scope.dossier?.definitions.quantities.get(key);
    out.push({
      key,
      label: def?.label ?? key,
      unit: def?.unit ?? null,
      verdict,
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
      outlets: new Set(figures.map((f) => f.outlet)).size,
      claimants: new Set(figures.map((f) => f.claimant.id)).size,
      figures: figures
        .map((f) =>
          located(locate(ctx, f), {
            outlet: f.outlet,
            published: f.published,
            claimant: f.claimant.label,
            written: f.written,
            value: f.value ?? null,
            approx: f.approx,
            unit: f.unit ?? null,
            low: f.interval && Number.isFinite(f.interval.lo) ? f.interval.lo : null,
            high: f.interval && Number.isFinite(f.interval.hi) ? f.interval.hi : null,
            asOf: f.asOf ?? null,
            findings: codesFor(f),
          }),
        )
        .sort((a, b) => a.claimant.localeCompare(b.claimant) || a.outlet.localeCompare(b.outlet)),
    });
  }
  return out.sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || a.label.localeCompare(b.label));
}

function quotes(ctx: Context, scope: ScopeAnalysis, codesFor: CodesFor): ReportQuote[] {
  const out: ReportQuote[] = [];
  for (const family of scope.quoteFamilies()) {
    if (family.length < 2 && !family[0].quoteKey) continue; // a quote nobody else reports
    const sources = family.map((q) =>
      located(locate(ctx, q), {
        outlet: q.outlet,
        speaker: q.speaker ? labelOf(scope.dossier, 'entities', q.speaker) : null,
        words: q.words,
        findings: codesFor(q).filter((c) => c.startsWith('quote-')),
      }),
    );
    const codes = new Set(sources.flatMap((s) => s.findings));
    const key = family.find((q) => q.quoteKey)?.quoteKey ?? null;
    out.push({
      key,
      label: (key && scope.dossier?.definitions.quotes.get(key)?.label) || family[0].words,
      verdict: codes.has('quote-misattributed') ? 'misattributed' : codes.has('quote-divergent') ? 'divergent' : 'agree',
      speakers: [...new Set(sources.map((s) => s.speaker ?? 'unattributed'))],
      sources: sources.sort((a, b) => a.outlet.localeCompare(b.outlet)),
    });
  }
  return out.sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || a.label.localeCompare(b.label));
}

function claims(ctx: Context, scope: ScopeAnalysis): ReportClaim[] {
  const out: ReportClaim[] = [];
  for (const [key, readings] of claimsByKey(scope.readings.claims)) {
    out.push({
      key,
      label: labelOf(scope.dossier, 'claims', key),
      verdict: isContested(readings) ? 'contested' : 'agree',
      stances: readings.map((r) => located(locate(ctx, r), { outlet: r.outlet, claimant: r.claimant.label, stance: r.stance })),
    });
  }
  return out.sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || a.label.localeCompare(b.label));
}

/** The report of every scope that holds one of the given companions. */
export function buildReport(corpus: Corpus, companions: readonly Companion[], path: PathOf, options: BuildReportOptions = {}): Report {
  const ctx: Context = { corpus, path, editor: options.editorLocations === true };
  const seen = new Map<string, Companion>();
  for (const c of companions) if (!seen.has(corpus.scopeKey(c.uri))) seen.set(corpus.scopeKey(c.uri), c);
  const scopes: ReportScope[] = [];
  for (const [key, representative] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
    const scope = corpus.scopeAnalysis(representative.uri);
    const members = corpus.scopeOf(representative.uri);
    const codesFor = codesOf(scope);
    scopes.push({
      dossier: key ? path(key) : null,
      title: scope.dossier?.title ?? null,
      sources: members
        .map((c): ReportSource => {
          const source = { outlet: c.source.outlet ?? path(c.uri), published: c.source.published ?? null, file: path(c.articleUri), annotations: c.annotations.length };
          return ctx.editor ? { ...source, uri: c.articleUri, companionUri: c.uri } : source;
        })
        .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.outlet.localeCompare(b.outlet)),
      quantities: quantities(ctx, scope, codesFor),
      quotes: quotes(ctx, scope, codesFor),
      claims: claims(ctx, scope),
    });
  }
  return { version: 1, scopes };
}
