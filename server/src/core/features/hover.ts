/**
 * Hovers. On an article span: the cross-source view of what it marks (a
 * figure's table across every source, a quote's counterparts with word
 * diffs, a claim's stance table, a person's role and quotes, a date's
 * absolute value). On an unannotated number: which known quantity it
 * matches. In a companion: the article sentence the annotation marks and
 * its anchoring state. In a dossier: a definition and how many sources use it.
 */
import { resolveDate } from '../analysis/dates';
import { intervalsAgree, type Interval } from '../analysis/intervals';
import { parseFigure } from '../analysis/numbers';
import { wordDiff } from '../analysis/quotes';
import type { AnchoredAnnotation, Corpus } from '../corpus';
import { isContested } from '../crossSource/claims';
import type { ScopeAnalysis } from '../crossSource/analyze';
import type { ClaimReading, FigureReading, QuoteReading } from '../crossSource/readings';
import { annotationKey, byPlace } from '../crossSource/related';
import { REFERENCE_ENTRIES, SECTIONS, labelOf, type Definition, type Dossier, type Section, type Span } from '../model';
import { rangeOf, touches } from '../text';
import { basename, isArticleCandidate, isCompanion, isDossier } from '../workspace';
import { count, esc, formatNumber, spanLink, table } from './markdown';
import { SECTION_WORD } from '../diagnostics/references';

export interface HoverResult {
  readonly markdown: string;
  /** The span hovered, in the hovered file. */
  readonly span?: Span;
}

const STATE_WORDS: Record<string, string> = {
  placed: 'placed',
  moved: 'placed (moved from its start hint)',
  ambiguous: 'ambiguous: several places fit',
  drifted: 'drifted: the words changed a little',
  orphaned: 'orphaned: not found in the article',
};

export function hover(corpus: Corpus, uri: string, offset: number): HoverResult | undefined {
  try {
    if (isArticleCandidate(uri)) return articleHover(corpus, uri, offset);
    if (isCompanion(uri)) return companionHover(corpus, uri, offset);
    if (isDossier(uri)) return dossierHover(corpus, uri, offset);
  } catch {
    // A hover is never worth an error.
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Articles

function articleHover(corpus: Corpus, uri: string, offset: number): HoverResult | undefined {
  const hit = corpus.annotationAt(uri, offset);
  if (!hit) return numberSuggestion(corpus, uri, offset);
  const scope = corpus.scopeAnalysis(uri);
  const body = annotationBody(corpus, scope, hit);
  return body ? { markdown: body, span: hit.anchor.span } : undefined;
}

/** The cross-source view of one annotation (shared by article and companion hovers). */
function annotationBody(corpus: Corpus, scope: ScopeAnalysis, hit: AnchoredAnnotation): string | undefined {
  const a = hit.annotation;
  const note = a.note ? `\n\n*Note:* ${esc(a.note)}` : '';
  switch (a.kind) {
    case 'figure': {
      const reading = scope.readingOf(hit.companion.uri, a.index);
      return (reading && 'quantity' in reading ? figureTable(corpus, scope, reading) : `**Figure** “${esc(a.text ?? '')}” (no quantity: not compared)`) + note;
    }
    case 'quote': {
      const reading = scope.readingOf(hit.companion.uri, a.index);
      return (reading && 'words' in reading ? quoteView(corpus, scope, reading) : `**Quote**`) + note;
    }
    case 'claim': {
      const reading = scope.readingOf(hit.companion.uri, a.index);
      return (reading && 'claim' in reading ? claimView(corpus, scope, reading.claim) : `**Claim** (no claim key)`) + note;
    }
    case 'entity': {
      const entity = a.fields.entity?.value;
      return (typeof entity === 'string' ? entityView(corpus, scope, hit.companion.uri, entity) : `**Entity** (no entity key)`) + note;
    }
    case 'date': {
      const published = hit.companion.source.published;
      const explicit = a.fields.date?.value;
      const resolved = a.text && published ? resolveDate(a.text, published) : undefined;
      const lines = [`**Date** “${esc(a.text ?? '')}”`];
      if (typeof explicit === 'string') lines.push(`Given as **${esc(explicit)}**.`);
      if (resolved) {
        lines.push(
          `Reads as **${resolved.date}**${resolved.precision === 'day' ? '' : ` (that ${resolved.precision})`}${resolved.approximate ? ', approximately' : ''}, for an article published ${esc(published!.slice(0, 10))}.`,
        );
      } else if (!published) {
        lines.push('Add `published` to the source to resolve relative dates.');
      }
      return lines.join('\n\n') + note;
    }
    case 'note':
      return `**Note**${note || ' (empty)'}`;
    default:
      return undefined;
  }
}

function intervalText(i: Interval | undefined, unit: string | undefined): string {
  if (!i) return '—';
  const u = unit ? ` ${esc(unit)}` : '';
  if (i.lo === i.hi) return `${formatNumber(i.lo)}${u}`;
  if (i.lo === -Infinity || i.lo <= 0) return `≤ ${formatNumber(i.hi)}${u}`;
  if (i.hi === Infinity) return `≥ ${formatNumber(i.lo)}${u}`;
  return `${formatNumber(i.lo)}–${formatNumber(i.hi)}${u}`;
}

/** Rows shown in one hover table: a quantity reported by a thousand sources must not make a thousand-row hover. */
const MAX_HOVER_ROWS = 12;

/** The first rows of a table, always with the hovered one. */
function firstRows<T>(rows: readonly T[], current?: T): readonly T[] {
  if (rows.length <= MAX_HOVER_ROWS) return rows;
  return withCurrent(rows.slice(0, MAX_HOVER_ROWS), current);
}

/** The rows chosen to be shown, the hovered one in place of the last if it is not among them. */
function withCurrent<T>(first: readonly T[], current?: T): readonly T[] {
  if (current === undefined || first.includes(current)) return first;
  return [...first.slice(0, -1), current];
}

/** Compares as `localeCompare` does, without looking the locale up on every call. */
const COLLATOR = new Intl.Collator();

/**
 * The first `k` items in the order `compare` gives, as a stable sort would
 * give them, without sorting them all: a quantity reported by thousands of
 * sources is hovered in the time it takes to look at each reading once.
 */
export function smallest<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length === k && compare(item, out[k - 1]!) >= 0) continue;
    let at = out.length;
    while (at > 0 && compare(item, out[at - 1]!) < 0) at--;
    out.splice(at, 0, item);
    if (out.length > k) out.pop();
  }
  return out;
}

