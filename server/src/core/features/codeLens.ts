/**
 * CodeLenses: a one-line cross-source summary above each annotated figure,
 * quote and claim of an article, and above each quantity, quote and claim
 * defined in a dossier:
 *
 *   figure / quantity   "4 outlets · 3 claimants · 5,000–12,000"
 *   quote               "quoted in 3 outlets, attributed to 2 speakers"
 *   claim               "5 outlets · asserted by 1, denied by 3, questioned by 1"
 *
 * Each lens carries the places to list (the references of its key: article
 * spans, plus quote counterparts matched by wording), for the client to show
 * in a Peek view.
 */
import type { Corpus } from '../corpus';
import type { ScopeAnalysis } from '../crossSource/analyze';
import type { ClaimReading, FigureReading, QuoteReading } from '../crossSource/readings';
import { annotationKey } from '../crossSource/related';
import type { Range, Section } from '../model';
import { rangeOf } from '../text';
import { companionFor, isArticleCandidate, isDossier } from '../workspace';
import { locationOf, type Location } from './locate';
import { count, formatNumber } from './markdown';
import { REFERENCE_CONTRIBUTORS, referencesAt } from './references';
import { targetAt } from './target';

export const LENS_KINDS = ['figure', 'quote', 'claim'] as const;
export type LensKind = (typeof LENS_KINDS)[number];

export interface CoreCodeLens {
  readonly kind: LensKind;
  readonly range: Range;
  readonly title: string;
  /** Where the references are listed from (the lens's own position). */
  readonly uri: string;
  readonly locations: readonly Location[];
}

const SECTION_KIND: Partial<Record<Section, LensKind>> = { quantities: 'figure', quotes: 'quote', claims: 'claim' };

export function figureSummary(figures: readonly FigureReading[]): string {
  const values = figures.map((f) => f.value).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const parts = [count(new Set(figures.map((f) => f.outlet)).size, 'outlet'), count(new Set(figures.map((f) => f.claimant.id)).size, 'claimant')];
  if (values.length) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    parts.push(lo === hi ? formatNumber(lo) : `${formatNumber(lo)}–${formatNumber(hi)}`);
  }
  return parts.join(' · ');
}

export function quoteSummary(quotes: readonly QuoteReading[]): string {
  const outlets = new Set(quotes.map((q) => q.outlet)).size;
  const speakers = new Set(quotes.map((q) => q.speaker).filter((s): s is string => s !== undefined)).size;
  return `quoted in ${count(outlets, 'outlet')}, ${speakers ? `attributed to ${count(speakers, 'speaker')}` : 'unattributed'}`;
}

export function claimSummary(claims: readonly ClaimReading[]): string {
  const by = (stance: string) => new Set(claims.filter((c) => c.stance === stance).map((c) => c.claimant.id)).size;
  const stances = [
    ['asserts', 'asserted'],
    ['denies', 'denied'],
    ['questions', 'questioned'],
  ]
    .map(([stance, verb]) => [verb, by(stance)] as const)
    .filter(([, n]) => n > 0)
    .map(([verb, n]) => `${verb} by ${n}`);
  return [count(new Set(claims.map((c) => c.outlet)).size, 'outlet'), stances.join(', ')].filter(Boolean).join(' · ');
}

/** A quote and every quote linked to it, by key or by wording. */
function quoteFamily(scope: ScopeAnalysis, quote: QuoteReading): QuoteReading[] {
  const others = (scope.counterparts.get(annotationKey(quote)) ?? []).map((c) => c.other);
  return [quote, ...others];
}

/**
 * The places a lens opens, for the lenses of one file. Lenses on the same
 * key share their answer (it depends only on the key, except for quotes,
 * whose counterparts matched by wording differ from one quote to the next).
 */
function referencesFinder(corpus: Corpus, uri: string): (offset: number) => Location[] {
  const byKey = new Map<string, Location[]>();
  return (offset) => {
    const target = targetAt(corpus, uri, offset);
    const ref = target?.keys[0];
    const shared = ref && target.annotation?.annotation.kind !== 'quote' ? `${ref.section} ${ref.key}` : undefined;
    const known = shared === undefined ? undefined : byKey.get(shared);
    if (known) return known;
    const all = referencesAt(corpus, uri, offset, { includeDeclaration: false, contributors: REFERENCE_CONTRIBUTORS });
    // From the dossier, the article words read best; the YAML places only where nothing is anchored.
    const words = all.filter((l) => isArticleCandidate(l.uri));
    const found = words.length ? words : all;
    if (shared !== undefined) byKey.set(shared, found);
    return found;
  };
}

export function codeLenses(corpus: Corpus, uri: string, kinds: readonly LensKind[] = LENS_KINDS): CoreCodeLens[] {
  const wanted = new Set(kinds);
  if (!wanted.size) return [];
  if (isDossier(uri)) return dossierLenses(corpus, uri, wanted);
  if (!isArticleCandidate(uri)) return [];
  const companionUri = companionFor(uri);
  const starts = corpus.lineStartsOf(uri);
  if (!corpus.getCompanion(companionUri) || !starts) return [];
  const scope = corpus.scopeAnalysis(companionUri);
  const mine = scope.readingsIn(companionUri);
  const references = referencesFinder(corpus, uri);
  const out: CoreCodeLens[] = [];
  const push = (kind: LensKind, r: { anchor: { span?: { start: number; end: number } } }, title: string) => {
    const span = r.anchor.span;
    if (!span) return;
    out.push({ kind, range: rangeOf(starts, span), title, uri, locations: references(span.start) });
  };
  if (wanted.has('figure')) {
    for (const f of mine.figures) push('figure', f, figureSummary(scope.figuresOf(f.quantity)));
  }
  if (wanted.has('quote')) for (const q of mine.quotes) push('quote', q, quoteSummary(quoteFamily(scope, q)));
  if (wanted.has('claim')) {
    for (const c of mine.claims) push('claim', c, claimSummary(scope.claimsOf(c.claim)));
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function dossierLenses(corpus: Corpus, uri: string, wanted: ReadonlySet<LensKind>): CoreCodeLens[] {
  const dossier = corpus.getDossier(uri);
  if (!dossier) return [];
  const scope = corpus.scopeAnalysis(uri);
  const references = referencesFinder(corpus, uri);
  const quotesByKey = new Map<string, QuoteReading[]>();
  for (const q of scope.readings.quotes) {
    if (q.quoteKey === undefined) continue;
    const list = quotesByKey.get(q.quoteKey);
    if (list) list.push(q);
    else quotesByKey.set(q.quoteKey, [q]);
  }
  const out: CoreCodeLens[] = [];
  for (const [section, kind] of Object.entries(SECTION_KIND) as [Section, LensKind][]) {
    if (!wanted.has(kind)) continue;
    for (const def of dossier.definitions[section].values()) {
      let title: string;
      if (kind === 'figure') {
        const figures = scope.figuresOf(def.key);
        title = figures.length ? figureSummary(figures) : 'no figures yet';
      } else if (kind === 'quote') {
        const quotes = quotesByKey.get(def.key) ?? [];
        title = quotes.length ? quoteSummary(quotes) : 'not quoted yet';
      } else {
        const claims = scope.claimsOf(def.key);
        title = claims.length ? claimSummary(claims) : 'not claimed yet';
      }
      out.push({ kind, range: locationOf(corpus, uri, def.keySpan).range, title, uri, locations: references(def.keySpan.start) });
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}
