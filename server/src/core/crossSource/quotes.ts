/**
 * Quote counterparts across sources, `quote-misattributed` and
 * `quote-divergent`. Counterparts share a dossier `quote` key, or, where
 * neither has a key, their words match above QUOTE_MATCH_THRESHOLD
 * (analysis/quotes). Candidate pairs come from an index of words kept
 * between analyses (QuoteIndex), so a scope of thousands of quotes is not
 * compared pair by pair, and an edit re-examines only its article's quotes.
 * Quotes of one key are counterparts whatever their words, so they are not
 * compared either: how alike two wordings are is worked out when asked.
 */
import { mayBeFragment, normaliseWords, quoteSimilarity } from '../analysis/quotes';
import type { Finding } from '../diagnostics/finding';
import { labelOf, type Dossier } from '../model';
import type { QuoteReading } from './readings';
import { insertSorted } from './sortedLists';
import { annotationKey, byPlace, firstFew, listing, MAX_NAMED, MAX_RELATED, relatedTarget, relatedTo, runOf } from './related';

export interface Counterpart {
  readonly other: QuoteReading;
  /** 0..1 similarity of the quoted words. */
  readonly score: number;
  /** One is a contiguous part of the other. */
  readonly fragment: boolean;
  /** Matched by the same dossier key rather than by wording. */
  readonly byKey: boolean;
  /** Same words once normalised (case, punctuation, quotation marks). */
  readonly identical: boolean;
}


/**
 * Similarities already computed, by the two quotes' words: an edit changes
 * one article's quotes, so nearly every pair compared after it was compared
 * before. Cleared when it grows past its cap.
 */
const similarityCache = new Map<string, { score: number; fragment: boolean }>();
const SIMILARITY_CACHE_CAP = 200_000;

function similarity(a: string, b: string): { score: number; fragment: boolean } {
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let hit = similarityCache.get(key);
  if (!hit) {
    if (similarityCache.size >= SIMILARITY_CACHE_CAP) similarityCache.clear();
    hit = quoteSimilarity(a, b);
    similarityCache.set(key, hit);
  }
  return hit;
}

/**
 * Scores between two variants, kept while both are: every edit of a key
 * works out again each wording's first few others, and looking a score up
 * by the two texts (above) cost more than the rest of it.
 */
const scores = new WeakMap<object, WeakMap<object, number>>();

function scoreOf(v: { readonly words: string }, w: { readonly words: string }): number {
  let mine = scores.get(v);
  if (!mine) scores.set(v, (mine = new WeakMap()));
  let score = mine.get(w);
  if (score === undefined) {
    score = similarity(v.words, w.words).score;
    mine.set(w, score);
  }
  return score;
}

/** Normalised words of a quote, kept with its text. */
const wordsCache = new Map<string, string[]>();

function wordsOf(text: string): string[] {
  let w = wordsCache.get(text);
  if (!w) {
    if (wordsCache.size >= SIMILARITY_CACHE_CAP) wordsCache.clear();
    w = normaliseWords(text);
    wordsCache.set(text, w);
  }
  return w;
}

/** How one group of same-worded quotes relates to another. */
interface Edge {
  readonly score: number;
  readonly fragment: boolean;
  readonly identical: boolean;
}

/**
 * Quotes with the same key (or none) and the same words once normalised:
 * they have the same counterparts, so the index compares variants, not
 * quotes. A key quoted in a thousand articles in three wordings is three
 * variants, not half a million pairs.
 */
interface Variant {
  readonly key?: string;
  /** The normalised words, joined by spaces. */
  readonly words: string;
  /** How many normalised words. */
  readonly size: number;
  readonly members: Set<QuoteReading>;
  /** Unkeyed: the other variants whose quotes are counterparts of this one's. */
  readonly edges: Map<Variant, Edge>;
  /** Keyed: the variants of the same key, this one included. */
  readonly group?: KeyGroup;
  /** Findings shared by this variant's quotes, by speaker (see QuoteIndex.findings). */
  readonly shared: Map<string, SharedFindings>;
  /** Keyed: how many of its quotes each outlet has, kept as quotes come and go. */
  readonly outlets: Map<string, number>;
  /**
   * Keyed: the other variants of its key that are fragments of it or it of
   * them, kept as variants come and go (each pair compared once, not at
   * every edit of the key). Made at the first such variant.
   */
  fragments?: Set<Variant>;
}

