/**
 * Comparing two outlets' versions of a quotation: word normalisation, a
 * similarity score for deciding whether two quotes are counterparts, and a
 * word-level diff for showing how they differ.
 *
 * Pure and total. Scores measured on examples are listed in docs/analysis.md.
 */
import { diffArrays, diffWords } from 'diff';

/**
 * Two quotes whose `quoteSimilarity` score reaches this are taken as
 * versions of the same quotation (a fragment counts whatever its score).
 * Chosen from the measured scores in test/unit/analysis-quotes.test.ts:
 * paraphrases and translation-like rewordings score 0.457–0.808, unrelated
 * quotes on the same story at most 0.281.
 */
export const QUOTE_MATCH_THRESHOLD = 0.4;

/** A fragment has at most this share of the longer quote's words (else it is a variant). */
const FRAGMENT_MAX_RATIO = 0.8;

/** Quotes longer than this (in words) are compared by bags of words only. */
const MAX_ORDERED_WORDS = 2000;

/**
 * The words of a text for comparison: lower case, typographic quotes and
 * apostrophes made plain and then dropped inside words ("won’t" → "wont"),
 * other punctuation treated as space, digit groups joined ("1,000" → "1000",
 * "1.5" stays). Letters of any script and numbers are kept.
 */
export function normaliseWords(text: string): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const plain = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u02bc\u2032`´]/g, "'")
    .replace(/(\p{L})'(?=\p{L})/gu, '$1')
    .replace(/(\d)[,\u00a0\u2009\u202f](?=\d{3}(?!\d))/g, '$1');
  return plain.match(/\p{N}+(?:\.\p{N}+)?|[\p{L}\p{M}]+/gu) ?? [];
}

/**
 * Function words: they carry grammar more than content and change most
 * between a quote and its paraphrase or translation.
 */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for from with as into onto about over under than ' +
    'this that these those there here it its it’s is are was were be been being am do does did done have has had ' +
    'will would shall should can could may might must not no nor wont dont didnt doesnt isnt arent wasnt werent ' +
    'cant couldnt wouldnt shouldnt i me my we us our you your he him his she her they them their what which who ' +
    'whom whose when where why how all any each some such only own just very too also up out off again once ' +
    'going gonna get got let lets im weve were youre theyre hes shes thats'
  ).split(' '),
);

/** A light stem so "pays"/"paid"/"paying" and "workers"/"worker" meet: strip common endings. */
function stem(word: string): string {
  if (word.length <= 4 || /^\d/.test(word)) return word;
  const rules: Array<[RegExp, string]> = [
    [/ies$/, 'y'],
    [/ied$/, 'y'],
    [/aid$/, 'ay'],
    [/(ss)es$/, '$1'],
    [/([^s])s$/, '$1'],
    [/ing$/, ''],
    [/ed$/, ''],
    [/ly$/, ''],
  ];
  for (const [re, rep] of rules) {
    if (re.test(word)) {
      const out = word.replace(re, rep);
      return out.length >= 3 ? out : word;
    }
  }
  return word;
}

export interface QuoteSimilarity {
  /** 0..1: 1 for the same words in the same order, near 0 for unrelated quotes. */
  readonly score: number;
  /** True when the shorter quote is (nearly) a contiguous part of the longer one. */
  readonly fragment: boolean;
}

/**
 * How alike two quotes are, on normalised words.
 *
 * - order: 2·LCS / (|a| + |b|), the longest common subsequence of words;
 * - content: Dice overlap of the stemmed content words (function words
 *   removed), as multisets: survives reordering and changed grammar words;
 * - score = the mean of the two; for a fragment, at least
 *   0.75 + 0.25·(|short| / |long|), so a quoted part of a longer quote
 *   scores high whatever its length.
 *
 * A fragment: the shorter quote has at least 3 words, one of them a
 * content word, and at most 80% as many words as the longer one; at least 90% of its words appear in order in the longer
 * one, in a stretch no longer than 1.5 × its length + 1.
 */
export function quoteSimilarity(a: string, b: string): QuoteSimilarity {
  const wa = normaliseWords(a);
  const wb = normaliseWords(b);
  if (wa.length === 0 || wb.length === 0) return { score: 0, fragment: false };
  if (wa.length === wb.length && wa.every((w, i) => w === wb[i])) return { score: 1, fragment: false };

  const content = contentDice(wa, wb);
  if (wa.length > MAX_ORDERED_WORDS || wb.length > MAX_ORDERED_WORDS) {
    return { score: round(content), fragment: false };
  }
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  const common = commonRun(short, long);
  const order = (2 * common.matched) / (wa.length + wb.length);
  let score = (order + content) / 2;
  const fragment =
    mayBeFragment(short.length, long.length) &&
    short.some((w) => !FUNCTION_WORDS.has(w)) &&
    common.matched >= 0.9 * short.length &&
    common.spread <= 1.5 * short.length + 1;
  if (fragment) score = Math.max(score, 0.75 + (0.25 * short.length) / long.length);
  return { score: round(Math.min(1, Math.max(0, score))), fragment };
}

/**
 * False when quotes of these lengths (in normalised words) can never be a
 * fragment and its whole, whatever their words: the short one has fewer than
 * 3 words or more than FRAGMENT_MAX_RATIO of the long one's, or the long one
 * is compared by bags of words. Lets callers skip comparing them.
 */
export function mayBeFragment(a: number, b: number): boolean {
  const short = Math.min(a, b);
  const long = Math.max(a, b);
  return short >= 3 && short <= FRAGMENT_MAX_RATIO * long && long <= MAX_ORDERED_WORDS;
}

/** Words of `short` matched in order in `long`, and how wide a stretch of `long` they cover. */
function commonRun(short: string[], long: string[]): { matched: number; spread: number } {
  let matched = 0;
  let first = -1;
  let last = -1;
  let pos = 0;
  for (const part of diffArrays(short, long)) {
    const n = part.count ?? part.value.length;
    if (part.removed) continue;
    if (!part.added) {
      matched += n;
      if (first < 0) first = pos;
      last = pos + n - 1;
    }
    pos += n;
  }
  return { matched, spread: first < 0 ? 0 : last - first + 1 };
}

function contentDice(wa: string[], wb: string[]): number {
  const bag = (ws: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const w of ws) {
      if (FUNCTION_WORDS.has(w)) continue;
      const s = stem(w);
      m.set(s, (m.get(s) ?? 0) + 1);
    }
    return m;
  };
  const ba = bag(wa);
  const bb = bag(wb);
  let size = 0;
  let shared = 0;
  for (const n of ba.values()) size += n;
  for (const n of bb.values()) size += n;
  for (const [w, n] of ba) shared += Math.min(n, bb.get(w) ?? 0);
  return size === 0 ? 0 : (2 * shared) / size;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export type WordDiffOp = 'same' | 'added' | 'removed';
export interface WordDiffPart {
  readonly op: WordDiffOp;
  readonly text: string;
}

/**
 * How quote `b` differs from quote `a`, word by word (the `diff` package's
 * `diffWords`, ignoring case). Typographic quotes and apostrophes are made
 * plain first so "won’t" and "won't" do not show as a change. Adjacent parts
 * of the same kind are merged; 'same' parts carry `b`'s text (its case and
 * spacing), so joining the non-removed parts gives `b` back exactly.
 */
export function wordDiff(a: string, b: string): Array<{ op: WordDiffOp; text: string }> {
  const clean = (s: unknown): string =>
    typeof s === 'string' ? s.replace(/[\u2018\u2019\u201b\u02bc]/g, "'").replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"') : '';
  const out: Array<{ op: WordDiffOp; text: string }> = [];
  for (const part of diffWords(clean(a), clean(b), { ignoreCase: true })) {
    const op: WordDiffOp = part.added ? 'added' : part.removed ? 'removed' : 'same';
    if (part.value === '') continue;
    const prev = out[out.length - 1];
    if (prev && prev.op === op) prev.text += part.value;
    else out.push({ op, text: part.value });
  }
  return out;
}
