/**
 * Quote counterparts across sources, `quote-misattributed` and
 * `quote-divergent`. Counterparts share a dossier `quote` key, or, where
 * neither has a key, their words match above QUOTE_MATCH_THRESHOLD
 * (analysis/quotes). Candidate pairs come from an index of words kept
 * between analyses (QuoteIndex), so a scope of thousands of quotes is not
 * compared pair by pair, and an edit re-examines only its article's quotes.
 */
import { QUOTE_MATCH_THRESHOLD, normaliseWords, quoteSimilarity } from '../analysis/quotes';
import type { Finding } from '../diagnostics/finding';
import type { Dossier } from '../model';
import type { QuoteReading } from './readings';
import { annotationKey, firstFew, listing, relatedTo } from './related';

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

/** `threshold`: the similarity two unkeyed quotes need to be counterparts (setting `corroborate.quotes.matchThreshold`). */
/**
 * The counterpart graph of a scope, kept between analyses: an edit to one
 * article removes and re-adds only that article's quotes.
 */
export class QuoteIndex {
  /** Unkeyed quotes by each of their words, and by each of their telling words, for proposing pairs. */
  private readonly postings = new Map<string, Set<QuoteReading>>();
  private readonly telling = new Map<string, Set<QuoteReading>>();
  private readonly byKey = new Map<string, Set<QuoteReading>>();
  private readonly pairs = new Map<QuoteReading, Counterpart[]>();
  private members = new Set<QuoteReading>();

  constructor(private readonly threshold: number) {}

  /** Brings the index to these quotes; returns false when it would be cheaper to build anew. */
  update(quotes: readonly QuoteReading[]): boolean {
    const next = new Set(quotes);
    const removed = [...this.members].filter((q) => !next.has(q));
    const added = quotes.filter((q) => !this.members.has(q));
    if (this.members.size && removed.length + added.length > Math.max(50, quotes.length / 4)) return false;
    for (const q of removed) this.remove(q);
    for (const q of added) this.add(q);
    this.members = next;
    return true;
  }

  /** Counterparts by annotation key. */
  counterparts(): Map<string, Counterpart[]> {
    const out = new Map<string, Counterpart[]>();
    for (const [q, list] of this.pairs) if (list.length) out.set(annotationKey(q), [...list]);
    return out;
  }

  private remove(q: QuoteReading): void {
    for (const c of this.pairs.get(q) ?? []) {
      const back = this.pairs.get(c.other);
      if (back) this.pairs.set(c.other, back.filter((x) => x.other !== q));
    }
    this.pairs.delete(q);
    if (q.quoteKey) this.byKey.get(q.quoteKey)?.delete(q);
    else {
      for (const w of new Set(wordsOf(q.words))) this.postings.get(w)?.delete(q);
      for (const w of tellingWords([...new Set(wordsOf(q.words))])) this.telling.get(w)?.delete(q);
    }
  }

  private add(q: QuoteReading): void {
    const candidates = new Set<QuoteReading>();
    if (q.quoteKey) {
      // A key is authoritative: a keyed quote's counterparts are those with the same key.
      const group = this.byKey.get(q.quoteKey) ?? new Set();
      for (const o of group) candidates.add(o);
      group.add(q);
      this.byKey.set(q.quoteKey, group);
    } else {
      // Unkeyed: a pair is proposed when one quote's telling words (its longest
      // words, which do not depend on what else is indexed) occur in the other.
      const words = [...new Set(wordsOf(q.words))];
      const mine = tellingWords(words);
      for (const w of mine) for (const o of this.postings.get(w) ?? []) candidates.add(o);
      for (const w of words) for (const o of this.telling.get(w) ?? []) candidates.add(o);
      for (const w of words) addTo(this.postings, w, q);
      for (const w of mine) addTo(this.telling, w, q);
    }
    if (!this.pairs.has(q)) this.pairs.set(q, []);
    for (const o of candidates) {
      if (o === q || o.companion.uri === q.companion.uri) continue; // counterparts are in other sources
      const keyed = q.quoteKey !== undefined;
      const sim = similarity(q.words, o.words);
      if (!keyed && sim.score < this.threshold) continue;
      const identical = wordsOf(q.words).join(' ') === wordsOf(o.words).join(' ');
      this.pairs.get(q)!.push({ other: o, score: sim.score, fragment: sim.fragment, byKey: keyed, identical });
      const back = this.pairs.get(o) ?? [];
      back.push({ other: q, score: sim.score, fragment: sim.fragment, byKey: keyed, identical });
      this.pairs.set(o, back);
    }
  }
}

