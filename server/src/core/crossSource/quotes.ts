/**
 * Quote counterparts across sources, `quote-misattributed` and
 * `quote-divergent`. Counterparts share a dossier `quote` key, or, where
 * neither has a key, their words match above QUOTE_MATCH_THRESHOLD
 * (analysis/quotes). Candidate pairs come from an inverted index of words,
 * so a scope of thousands of quotes is not compared pair by pair.
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

/** Words too common to propose a pair on their own. */
const MAX_POSTING = 200;

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
export function quoteCounterparts(quotes: readonly QuoteReading[], threshold = QUOTE_MATCH_THRESHOLD): Map<string, Counterpart[]> {
  const words = quotes.map((q) => wordsOf(q.words));
  const postings = new Map<string, number[]>();
  words.forEach((ws, i) => {
    for (const w of new Set(ws)) {
      const list = postings.get(w) ?? [];
      list.push(i);
      postings.set(w, list);
    }
  });
  const candidates = new Set<string>();
  const add = (i: number, j: number) => candidates.add(i < j ? `${i},${j}` : `${j},${i}`);
  // Shared keys.
  const byKey = new Map<string, number[]>();
  quotes.forEach((q, i) => {
    if (!q.quoteKey) return;
    const list = byKey.get(q.quoteKey) ?? [];
    list.push(i);
    byKey.set(q.quoteKey, list);
  });
  for (const list of byKey.values()) for (const i of list) for (const j of list) if (i < j) add(i, j);
  // Shared words: pairs sharing at least two distinct, not too common words.
  const shared = new Map<string, number>();
  for (const list of postings.values()) {
    if (list.length > MAX_POSTING) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const k = `${list[a]},${list[b]}`;
        const n = (shared.get(k) ?? 0) + 1;
        shared.set(k, n);
        if (n === 2) candidates.add(k);
      }
    }
  }

  const out = new Map<string, Counterpart[]>();
  const push = (q: QuoteReading, c: Counterpart) => {
    const k = annotationKey(q);
    const list = out.get(k) ?? [];
    list.push(c);
    out.set(k, list);
  };
  for (const pair of candidates) {
    const [i, j] = pair.split(',').map(Number);
    const a = quotes[i];
    const b = quotes[j];
    if (a.companion.uri === b.companion.uri) continue; // counterparts are in other sources
    const keyed = a.quoteKey !== undefined && a.quoteKey === b.quoteKey;
    // A key is authoritative: a keyed quote's counterparts are those with the same key.
    if (!keyed && (a.quoteKey !== undefined || b.quoteKey !== undefined)) continue;
    const sim = similarity(a.words, b.words);
    if (!keyed && sim.score < threshold) continue;
    const identical = words[i].join(' ') === words[j].join(' ');
    push(a, { other: b, score: sim.score, fragment: sim.fragment, byKey: keyed, identical });
    push(b, { other: a, score: sim.score, fragment: sim.fragment, byKey: keyed, identical });
  }
  return out;
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