/** The line under a table that was cut short. */
function more(hidden: number): string[] {
  return hidden > 0 ? [`…and ${hidden} more (Find All References lists them all).`] : [];
}

function figureTable(corpus: Corpus, scope: ScopeAnalysis, current: FigureReading): string {
  const dossier = scope.dossier;
  const label = labelOf(dossier, 'quantities', current.quantity);
  const all = scope.figuresOf(current.quantity);
  const values = all.map((f) => f.value).filter((v): v is number => v !== undefined);
  const spread = values.length ? `${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}` : 'no readable values';
  const disagreement = scope.disagreements;
  const mine = disagreement.get(annotationKey(current));
  const verdict = mine?.conflictCount
    ? `⚠ **Conflict**: the same claimant is reported differently`
    : mine?.contestedCount
      ? `◆ **Contested** between claimants`
      : all.some((f) => disagreement.has(annotationKey(f)))
        ? 'This reading agrees with the others from its claimant; other readings disagree.'
        : `✓ **All ${all.length} readings agree**`;
  const outlets = new Set(all.map((f) => f.outlet)).size;
  const claimants = new Set(all.map((f) => f.claimant.id)).size;
  const first = smallest(all, MAX_HOVER_ROWS, (a, b) => COLLATOR.compare(a.claimant.label, b.claimant.label) || COLLATOR.compare(a.outlet, b.outlet));
  const shown = withCurrent(first, current);
  const rows = shown.map((f) => {
    const here = f === current;
    const written = spanLink(f.written, f.companion.articleUri, corpus.lineStartsOf(f.companion.articleUri), f.anchor.span);
    const date = f.asOf ?? f.published?.slice(0, 10) ?? '';
    return [here ? '▶' : '', esc(f.claimant.label), here ? `**${written}**` : written, intervalText(f.interval, f.unit), esc(f.outlet), esc(date)];
  });
  return [
    `**${esc(label)}** — ${all.length} readings in ${count(outlets, 'outlet')} from ${count(claimants, 'claimant')}; spread ${spread}`,
    verdict,
    table(['', 'Claimant', 'As written', 'Normalised', 'Outlet', 'Date'], rows),
    ...more(all.length - shown.length),
  ].join('\n\n');
}

function speakerName(dossier: Dossier | undefined, key: string | undefined): string {
  if (!key) return 'unattributed';
  return labelOf(dossier, 'entities', key);
}

function diffMarkdown(from: string, to: string): string {
  return wordDiff(from, to)
    .map((p) => (p.op === 'same' ? esc(p.text) : p.op === 'added' ? `**${esc(p.text.trim())}** ` : `~~${esc(p.text.trim())}~~ `))
    .join('')
    .trim();
}

