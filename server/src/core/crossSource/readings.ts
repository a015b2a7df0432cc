/**
 * Readings: each annotation of a scope turned into what the cross-source
 * comparisons need (who says it, in which outlet, with what value, words or
 * stance). Shared by the findings, the hovers, the views and the report.
 */
import { parseFigure, type ParsedFigure } from '../analysis/numbers';
import { figureInterval, type Interval } from '../analysis/intervals';
import { remembered } from '../analysis/memo';
import { comparable } from './figures';
import type { Corpus } from '../corpus';
import { APPROX_VALUES, STANCES, keyValue, labelOf, type AnchorResult, type Annotation, type Approx, type Companion, type Dossier, type Stance } from '../model';
import { stem } from '../workspace';
import { ORPHANED } from '../anchoring';

/** Who a reading is credited to: an entity key, or the outlet itself. */
export interface Claimant {
  /** `entity:KEY` or `outlet:NAME`, for grouping. */
  readonly id: string;
  /** What a person reads: the entity's name, or the outlet's. */
  readonly label: string;
  /** The entity key when the claimant is an entity. */
  readonly key?: string;
}

interface ReadingBase {
  readonly companion: Companion;
  readonly annotation: Annotation;
  readonly anchor: AnchorResult;
  /** The outlet's name (or the companion's file name when none is given). */
  readonly outlet: string;
  readonly published?: string;
}

export interface FigureReading extends ReadingBase {
  readonly quantity: string;
  readonly claimant: Claimant;
  readonly asOf?: string;
  /** The figure as the article writes it. */
  readonly written: string;
  readonly parsed?: ParsedFigure;
  /** The value compared: the explicit `value`, else the number read from the text. */
  readonly value?: number;
  readonly approx: Approx;
  readonly unit?: string;
  readonly interval?: Interval;
}

export interface QuoteReading extends ReadingBase {
  readonly text: string;
  /** The words inside the quotation marks (attribution between split parts removed). */
  readonly words: string;
  readonly speaker?: string;
  readonly quoteKey?: string;
}

export interface ClaimReading extends ReadingBase {
  readonly claim: string;
  readonly stance: Stance;
  readonly claimant: Claimant;
}

export interface ScopeReadings {
  readonly figures: readonly FigureReading[];
  readonly quotes: readonly QuoteReading[];
  readonly claims: readonly ClaimReading[];
}

export function outletOf(companion: Companion): string {
  return companion.source.outlet?.trim() || stem(companion.uri);
}

/**
 * Claimants are few (a dossier's entities, the outlets) and each is credited
 * with many readings: one object for each, per dossier (a label is the
 * dossier's), instead of one per reading; at most MAX_CLAIMANTS per table
 * (keys typed a letter at a time), see `remembered`.
 */
const claimantTables = new WeakMap<object, (key: string | undefined, outlet: string) => Claimant>();
const WITHOUT_DOSSIER = {};
const MAX_CLAIMANTS = 10_000;

export function claimantOf(a: Annotation, companion: Companion, dossier: Dossier | undefined): Claimant {
  const key = keyValue(a, 'claimant');
  let table = claimantTables.get(dossier ?? WITHOUT_DOSSIER);
  if (!table) {
    table = remembered(
      MAX_CLAIMANTS,
      (k: string | undefined, outlet: string) => (k ? `entity:${k}` : `outlet:${outlet}`),
      (k, outlet): Claimant => (k ? { id: `entity:${k}`, label: labelOf(dossier, 'entities', k), key: k } : { id: `outlet:${outlet}`, label: outlet }),
    );
    claimantTables.set(dossier ?? WITHOUT_DOSSIER, table);
  }
  return table(key, key ? '' : outletOf(companion));
}

/**
 * The words a quote annotation quotes. A quote split by its attribution
 * (`We will not go back,” Roe said, “until the port pays`) keeps only the
 * parts inside quotation marks.
 */