/** The variants of one key: each one's quotes are counterparts of all of them. */
interface KeyGroup {
  readonly variants: Set<Variant>;
  /** How many of the key's quotes each outlet has, and each companion (by URI), kept as quotes come and go. */
  readonly outlets: Map<string, number>;
  readonly perCompanion: Map<string, number>;
  /** The companions with more than one quote of the key. */
  readonly crowded: Set<string>;
  /** Worked out when first asked; dropped when a quote comes or goes. */
  view?: GroupView;
  /** The last view made, kept when it is dropped: the next starts from it. */
  last?: GroupView;
  /** The quotes that came and went since `last` was made, in order; undefined when there were more than CHANGES_MAX. */
  changes?: Change[];
}

/** A quote that came (into `variant`) or went (no variant). */
interface Change {
  readonly quote: QuoteReading;
  readonly variant?: Variant;
}

interface Member {
  readonly quote: QuoteReading;
  readonly variant: Variant;
}

/** What the findings of a key's quotes are worked out from. */
interface GroupView {
  /** Every quote of the key, in order of source and position. */
  readonly sorted: readonly Member[];
  /**
   * The quotes of the sources that have more than one quote of the key, by
   * source: only those quotes' findings are worked out apart (see
   * findingsFor), since their source has a counterpart of its own.
   */
  readonly byCompanion: ReadonlyMap<string, readonly Member[]>;
  /** Those same quotes, by variant. */
  readonly crowded: ReadonlyMap<Variant, readonly QuoteReading[]>;
  /** How many of the key's quotes each outlet has (the group's count, kept up to date; per variant, see Variant.outlets). */
  readonly outlets: ReadonlyMap<string, number>;
  /** The quotes attributing the key to someone else, by speaker (see attributedElsewhere). */
  readonly elsewhere: Map<string, readonly QuoteReading[]>;
}

/**
 * Quotes come or gone put in place (or taken out) one by one in a key's
 * next view; after more, the view is made again, and new quotes beyond this
 * many are sorted with the rest rather than put in place.
 */
const CHANGES_MAX = 32;

function viewOf(g: KeyGroup): GroupView {
  if (g.view) return g.view;
  const sorted = g.last && g.changes ? patched(g.last.sorted, g.changes) : inOrderOfPlace(g);
  g.changes = [];
  // The quotes of the sources with more than one of the key: each source's are a run in order of place.
  const byCompanion = new Map<string, Member[]>();
  const crowded = new Map<Variant, QuoteReading[]>();
  for (const uri of [...g.crowded].sort()) {
    const run = sorted.slice(...runOf(sorted, uri, sourceOf));
    byCompanion.set(uri, run);
    for (const m of run) (crowded.get(m.variant) ?? crowded.set(m.variant, []).get(m.variant)!).push(m.quote);
  }
  return (g.view = g.last = { sorted, byCompanion, crowded, outlets: g.outlets, elsewhere: new Map() });
}

const inOrder = (a: Member, b: Member) => byPlace(a.quote, b.quote);
const sourceOf = (m: Member) => m.quote.companion.uri;

/**
 * The last view's quotes in order of place, with the few that came put in
 * their place and those that went taken out, one by one: an edit moves a
 * quote or two of a key quoted in a thousand articles, and going through
 * all of them again (each quote's source's URI) was most of the edit's view.
 */
function patched(last: readonly Member[], changes: readonly Change[]): Member[] {
  const sorted = last.slice();
  for (const { quote, variant } of changes) {
    if (variant) {
      insertSorted(sorted, { quote, variant }, inOrder);
      continue;
    }
    const [from, to] = runOf(sorted, quote.companion.uri, sourceOf);
    for (let i = from; i < to; i++) {
      if (sorted[i].quote === quote) {
        sorted.splice(i, 1);
        break;
      }
    }
  }
  return sorted;
}

/** Every quote of the key in order of place: those of the last view in its order, then the others put in place. */
function inOrderOfPlace(g: KeyGroup): Member[] {
  const sorted: Member[] = [];
  const placed = new Set<QuoteReading>();
  for (const m of g.last?.sorted ?? []) {
    if (!m.variant.members.has(m.quote) || !g.variants.has(m.variant)) continue;
    sorted.push(m);
    placed.add(m.quote);
  }
  const fresh: Member[] = [];
  for (const variant of g.variants) for (const quote of variant.members) if (!placed.has(quote)) fresh.push({ quote, variant });
  if (fresh.length <= CHANGES_MAX) {
    // A few, each put in its place (a sort would still compare every neighbour once).
    for (const m of fresh.sort(inOrder)) insertSorted(sorted, m, inOrder);
  } else {
    for (const m of fresh) sorted.push(m);
    sorted.sort(inOrder);
  }
  return sorted;
}

