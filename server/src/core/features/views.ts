/**
 * What the editor's views, comparison panel and status bar show, shaped from
 * the corpus: the report with editor locations and quote word diffs, a
 * summary of each source, and anchor health of one article. Pure: the LSP
 * adapter (lsp/features/views.ts) only passes these along.
 */
import { wordDiff } from '../analysis/quotes';
import { articleReadable, type Corpus } from '../corpus';
import { outletOf } from '../crossSource/readings';
import type { AnchorState, Companion, Kind, Severity } from '../model';
import { buildReport, type Report } from '../report/model';
import { articleFor, companionFor, isArticleCandidate, isCompanion, isDossier } from '../workspace';

export type AnchorCounts = Record<AnchorState, number>;

export interface SourceSummary {
  readonly outlet: string;
  readonly published: string | null;
  readonly title: string | null;
  readonly articleUri: string;
  readonly companionUri: string;
  /** Whether the article is there and readable as text. */
  readonly articleExists: boolean;
  readonly dossierUri: string | null;
  readonly dossierTitle: string | null;
  readonly annotations: number;
  readonly kinds: Partial<Record<Kind, number>>;
  /** Diagnostics on the companion and on its article, by severity. */
  readonly problems: Record<Severity, number>;
  readonly anchors: AnchorCounts;
}

export interface AnchorHealth extends AnchorCounts {
  readonly articleUri: string;
  readonly companionUri: string;
  readonly total: number;
}

const emptyAnchors = (): AnchorCounts => ({ placed: 0, moved: 0, ambiguous: 0, drifted: 0, orphaned: 0 });

/** The companions of the scope of `uri` (any file of it, the dossier included), or every companion. */
export function companionsFor(corpus: Corpus, uri?: string): Companion[] {
  if (!uri) return corpus.allCompanions();
  if (isDossier(uri) && !corpus.getDossier(uri)) return [];
  const companion = isCompanion(uri) ? uri : isArticleCandidate(uri) ? companionFor(uri) : undefined;
  if (companion && !corpus.getCompanion(companion) && !corpus.dossierFor(uri)) return [];
  return corpus.scopeOf(uri);
}

/**
 * The report for an editor: locations as URIs and ranges, and for each quote
 * family every source after the first with a word diff against the first.
 */
export function editorReport(corpus: Corpus, uri?: string): Report {
  const report = buildReport(corpus, companionsFor(corpus, uri), (u) => u, { editorLocations: true });
  return {
    ...report,
    scopes: report.scopes.map((scope) => ({
      ...scope,
      quotes: scope.quotes.map((q) => ({
        ...q,
        sources: q.sources.map((s, i) => (i === 0 ? s : { ...s, diff: wordDiff(q.sources[0].words, s.words) })),
      })),
    })),
  };
}

function countAnchors(corpus: Corpus, companionUri: string): AnchorCounts {
  const counts = emptyAnchors();
  for (const a of corpus.annotationsOf(companionUri)) counts[a.anchor.state]++;
  return counts;
}

export function sourceSummaries(corpus: Corpus, uri?: string): SourceSummary[] {
  return companionsFor(corpus, uri)
    .map((c): SourceSummary => {
      const kinds: Partial<Record<Kind, number>> = {};
      for (const a of c.annotations) if (a.kind) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
      const problems: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
      // Each finding once, as the Problems panel lists it: the article's own (it cannot be read), not the
      // marks it mirrors from its companion (counting those had doubled every source's count).
      for (const counts of [corpus.diagnosticCounts(c.uri), corpus.diagnosticCounts(c.articleUri, false)]) {
        for (const k of Object.keys(problems) as Severity[]) problems[k] += counts[k];
      }
      const article = corpus.getArticle(c.articleUri);
      const dossier = corpus.dossierFor(c.uri);
      return {
        outlet: outletOf(c),
        published: c.source.published ?? null,
        title: c.source.title ?? null,
        articleUri: c.articleUri,
        companionUri: c.uri,
        articleExists: articleReadable(article),
        dossierUri: dossier?.uri ?? null,
        dossierTitle: dossier?.title ?? null,
        annotations: c.annotations.length,
        kinds,
        problems,
        anchors: countAnchors(corpus, c.uri),
      };
    })
    .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.outlet.localeCompare(b.outlet) || a.companionUri.localeCompare(b.companionUri));
}

/** Anchor states of the annotations of an article or companion; undefined for other files or an article without companion. */
export function anchorHealth(corpus: Corpus, uri: string): AnchorHealth | undefined {
  const companionUri = isCompanion(uri) ? uri : isArticleCandidate(uri) ? companionFor(uri) : undefined;
  if (!companionUri || !corpus.getCompanion(companionUri)) return undefined;
  const counts = countAnchors(corpus, companionUri);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { ...counts, total, articleUri: articleFor(companionUri), companionUri };
}