function quoteView(corpus: Corpus, scope: ScopeAnalysis, q: QuoteReading): string {
  const dossier = scope.dossier;
  const counterparts = scope.counterparts.get(annotationKey(q)) ?? [];
  const named = q.quoteKey ? dossier?.definitions.quotes.get(q.quoteKey)?.label : undefined;
  const lines = [`**Quote**${named ? ` — ${esc(named)}` : ''}: “${esc(q.words)}”`, `Speaker: **${esc(speakerName(dossier, q.speaker))}** (${esc(q.outlet)})`];
  if (!counterparts.length) {
    lines.push('No other source quotes these words.');
    return lines.join('\n\n');
  }
  const shown = firstRows(counterparts);
  const rows = shown.map((c) => {
    const o = c.other;
    const differs = o.speaker && q.speaker && o.speaker !== q.speaker;
    const link = spanLink(o.outlet, o.companion.articleUri, corpus.lineStartsOf(o.companion.articleUri), o.anchor.span);
    const wording = c.identical ? 'same words' : c.fragment ? 'a part of the same quote' : diffMarkdown(q.words, o.words);
    return [link, `${differs ? '⚠ ' : ''}${esc(speakerName(dossier, o.speaker))}`, `${Math.round(c.score * 100)}%`, wording];
  });
  lines.push(`Quoted in ${counterparts.length + 1} sources:`, table(['Outlet', 'Speaker', 'Alike', 'Wording (vs this one)'], rows));
  lines.push(...more(counterparts.length - shown.length));
  return lines.join('\n\n');
}

function claimView(corpus: Corpus, scope: ScopeAnalysis, claim: string): string {
  const readings = scope.claimsOf(claim);
  const shown = firstRows(readings);
  const label = labelOf(scope.dossier, 'claims', claim);
  const rows = shown.map((r: ClaimReading) => [
    esc(r.claimant.label),
    r.stance === 'asserts' ? '✓ asserts' : r.stance === 'denies' ? '✗ denies' : '? questions',
    spanLink(r.outlet, r.companion.articleUri, corpus.lineStartsOf(r.companion.articleUri), r.anchor.span),
  ]);
  return [
    `**Claim**: ${esc(label)}${isContested(readings) ? ' — ◆ **contested**' : ''}`,
    table(['Claimant', 'Stance', 'Outlet'], rows),
    ...more(readings.length - shown.length),
  ].join('\n\n');
}

/** A person or organisation: its definition, the outlets that name it, its quotes. */
function entityView(corpus: Corpus, scope: ScopeAnalysis, uri: string, key: string): string {
  const def = scope.dossier?.definitions.entities.get(key);
  const head = [`**${esc(def?.label ?? key)}**${def?.role ? ` — ${esc(def.role)}` : ''}${def?.type ? ` (${esc(def.type)})` : ''}`];
  if (def?.aliases.length) head.push(`Also: ${def.aliases.map(esc).join(', ')}`);
  // In alphabetical order, from the counts the corpus keeps (a popular entity has thousands of sources).
  const outlets = corpus.keyOutlets(uri, 'entities', key).sort(COLLATOR.compare);
  const named = outlets.slice(0, MAX_HOVER_ROWS).map(esc).join(', ');
  const rest = outlets.length - MAX_HOVER_ROWS;
  head.push(`Mentioned or cited in ${count(outlets.length, 'outlet')}: ${named || 'none'}${rest > 0 ? ` and ${rest} more` : ''}`);
  // The first dozen in order of their files, picked without sorting them all (hundreds for a prolific speaker).
  const said = scope.quotesBy(key);
  const quotes = smallest(said, MAX_HOVER_ROWS, byPlace);
  if (quotes.length) {
    head.push(
      'Quotes:\n' +
        quotes
          .map((q) => `- “${esc(q.words)}” — ${spanLink(q.outlet, q.companion.articleUri, corpus.lineStartsOf(q.companion.articleUri), q.anchor.span)}`)
          .join('\n'),
      ...more(said.size - MAX_HOVER_ROWS),
    );
  }
  return head.join('\n\n');
}