/** Adds `by` to a count, forgetting it at zero; the count after. */
function bump(counts: Map<string, number>, key: string, by: number): number {
  const n = (counts.get(key) ?? 0) + by;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
  return n;
}

/** Keeps a keyed wording's and its key's counts, and the key's changes since its last view, as a quote comes into `v` or goes from it. */
function noteChange(v: Variant, g: KeyGroup, q: QuoteReading, came: boolean): void {
  const by = came ? 1 : -1;
  bump(v.outlets, q.outlet, by);
  bump(g.outlets, q.outlet, by);
  const n = bump(g.perCompanion, q.companion.uri, by);
  if (n > 1) g.crowded.add(q.companion.uri);
  else g.crowded.delete(q.companion.uri);
  if (g.changes && g.changes.length < CHANGES_MAX) g.changes.push({ quote: q, variant: came ? v : undefined });
  else g.changes = undefined;
  g.view = undefined;
}

/**
 * A counterpart by key. A key quoted in a thousand articles in hundreds of
 * wordings would be hundreds of thousands of comparisons, nearly all only
 * to say "divergent": the score is worked out when read, and `fragment` only
 * where the lengths allow one.
 */
class KeyedCounterpart implements Counterpart {
  readonly byKey = true;
  constructor(
    private readonly mine: Variant,
    private readonly theirs: Variant,
    readonly other: QuoteReading,
  ) {}
  get identical(): boolean {
    return this.mine === this.theirs;
  }
  get score(): number {
    return scoreOf(this.mine, this.theirs);
  }
  get fragment(): boolean {
    return !this.identical && isFragmentPair(this.mine, this.theirs);
  }
}

/** One variant's words are a fragment of the other's (either way); compared only where the lengths allow it. */
function isFragmentPair(v: Variant, w: Variant): boolean {
  return mayBeFragment(v.size, w.size) && similarity(v.words, w.words).fragment;
}

/** The parts of a quote's findings that do not depend on which quote it is. */
interface SharedFindings {
  readonly misattributed?: Omit<Finding, 'uri' | 'span' | 'annotation'>;
  readonly divergent?: Omit<Finding, 'uri' | 'span' | 'annotation'>;
  /** Companions with a quote among the counterparts: a quote of theirs must leave its own out. */
  readonly companions: { has(uri: string): boolean };
  /**
   * Keyed: the last quote of the key (in order of place) that the findings
   * looked at; undefined when they looked at every one. A quote after it
   * that only moves to other words changes nothing here.
   */
  readonly reach?: QuoteReading;
}

/** Counterparts of one quote, looked up by annotation key (`companionUri#index`). */
export interface CounterpartLookup {
  get(annotationKey: string): readonly Counterpart[] | undefined;
}

/**
 * The counterpart graph of a scope, kept between analyses: an edit to one
 * article moves only that article's quotes between variants.
 */
export class QuoteIndex implements CounterpartLookup {
  private readonly variants = new Map<string, Variant>();
  private readonly variantOf = new Map<QuoteReading, Variant>();
  private readonly byAnnotation = new Map<string, QuoteReading>();
  /** Unkeyed variants by each of their words, and by each of their telling words, for proposing pairs. */
  private readonly postings = new Map<string, Set<Variant>>();
  private readonly telling = new Map<string, Set<Variant>>();
  private readonly byKey = new Map<string, KeyGroup>();
  /** Findings per quote, reused while its variant and their neighbours are unchanged. */
  private readonly findingsOf = new Map<QuoteReading, readonly Finding[]>();
  /**
   * The quotes whose findings (as kept in findingsOf) were worked out apart,
   * their own source having a counterpart (see findingsFor): what a keyed
   * wording's findings say of a source is looked up in the key's current
   * view, so after a change it no longer tells which quotes were.
   */
  private readonly workedOutApart = new WeakSet<QuoteReading>();

  constructor(private readonly threshold: number) {}

  /** Brings the index to these quotes (findings worked out with `dossier`). */
  update(quotes: readonly QuoteReading[], dossier?: Dossier): void {
    const next = new Set(quotes);
    const removed: QuoteReading[] = [];
    for (const q of this.variantOf.keys()) if (!next.has(q)) removed.push(q);
    this.apply(removed, quotes.filter((q) => !this.variantOf.has(q)), dossier);
  }