export function quotedWords(text: string): string {
  const parts = text.split(/[“”„‟"«»]/);
  if (parts.length < 3) return text.replace(/^[\s“”"‘’']+|[\s“”"‘’']+$/g, '');
  // Text that starts inside the quotation (the usual case): even parts are quoted.
  const startsOutside = /^[“„"«]/.test(text.trimStart());
  const inside = parts.filter((_, i) => (i % 2 === 0) !== startsOutside);
  return inside
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
}

/**
 * Readings of one companion, kept while its annotations and dossier stay the
 * same objects. What a reading says (values, words, stances, keys) comes
 * from the companion alone; only its anchor comes from the article.
 */
const cache = new WeakMap<Companion, { anchors: readonly AnchorResult[]; dossier: Dossier | undefined; readings: ScopeReadings }>();

/**
 * The readings of one companion: the same object while its annotations and
 * dossier stay the same objects. When only the anchors changed (an article
 * edit), the same readings are kept and each one's anchor is updated in place,
 * so an edit that only shifts the article's text changes no group; what
 * pointed at a reading's place (related places, see related.ts) follows it.
 */
export function readingsOfCompanion(corpus: Corpus, companion: Companion, dossier: Dossier | undefined): ScopeReadings {
  const anchors = corpus.anchorsOf(companion.uri);
  let hit = cache.get(companion);
  if (!hit || hit.dossier !== dossier) {
    hit = { anchors, dossier, readings: companionReadings(corpus, companion, dossier) };
    cache.set(companion, hit);
  } else if (hit.anchors !== anchors) {
    // Anchors are by position in the companion's list (an item that is not a mapping has none).
    const anchorOf = new Map<Annotation, AnchorResult>();
    companion.annotations.forEach((a, i) => anchorOf.set(a, anchors[i] ?? ORPHANED));
    const { figures, quotes, claims } = hit.readings;
    for (const list of [figures, quotes, claims] as const) {
      for (const r of list as readonly ReadingBase[]) (r as { anchor: AnchorResult }).anchor = anchorOf.get(r.annotation) ?? ORPHANED;
    }
    hit.anchors = anchors;
  }
  return hit.readings;
}

/**
 * V8 takes an object field written only once, at creation, for a constant,
 * and its optimised code relies on that for every object of the same shape.
 * The first write to such a field drops all that code at once. carryOver and
 * readingsOfCompanion update a few fields of readings in place (these
 * lists), so the first companion edit after an index threw away about
 * twenty hot functions (the comparisons, the findings, the diagnostics) and
 * ran the following edits unoptimised until they were compiled again (in
 * process at 10,000 bench pairs, the first 200 companion edits' p99 went
 * from a median of 26 ms to one of 20 ms over several runs once this was
 * done). The first reading made of each kind has those fields written
 * twice, before anything is optimised, so they are known to change from
 * the start. (Each kind's readings are made at one place below, so they
 * share one shape.)
 */
const UPDATED_IN_PLACE: { readonly [K in keyof ScopeReadings]: readonly (keyof ScopeReadings[K][number])[] } = {
  figures: ['companion', 'annotation', 'anchor', 'written', 'parsed', 'interval'],
  quotes: ['companion', 'annotation', 'anchor'],
  claims: ['companion', 'annotation', 'anchor'],
};
const writtenAgain = new Set<keyof ScopeReadings>();

function writeAgain<R extends object>(r: R, fields: readonly (keyof R)[]): void {
  const w = r as { -readonly [K in keyof R]: R[K] };
  for (const k of fields) {
    const value = w[k];
    w[k] = undefined as R[typeof k];
    w[k] = value;
  }
}

function companionReadings(corpus: Corpus, companion: Companion, dossier: Dossier | undefined): ScopeReadings {
  const figures: FigureReading[] = [];
  const quotes: QuoteReading[] = [];
  const claims: ClaimReading[] = [];
  {
    const outlet = outletOf(companion);
    const published = companion.source.published;
    for (const { annotation: a, anchor } of corpus.annotationsOf(companion.uri)) {
      if (a.text === undefined) continue;
      if (a.kind === 'figure') {
        const quantity = keyValue(a, 'quantity');
        if (!quantity) continue;
        const parsed = parseFigure(a.text);
        const explicitValue = a.fields.value?.value;
        const value = typeof explicitValue === 'number' && Number.isFinite(explicitValue) ? explicitValue : parsed?.value;
        const explicitApprox = keyValue(a, 'approx');
        const approx: Approx =
          explicitApprox && (APPROX_VALUES as readonly string[]).includes(explicitApprox) ? (explicitApprox as Approx) : (parsed?.approx ?? 'exact');
        const unit = keyValue(a, 'unit') ?? parsed?.unit;
        const interval =
          value === undefined
            ? undefined
            : figureInterval({
                value,
                approx,
                precision: parsed?.precision ?? 1,
                low: value === parsed?.value ? parsed?.low : undefined,
                high: value === parsed?.value ? parsed?.high : undefined,
                vague: parsed?.vague,
              });
        // Written out, not spread from a shared base: objects built by a hot
        // spread each get a hidden class of their own (~400 bytes apiece).
        figures.push({
          companion,
          annotation: a,
          anchor,
          outlet,
          published,
          quantity,
          claimant: claimantOf(a, companion, dossier),
          asOf: keyValue(a, 'as_of'),
          written: a.text,
          parsed,
          value,
          approx,
          unit,
          interval,
        });
      } else if (a.kind === 'quote') {
        quotes.push({
          companion,
          annotation: a,
          anchor,
          outlet,
          published,
          text: a.text,
          words: quotedWords(a.text),
          speaker: keyValue(a, 'speaker'),
          quoteKey: keyValue(a, 'quote'),
        });
      } else if (a.kind === 'claim') {
        const claim = keyValue(a, 'claim');
        const stance = keyValue(a, 'stance') ?? 'asserts';
        if (!claim || !(STANCES as readonly string[]).includes(stance)) continue;
        claims.push({ companion, annotation: a, anchor, outlet, published, claim, stance: stance as Stance, claimant: claimantOf(a, companion, dossier) });
      }
    }
  }
  const made: ScopeReadings = { figures, quotes, claims };
  for (const kind of ['figures', 'quotes', 'claims'] as const) {
    const first = made[kind][0];
    if (!first || writtenAgain.has(kind)) continue;
    writtenAgain.add(kind);
    writeAgain(first, UPDATED_IN_PLACE[kind] as readonly (keyof typeof first)[]);
  }
  // Kept while the companion is: copies without the room push leaves (an array of 8 has room for 17).
  return { figures: figures.slice(), quotes: quotes.slice(), claims: claims.slice() };
}

type Reading = FigureReading | QuoteReading | ClaimReading;

function sameClaimant(a: Claimant, b: Claimant): boolean {
  return a.id === b.id && a.label === b.label;
}

/**
 * Whether two readings of one annotation, before and after an edit of its
 * companion, say the same to every comparison: the same position in the
 * list, outlet and date, and whatever their kind compares (below). Where
 * they are in a file is not compared here (see carryOver).
 */
function sameBase(a: ReadingBase, b: ReadingBase): boolean {
  return a.annotation.index === b.annotation.index && a.outlet === b.outlet && a.published === b.published;
}

/** A figure's fields other than its words. */
function sameFigureFields(a: FigureReading, b: FigureReading): boolean {
  return (
    sameBase(a, b) &&
    a.quantity === b.quantity &&
    sameClaimant(a.claimant, b.claimant) &&
    a.asOf === b.asOf &&
    a.value === b.value &&
    a.approx === b.approx &&
    a.unit === b.unit
  );
}

/** Two readings of a figure, in other words, that are compared the same way with every other. */
function comparedTheSame(a: FigureReading, b: FigureReading): boolean {
  // What the words add to the comparison (a range, a currency, the precision) must be the same too.
  return sameFigureFields(a, b) && JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

const SAYS_THE_SAME: { [K in keyof ScopeReadings]: (a: ScopeReadings[K][number], b: ScopeReadings[K][number]) => boolean } = {
  figures: (a, b) => a.written === b.written && sameFigureFields(a, b),
  quotes: (a, b) => sameBase(a, b) && a.text === b.text && a.speaker === b.speaker && a.quoteKey === b.quoteKey,
  claims: (a, b) => sameBase(a, b) && a.claim === b.claim && a.stance === b.stance && sameClaimant(a.claimant, b.claimant),
};

/**
 * After an edit of a companion, keeps the previous reading of each
 * annotation that still says the same (see SAYS_THE_SAME): it takes the new
 * companion, annotation and anchor in place, and stands in the new readings'
 * lists for the new one. Groups that only such readings of the companion
 * belong to need not be compared again, and what pointed at a kept reading
 * (related places, see related.ts) follows it, as after an article edit.
 * `placed(before, after, kind)` is told of each before it is updated, so the
 * caller can tell whether its place moved. Returns the kept readings.
 *
 * With `rewritten`, a figure whose words changed but that is compared the
 * same way (the same value, range, unit, claimant...) is kept too, taking
 * the new words in place, and added to `rewritten`: its group's
 * disagreements stand, but the findings that quote its words must be made
 * again (see analyze.ts).
 */
export function carryOver(
  before: ScopeReadings,
  after: ScopeReadings,
  placed: <K extends keyof ScopeReadings>(kept: ScopeReadings[K][number], next: ScopeReadings[K][number], kind: K) => void,
  rewritten?: Set<FigureReading>,
): Set<Reading> {
  const kept = new Set<Reading>();
  const carry = <K extends keyof ScopeReadings>(kind: K) => {
    type R = ScopeReadings[K][number];
    const old: readonly R[] = before[kind];
    const list = after[kind] as R[];
    if (!old.length || !list.length) return;
    const same = SAYS_THE_SAME[kind] as (a: R, b: R) => boolean;
    const byIndex = new Map<number, R>();
    for (const r of old) byIndex.set(r.annotation.index, r);
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      const o = byIndex.get(n.annotation.index);
      if (!o || kept.has(o)) continue;
      if (!same(o, n)) {
        if (!rewritten || kind !== 'figures' || !comparedTheSame(o as FigureReading, n as FigureReading)) continue;
        const words = o as { written: string; parsed?: FigureReading['parsed']; interval?: FigureReading['interval'] };
        const next = n as FigureReading;
        words.written = next.written;
        words.parsed = next.parsed;
        words.interval = next.interval;
        rewritten.add(o as FigureReading);
      }
      placed(o, n, kind);
      const w = o as { companion: Companion; annotation: Annotation; anchor: AnchorResult };
      w.companion = n.companion;
      w.annotation = n.annotation;
      w.anchor = n.anchor;
      list[i] = o;
      kept.add(o);
    }
  };
  carry('figures');
  carry('quotes');
  carry('claims');
  return kept;
}