/** Words looked up to propose pairs for an unkeyed quote. */
const TELLING_WORDS = 6;

/** A quote's longest words (ties by alphabet): long words are rare, so they tell quotes apart. */
function tellingWords(unique: readonly string[]): string[] {
  return [...unique].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0)).slice(0, TELLING_WORDS);
}

function addTo(map: Map<string, Set<QuoteReading>>, word: string, q: QuoteReading): void {
  const set = map.get(word);
  if (set) set.add(q);
  else map.set(word, new Set([q]));
}

/** Counterparts of every quote of a scope, by annotation key (built anew). */
export function quoteCounterparts(quotes: readonly QuoteReading[], threshold = QUOTE_MATCH_THRESHOLD): Map<string, Counterpart[]> {
  const index = new QuoteIndex(threshold);
  index.update(quotes);
  return index.counterparts();
}

function speakerName(key: string | undefined, dossier: Dossier | undefined): string {
  if (!key) return 'no one';
  return dossier?.definitions.entities.get(key)?.label ?? key;
}

export function quoteFindings(quotes: readonly QuoteReading[], dossier: Dossier | undefined, counterparts = quoteCounterparts(quotes)): Finding[] {
  const out: Finding[] = [];
  for (const q of quotes) {
    const cps = counterparts.get(annotationKey(q)) ?? [];
    const text = q.annotation.fields.text;
    if (!cps.length || !text) continue;
    // Misattributed: a counterpart gives the words to someone else. When the
    // dossier names the quote's speaker, only the sources that differ from it
    // are flagged.
    const official = q.quoteKey ? dossier?.definitions.quotes.get(q.quoteKey)?.speaker : undefined;
    // A speaker the dossier does not define is already an unknown-key error: it attributes nothing.
    const known = (key: string | undefined) => key !== undefined && (!dossier || dossier.definitions.entities.has(key));
    const others = known(q.speaker) ? cps.filter((c) => known(c.other.speaker) && c.other.speaker !== q.speaker) : [];
    const flagged = official ? q.speaker !== undefined && q.speaker !== official && others.length > 0 : others.length > 0;
    if (flagged) {
      out.push({
        uri: q.companion.uri,
        span: (q.annotation.fields.speaker ?? text).node,
        code: 'quote-misattributed',
        message: `This quote is attributed here to ${speakerName(q.speaker, dossier)}, but to ${listing(others.map((c) => `${speakerName(c.other.speaker, dossier)} by ${c.other.outlet}`))}.`,
        related: firstFew(others).map((c) => relatedTo(c.other, `${c.other.outlet}: ${speakerName(c.other.speaker, dossier)}`)),
        annotation: q.annotation.index,
        data: { speaker: q.speaker, others: [...new Set(others.map((c) => c.other.speaker))] },
      });
    }
    const divergent = cps.filter((c) => !c.identical && !c.fragment);
    if (divergent.length) {
      out.push({
        uri: q.companion.uri,
        span: text.node,
        code: 'quote-divergent',
        message: `${listing(divergent.map((c) => c.other.outlet))} ${divergent.length === 1 ? 'words' : 'word'} this quote differently (${firstFew(divergent).map((c) => `${Math.round(c.score * 100)}% alike`).join(', ')}${divergent.length > firstFew(divergent).length ? ', …' : ''}); hover to see the differences.`,
        related: firstFew(divergent).map((c) => relatedTo(c.other, `${c.other.outlet}: “${c.other.words}”`)),
        annotation: q.annotation.index,
      });
    }
  }
  return out;
}