  /**
   * Removes and adds quotes. Returns the quotes whose findings may have
   * changed, each with its findings as last worked out (undefined if never).
   * Those are the quotes of every variant touched (a quote came or went, or
   * a neighbouring variant's did), but of a variant whose findings shared by
   * speaker read the same as before (`dossier` is the one they are worked
   * out with), only the few worked out apart (their own source has a
   * counterpart, see findingsFor): an edit of one quote of a key quoted in a
   * thousand articles touches every variant of the key, and few say
   * anything else after it. (A quote that came has no findings kept; its
   * companion is the edited one.)
   */
  apply(removed: readonly QuoteReading[], added: readonly QuoteReading[], dossier: Dossier | undefined): Map<QuoteReading, readonly Finding[] | undefined> {
    // Quotes that only moved to other words of their key; the wordings they left or joined, and
    // those wordings' fragments, are worked out again, the others only if a moved quote is among
    // the quotes their findings looked at (see sharedStands).
    const moved = movedWithinKeys(removed, added);
    const near = new Set<Variant>();
    const nearOf = (q: QuoteReading) => {
      const v = this.variantOf.get(q);
      if (!v) return;
      near.add(v);
      for (const w of v.fragments ?? []) near.add(w);
    };
    if (moved) for (const q of removed) nearOf(q);
    const touched = new Set<Variant>();
    for (const q of removed) this.remove(q, touched);
    for (const q of added) this.add(q, touched);
    if (moved) for (const q of added) nearOf(q);
    const quotes = new Map<QuoteReading, readonly Finding[] | undefined>();
    const drop = (q: QuoteReading) => {
      quotes.set(q, this.findingsOf.get(q));
      this.findingsOf.delete(q);
    };
    // Of a keyed variant, only the quotes of sources with more than one quote of the key can be worked out apart: before this change, and after.
    const crowdedBefore = new Map<Variant, readonly QuoteReading[] | undefined>();
    for (const v of touched) if (v.group) crowdedBefore.set(v, v.group.last?.crowded.get(v));
    const crowded = (v: Variant, g: KeyGroup) => [...new Set([...(crowdedBefore.get(v) ?? []), ...(viewOf(g).crowded.get(v) ?? [])])].filter((q) => v.members.has(q) && !quotes.has(q));
    const gone = new Set(removed);
    for (const v of touched) {
      if (moved && v.group && !near.has(v) && sharedStands(v, moved, gone)) {
        // What its quotes share stands, and so do their findings, but for those worked out apart.
        for (const q of crowded(v, v.group)) drop(q);
        continue;
      }
      const before = new Map(v.shared);
      v.shared.clear();
      if (!before.size || !this.sharesTheSame(v, before, dossier)) {
        for (const q of v.members) drop(q);
        continue;
      }
      // Worked out apart before this change, or to be now.
      const apart = (q: QuoteReading) => this.workedOutApart.has(q) || v.shared.get(q.speaker ?? '')?.companions.has(q.companion.uri);
      for (const q of v.group ? crowded(v, v.group) : v.members) if (!quotes.has(q) && apart(q)) drop(q);
    }
    return quotes;
  }

  /**
   * Works out again what a variant's quotes share, for each speaker it was
   * worked out for (`before`), keeping it in `v.shared`; true when it reads
   * as before: the same codes, messages, data and related places.
   */
  private sharesTheSame(v: Variant, before: ReadonlyMap<string, SharedFindings>, dossier: Dossier | undefined): boolean {
    const bySpeaker = new Map<string, QuoteReading>();
    for (const q of v.members) if (!bySpeaker.has(q.speaker ?? '')) bySpeaker.set(q.speaker ?? '', q);
    for (const [speaker, old] of before) {
      const q = bySpeaker.get(speaker);
      if (!q) return false;
      const now = this.sharedOf(q, v, dossier);
      v.shared.set(speaker, now);
      if (!sameShared(old.misattributed, now.misattributed) || !sameShared(old.divergent, now.divergent)) return false;
    }
    return true;
  }

  /** What a variant's quotes of one speaker (q's) share. */
  private sharedOf(q: QuoteReading, v: Variant, dossier: Dossier | undefined): SharedFindings {
    return v.group ? keyedFindings(q, v, viewOf(v.group), dossier) : sharedFindings(q, this.all(v), dossier);
  }

  /** The counterparts of the quote with this annotation key, in order of source and position. */
  get(annotationKey: string): readonly Counterpart[] | undefined {
    const q = this.byAnnotation.get(annotationKey);
    const v = q && this.variantOf.get(q);
    if (!q || !v) return undefined;
    const mine = q.companion.uri;
    const out = this.all(v).filter((c) => c.other.companion.uri !== mine);
    return out.length ? out : undefined;
  }