/** On a number nobody annotated: which quantity it matches, as a suggestion. */
function numberSuggestion(corpus: Corpus, uri: string, offset: number): HoverResult | undefined {
  const text = corpus.getArticle(uri)?.text;
  if (!text) return undefined;
  const re = /(?:[$€£]\s?)?\d[\d,.]*(?:\s?(?:bn|m|k|billion|million|%|per cent))?/g;
  const from = Math.max(0, offset - 40);
  const window = text.slice(from, offset + 40);
  let m: RegExpExecArray | null;
  while ((m = re.exec(window))) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (offset < start || offset > end) continue;
    const parsed = parseFigure(m[0]);
    if (!parsed) return undefined;
    const scope = corpus.scopeAnalysis(uri);
    const point: Interval = { lo: parsed.value, hi: parsed.value };
    const byQuantity = new Map<string, Set<string>>();
    for (const f of scope.readings.figures) {
      if (!f.interval || !intervalsAgree(point, f.interval)) continue;
      const outlets = byQuantity.get(f.quantity) ?? new Set();
      outlets.add(f.outlet);
      byQuantity.set(f.quantity, outlets);
    }
    if (!byQuantity.size) return undefined;
    const lines = [...byQuantity].map(
      ([q, outlets]) =>
        `- matches **${esc(labelOf(scope.dossier, 'quantities', q))}** as reported by ${count(outlets.size, 'outlet')}`,
    );
    return { markdown: `*Not annotated.* “${esc(m[0])}”\n\n${lines.join('\n')}\n\n(a suggestion, not a finding: annotate it to compare)`, span: { start, end } };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Companions and dossiers

function sentenceAround(text: string, span: Span): { before: string; inside: string; after: string } {
  let s = span.start;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1]) && span.start - s < 200) s--;
  let e = span.end;
  while (e < text.length && !/[.!?\n]/.test(text[e]) && e - span.end < 200) e++;
  if (e < text.length && text[e] !== '\n') e++;
  return { before: text.slice(s, span.start).trimStart(), inside: text.slice(span.start, span.end), after: text.slice(span.end, e).trimEnd() };
}

function companionHover(corpus: Corpus, uri: string, offset: number): HoverResult | undefined {
  const companion = corpus.getCompanion(uri);
  if (!companion) return undefined;
  const hit = corpus.annotationAt(uri, offset);
  if (!hit) return undefined;
  const a = hit.annotation;
  // On a reference value: the definition.
  for (const [field, section] of REFERENCE_ENTRIES) {
    const f = a.fields[field];
    if (f && typeof f.value === 'string' && touches(f.node, offset)) {
      const def = corpus.dossierFor(uri)?.definitions[section].get(f.value);
      return { markdown: definitionView(corpus, uri, section, f.value, def), span: f.node };
    }
  }
  const article = corpus.getArticle(companion.articleUri);
  const lines: string[] = [];
  const r = hit.anchor;
  if (article?.text && r.span) {
    const { before, inside, after } = sentenceAround(article.text, r.span);
    lines.push(`> ${esc(before)}**${esc(inside)}**${esc(after)}`);
    const at = rangeOf(article.lineStarts, r.span).start;
    lines.push(`${STATE_WORDS[r.state]} — ${spanLink(`${basename(article.uri)}:${at.line + 1}`, article.uri, article.lineStarts, r.span)}`);
  } else {
    lines.push(STATE_WORDS[r.state] ?? r.state);
  }
  const scope = corpus.scopeAnalysis(uri);
  const body = annotationBody(corpus, scope, hit);
  if (body && a.kind !== 'note') lines.push('---', body);
  return { markdown: lines.join('\n\n'), span: a.span };
}

function definitionView(corpus: Corpus, uri: string, section: Section, key: string, def: Definition | undefined): string {
  const uses = corpus.keyUseCounts(uri, section, key);
  const head = def
    ? `**${esc(def.label ?? key)}** (\`${esc(key)}\`, ${SECTION_WORD[section]})`
    : `\`${esc(key)}\` — not defined in a dossier`;
  const details: string[] = [];
  if (def?.role) details.push(`Role: ${esc(def.role)}`);
  if (def?.type) details.push(`Type: ${esc(def.type)}`);
  if (def?.unit) details.push(`Unit: ${esc(def.unit)}`);
  if (def?.speaker) details.push(`Speaker: ${esc(def.speaker)}`);
  if (def?.aliases.length) details.push(`Aliases: ${def.aliases.map(esc).join(', ')}`);
  details.push(`Used ${count(uses.annotations, 'time')} in ${count(uses.sources, 'source')}`);
  return [head, details.join(' · ')].join('\n\n');
}

function dossierHover(corpus: Corpus, uri: string, offset: number): HoverResult | undefined {
  const dossier = corpus.getDossier(uri);
  if (!dossier) return undefined;
  for (const section of SECTIONS) {
    for (const def of dossier.definitions[section].values()) {
      if (touches(def.keySpan, offset)) {
        return { markdown: definitionView(corpus, uri, section, def.key, def), span: def.keySpan };
      }
    }
  }
  return undefined;
}