  /**
   * The quotes that may count one of these among their counterparts: those of
   * the same variants and of the neighbouring ones.
   */
  around(quotes: readonly QuoteReading[]): Set<QuoteReading> {
    const variants = new Set<Variant>();
    for (const q of quotes) {
      const v = this.variantOf.get(q);
      if (!v) continue;
      variants.add(v);
      for (const w of neighbours(v)) variants.add(w);
    }
    const out = new Set<QuoteReading>();
    for (const v of variants) for (const q of v.members) out.add(q);
    return out;
  }

  /** Quotes linked by keys or wording, each family in order of source and position. */
  families(): QuoteReading[][] {
    const seen = new Set<Variant>();
    const out: QuoteReading[][] = [];
    for (const start of this.variants.values()) {
      if (seen.has(start)) continue;
      const family: QuoteReading[] = [];
      const stack = [start];
      seen.add(start);
      while (stack.length) {
        const v = stack.pop()!;
        if (!pairsWithin(v) && !v.edges.size) {
          for (const q of v.members) out.push([q]); // same empty words: no counterparts of each other
          continue;
        }
        family.push(...v.members);
        for (const w of neighbours(v)) if (!seen.has(w)) (seen.add(w), stack.push(w));
      }
      if (family.length) out.push(family.sort(byPlace));
    }
    return out;
  }

  /** The quote findings of the scope, recomputed only for quotes whose variant or its neighbours changed. */
  findings(quotes: readonly QuoteReading[], dossier: Dossier | undefined): Finding[] {
    const out: Finding[] = [];
    for (const q of quotes) for (const f of this.findingsOfQuote(q, dossier)) out.push(f);
    return out;
  }

  /** One quote's findings, cached until its variant or a neighbour changes. */
  findingsOfQuote(q: QuoteReading, dossier: Dossier | undefined): readonly Finding[] {
    let found = this.findingsOf.get(q);
    if (!found) {
      found = this.findingsFor(q, dossier);
      this.findingsOf.set(q, found);
    }
    return found;
  }

  /** Drops the findings kept for these quotes (kept across an edit of their companion, see readings.carryOver): their places in it may have moved. */
  placeAgain(quotes: Iterable<QuoteReading>): void {
    for (const q of quotes) this.findingsOf.delete(q);
  }

  private findingsFor(q: QuoteReading, dossier: Dossier | undefined): readonly Finding[] {
    const v = this.variantOf.get(q);
    const text = q.annotation.fields.text;
    if (!v || !text) return [];
    const speakerKey = q.speaker ?? '';
    let shared = v.shared.get(speakerKey);
    if (!shared) {
      shared = this.sharedOf(q, v, dossier);
      v.shared.set(speakerKey, shared);
    }
    // Worked out over every source; rare: this quote's own source also has a counterpart, which must not count.
    if (shared.companions.has(q.companion.uri)) {
      shared = v.group ? keyedFindings(q, v, viewOf(v.group), dossier, q.companion.uri) : sharedFindings(q, this.get(annotationKey(q)) ?? [], dossier);
      this.workedOutApart.add(q);
    } else {
      this.workedOutApart.delete(q);
    }
    const out: Finding[] = [];
    const uri = q.companion.uri;
    const annotation = q.annotation.index;
    // Written out rather than spread: a hot spread gives each finding a hidden class of its own.
    const m = shared.misattributed;
    if (m) out.push({ code: m.code, message: m.message, related: m.related, data: m.data, uri, annotation, span: (q.annotation.fields.speaker ?? text).node });
    const d = shared.divergent;
    if (d) out.push({ code: d.code, message: d.message, related: d.related, uri, annotation, span: text.node });
    return out;
  }

  /**
   * Every counterpart of a variant's quotes, its own included (a quote leaves
   * out its own source). Built when asked for, not kept: kept for every
   * variant they were a third of the server's heap (a key quoted in 170
   * articles is 170 counterparts for each of its variants).
   */
  private all(v: Variant): Counterpart[] {
    const g = v.group;
    if (g) return viewOf(g).sorted.map((m) => new KeyedCounterpart(v, m.variant, m.quote));
    const out: Counterpart[] = [];
    if (pairsWithin(v)) {
      const score = similarity(v.words, v.words).score;
      for (const o of v.members) out.push({ other: o, score, fragment: false, byKey: v.key !== undefined, identical: true });
    }
    for (const [w, e] of v.edges) for (const o of w.members) out.push({ other: o, score: e.score, fragment: e.fragment, byKey: false, identical: e.identical });
    return out.sort((a, b) => byPlace(a.other, b.other));
  }

  private remove(q: QuoteReading, touched: Set<Variant>): void {
    const v = this.variantOf.get(q);
    this.variantOf.delete(q);
    if (this.byAnnotation.get(annotationKey(q)) === q) this.byAnnotation.delete(annotationKey(q));
    this.findingsOf.delete(q);
    if (!v) return;
    v.members.delete(q);
    touched.add(v);
    for (const w of neighbours(v)) touched.add(w);
    const g = v.group;
    if (g) noteChange(v, g, q, false);
    if (v.members.size) return;
    // The last quote of these words is gone: so is the variant.
    this.variants.delete(variantId(v.key, v.words));
    if (g) {
      g.variants.delete(v);
      for (const w of v.fragments ?? []) w.fragments?.delete(v);
      if (!g.variants.size) this.byKey.delete(v.key!);
    } else {
      for (const w of v.edges.keys()) w.edges.delete(v);
      const words = uniqueWords(v.words);
      for (const w of words) this.postings.get(w)?.delete(v);
      for (const w of tellingWords(words)) this.telling.get(w)?.delete(v);
    }
  }

  private add(q: QuoteReading, touched: Set<Variant>): void {
    const words = wordsOf(q.words).join(' ');
    const id = variantId(q.quoteKey, words);
    let v = this.variants.get(id);
    if (!v) {
      // A key is authoritative: a keyed quote's counterparts are those with the same key.
      const group = q.quoteKey === undefined ? undefined : this.groupOf(q.quoteKey);
      v = { key: q.quoteKey, words, size: wordsOf(words).length, members: new Set(), edges: new Map(), group, shared: new Map(), outlets: new Map(), fragments: undefined };
      this.variants.set(id, v);
      if (group) {
        for (const w of group.variants) {
          if (!isFragmentPair(v, w)) continue;
          (v.fragments ??= new Set()).add(w);
          (w.fragments ??= new Set()).add(v);
        }
        group.variants.add(v);
      } else this.link(v);
    }
    v.members.add(q);
    if (v.group) noteChange(v, v.group, q, true);
    this.variantOf.set(q, v);
    this.byAnnotation.set(annotationKey(q), q);
    touched.add(v);
    for (const w of neighbours(v)) touched.add(w);
  }

  private groupOf(key: string): KeyGroup {
    let g = this.byKey.get(key);
    if (!g) this.byKey.set(key, (g = { variants: new Set(), outlets: new Map(), perCompanion: new Map(), crowded: new Set() }));
    return g;
  }

  /** Finds a new unkeyed variant's neighbours and indexes it. */
  private link(v: Variant): void {
    // A pair is proposed when one variant's telling words (its longest words,
    // which do not depend on what else is indexed) occur in the other.
    const candidates = new Set<Variant>();
    const words = uniqueWords(v.words);
    const mine = tellingWords(words);
    for (const w of mine) for (const o of this.postings.get(w) ?? []) candidates.add(o);
    for (const w of words) for (const o of this.telling.get(w) ?? []) candidates.add(o);
    for (const w of words) addTo(this.postings, w, v);
    for (const w of mine) addTo(this.telling, w, v);
    for (const o of candidates) {
      if (o === v) continue;
      const sim = similarity(v.words, o.words);
      if (sim.score < this.threshold) continue;
      const edge = { score: sim.score, fragment: sim.fragment, identical: false };
      v.edges.set(o, edge);
      o.edges.set(v, edge);
    }
  }
}

/** The variants whose quotes are counterparts of a variant's: its key's (itself among them), or those alike enough. */
function neighbours(v: Variant): Iterable<Variant> {
  return v.group ? v.group.variants : v.edges.keys();
}

/** Quotes of one variant are counterparts of each other (in other sources) when keyed or when they have words at all. */
function pairsWithin(v: Variant): boolean {
  return v.key !== undefined || v.words !== '';
}

function variantId(key: string | undefined, words: string): string {
  return key === undefined ? `\u0000${words}` : `${key}\u0000${words}`;
}

function uniqueWords(joined: string): string[] {
  return joined ? [...new Set(joined.split(' '))] : [];
}

/** Words looked up to propose pairs for an unkeyed quote. */
const TELLING_WORDS = 6;

/** A quote's longest words (ties by alphabet): long words are rare, so they tell quotes apart. */
function tellingWords(unique: readonly string[]): string[] {
  return [...unique].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0)).slice(0, TELLING_WORDS);
}

function addTo<T>(map: Map<string, Set<T>>, word: string, item: T): void {
  const set = map.get(word);
  if (set) set.add(item);
  else map.set(word, new Set([item]));
}

function speakerName(key: string | undefined, dossier: Dossier | undefined): string {
  if (!key) return 'no one';
  return labelOf(dossier, 'entities', key);
}

type SharedFinding = Omit<Finding, 'uri' | 'span' | 'annotation'>;

/**
 * The quotes of `added` when each only moved to other words of its key:
 * the same annotation as one of `removed`, with the same key, speaker and
 * outlet, and nothing else came or went. Undefined otherwise.
 */
function movedWithinKeys(removed: readonly QuoteReading[], added: readonly QuoteReading[]): readonly QuoteReading[] | undefined {
  if (!removed.length || removed.length !== added.length) return undefined;
  const before = new Map(removed.map((r) => [annotationKey(r), r]));
  for (const a of added) {
    const r = before.get(annotationKey(a));
    if (!r || r.quoteKey === undefined || r.quoteKey !== a.quoteKey || r.speaker !== a.speaker || r.outlet !== a.outlet) return undefined;
    before.delete(annotationKey(a));
  }
  return added;
}

/**
 * Whether what a keyed wording's quotes share stands after quotes of its key
 * moved to other words (`moved`, in the places of the readings `gone`), the
 * wording being none of those they left or joined nor a fragment of one:
 * the counts stay, and so do the examples, when every moved quote comes
 * after the last quote its findings looked at and none is a related place
 * of a misattribution.
 */
function sharedStands(v: Variant, moved: readonly QuoteReading[], gone: ReadonlySet<QuoteReading>): boolean {
  if (!v.shared.size) return false;
  for (const s of v.shared.values()) {
    if (!s.reach) return false;
    for (const q of moved) if (byPlace(q, s.reach) <= 0) return false;
    for (const r of s.misattributed?.related ?? []) {
      const target = relatedTarget(r);
      if (!target || gone.has(target as QuoteReading)) return false;
    }
  }
  return true;
}

/** Whether two shared findings read the same: code, message, data, and related places (the same readings, with the same words). */
function sameShared(a: SharedFinding | undefined, b: SharedFinding | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.code !== b.code || a.message !== b.message || JSON.stringify(a.data) !== JSON.stringify(b.data)) return false;
  const x = a.related ?? [];
  const y = b.related ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i].message !== y[i].message) return false;
    const t = relatedTarget(x[i]);
    if (t === undefined || t !== relatedTarget(y[i])) return false;
  }
  return true;
}

/** Whether a speaker key attributes anything: one the dossier does not define is already an unknown-key error. */
function knownSpeaker(key: string | undefined, dossier: Dossier | undefined): key is string {
  return key !== undefined && (!dossier || dossier.definitions.entities.has(key));
}

/** The quotes among `all` that attribute it to someone else than `q` does (none when `q` names no known speaker). */
function attributedElsewhere(q: QuoteReading, all: readonly QuoteReading[], dossier: Dossier | undefined): QuoteReading[] {
  if (!knownSpeaker(q.speaker, dossier)) return [];
  return all.filter((o) => knownSpeaker(o.speaker, dossier) && o.speaker !== q.speaker);
}

/** `quote-misattributed`, given the counterparts that name another speaker. */
function misattribution(q: QuoteReading, others: readonly QuoteReading[], dossier: Dossier | undefined): SharedFinding | undefined {
  const official = q.quoteKey ? dossier?.definitions.quotes.get(q.quoteKey)?.speaker : undefined;
  const flagged = official ? q.speaker !== undefined && q.speaker !== official && others.length > 0 : others.length > 0;
  if (!flagged) return undefined;
  return {
    code: 'quote-misattributed',
    message: `This quote is attributed here to ${speakerName(q.speaker, dossier)}, but to ${listing(others.map((o) => `${speakerName(o.speaker, dossier)} by ${o.outlet}`))}.`,
    related: firstFew(others).map((o) => relatedTo(o, `${o.outlet}: ${speakerName(o.speaker, dossier)}`)),
    data: { speaker: q.speaker, others: [...new Set(others.map((o) => o.speaker))] },
  };
}

/**
 * `quote-divergent`, given how many counterparts word the quote differently,
 * how many outlets they come from and the first of them (at least MAX_NAMED
 * outlets' worth and MAX_RELATED quotes, in order), with their scores.
 */
function divergence(count: number, outlets: number, first: ReadonlyArray<{ readonly other: QuoteReading; readonly score: number }>): SharedFinding | undefined {
  if (!count) return undefined;
  const names = [...new Set(first.map((c) => c.other.outlet))].slice(0, MAX_NAMED);
  const few = firstFew(first);
  return {
    code: 'quote-divergent',
    message: `${listing(names, outlets)} ${count === 1 ? 'words' : 'word'} this quote differently (${few.map((c) => `${Math.round(c.score * 100)}% alike`).join(', ')}${count > few.length ? ', …' : ''}); hover to see the differences.`,
    related: few.map((c) => relatedTo(c.other, `${c.other.outlet}: “${c.other.words}”`)),
  };
}

/**
 * sharedFindings for a quote of a key, from the key's view rather than a list
 * of counterparts: the same answer without going through every quote of the
 * key for each of its wordings (a key quoted in a thousand articles in
 * hundreds of wordings would be hundreds of thousands of steps). With
 * `leaveOut`, the quotes of that companion do not count (the quote's own).
 */
function keyedFindings(q: QuoteReading, v: Variant, view: GroupView, dossier: Dossier | undefined, leaveOut?: string): SharedFindings {
  const speaker = q.speaker ?? '';
  let others = view.elsewhere.get(speaker);
  if (!others) {
    others = attributedElsewhere(
      q,
      view.sorted.map((m) => m.quote),
      dossier,
    );
    view.elsewhere.set(speaker, others);
  }
  if (leaveOut !== undefined) others = others.filter((o) => o.companion.uri !== leaveOut);
  // Divergent: the quotes of every other wording that is not a fragment of this one (or this one of it).
  const same = new Set<Variant>([v]);
  for (const w of v.fragments ?? []) same.add(w);
  // How many divergent quotes there are, and how many of each outlet's quotes are left out.
  let count = view.sorted.length;
  const left = new Map<string, number>();
  const leave = (outlet: string, n: number) => {
    count -= n;
    left.set(outlet, (left.get(outlet) ?? view.outlets.get(outlet) ?? 0) - n);
  };
  for (const w of same) for (const [outlet, n] of w.outlets) leave(outlet, n);
  for (const m of leaveOut === undefined ? [] : (view.byCompanion.get(leaveOut) ?? [])) if (!same.has(m.variant)) leave(m.quote.outlet, 1);
  let outlets = view.outlets.size;
  for (const n of left.values()) if (n <= 0) outlets--;
  const first: Array<{ other: QuoteReading; score: number }> = [];
  const names = new Set<string>();
  let looked: QuoteReading | undefined;
  let reach: QuoteReading | undefined;
  for (const m of view.sorted) {
    if (first.length >= MAX_RELATED && names.size >= MAX_NAMED) {
      reach = looked;
      break;
    }
    looked = m.quote;
    if (same.has(m.variant) || m.quote.companion.uri === leaveOut) continue;
    names.add(m.quote.outlet);
    first.push({ other: m.quote, score: scoreOf(v, m.variant) });
  }
  const group = v.group!;
  return {
    reach,
    // Looked up in the key's view when asked: a wording's findings may outlive the view they were worked out from (see sharedStands).
    companions: {
      has: (uri) =>
        (viewOf(group).byCompanion.get(uri) ?? []).some(
          (m) => !same.has(m.variant) || (others.length > 0 && knownSpeaker(m.quote.speaker, dossier) && m.quote.speaker !== q.speaker),
        ),
    },
    misattributed: misattribution(q, others, dossier),
    divergent: divergence(count, outlets, first),
  };
}

/**
 * What a quote's findings say, from its counterparts: the same for every
 * quote of one variant and speaker, so it is worked out once for them all.
 */
function sharedFindings(q: QuoteReading, cps: readonly Counterpart[], dossier: Dossier | undefined): SharedFindings {
  const others = attributedElsewhere(
    q,
    cps.map((c) => c.other),
    dossier,
  );
  const divergent = cps.filter((c) => !c.identical && !c.fragment);
  const companions = new Set<string>();
  for (const o of others) companions.add(o.companion.uri);
  for (const c of divergent) companions.add(c.other.companion.uri);
  return {
    companions,
    misattributed: misattribution(q, others, dossier),
    divergent: divergence(divergent.length, new Set(divergent.map((c) => c.other.outlet)).size, divergent),
  };
}
