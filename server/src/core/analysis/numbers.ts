/**
 * Reading a figure span as written ("nearly $59bn", "between 10,000 and
 * 12,000 workers", "50km (30 miles)") into a number, a qualifier, a unit and
 * the rounding the writer implied.
 *
 * Pure and total: `parseFigure` returns undefined for anything it cannot
 * read and never throws. The rules are described in docs/analysis.md.
 */
import type { Approx } from '../model';
import { remembered } from './memo';
import { conversionSlope, convert, isCurrency, knownUnit, normaliseUnit, roundFloat, singularise } from './units';

export { convert, normaliseUnit } from './units';

/** One reading of a number: a value or range with its qualifier, unit and rounding. */
export interface FigureReading {
  /** The number; for a range (or a vague amount), the midpoint of low and high. */
  readonly value: number;
  /** For ranges and vague amounts ("hundreds"): the bounds as written. */
  readonly low?: number;
  readonly high?: number;
  readonly approx: Approx;
  /** Canonical unit: 'km', 'mile', '%', 'USD', 'year', or an unknown noun singularised ('worker'). */
  readonly unit?: string;
  /** ISO 4217 code when the figure is money (then `unit` is the same code). */
  readonly currency?: string;
  /**
   * The rounding unit the number implies as written: 1 for "654,430", 100
   * for "8,200", 1000 for "10,000", 1e9 for "$59bn", 0.1 for "1.5".
   */
  readonly precision: number;
}

export interface ParsedFigure extends FigureReading {
  /** The multiplier written as a word or suffix ("bn", "million", "k"), if any. */
  readonly scale?: number;
  /** The same figure in other units, written in parentheses: "50km (30 miles)". */
  readonly alternates?: readonly FigureReading[];
  /** True for amounts named only by order of magnitude: "hundreds of", "dozens", "tens of thousands". */
  readonly vague?: boolean;
  /** The text as given. */
  readonly raw: string;
}

/** Longest text `parseFigure` reads; a figure span is a few words. */
const MAX_FIGURE_LENGTH = 400;

/**
 * Reads a figure span. Returns undefined when the text holds no number.
 * Only the first number (or range) is read; a parenthesised part after it
 * becomes `alternates` when it is a figure itself.
 */
export function parseFigure(text: string): ParsedFigure | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_FIGURE_LENGTH) return undefined;
  return parseRemembered(text);
}

/** Every check of a companion reads its figures again (its own findings, the cross-source readings): remember them. */
const parseRemembered = remembered(10_000, (text: string) => text, parseUncached);

function parseUncached(text: string): ParsedFigure | undefined {
  const prepared = prepare(text);
  const { main, inner } = splitParenthesis(prepared);
  const reading = readFigure(main);
  if (!reading) return undefined;
  const alternates: FigureReading[] = [];
  for (const part of inner) {
    const alt = readFigure(part);
    if (alt) alternates.push(stripExtras(alt));
  }
  // Copied key by key rather than by rest and spread: a hot spread gives
  // every result a hidden class of its own, and parsed figures are kept with
  // their readings. Same keys, same order.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(reading) as Array<keyof Reading>) if (key !== 'scale' && key !== 'vague') out[key] = reading[key];
  if (reading.scale !== undefined) out.scale = reading.scale;
  if (reading.vague) out.vague = true;
  if (alternates.length > 0) out.alternates = alternates;
  out.raw = text;
  return out as unknown as ParsedFigure;
}

function stripExtras(f: Reading): FigureReading {
  const { scale: _scale, vague: _vague, ...rest } = f;
  return rest;
}

// ---------------------------------------------------------------------------
// Preparation and tokens

/** Lower-cases, unifies dashes and spaces, and joins digit groups split by (thin) spaces. */
function prepare(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[\u2010-\u2015\u2212\ufe63\uff0d]/g, '-')
      // thousands grouped with no-break, figure, thin or narrow no-break spaces
      .replace(/(\d)[\u00a0\u2007\u2009\u202f](?=\d{3}(?!\d))/g, '$1')
      .replace(/[\u00a0\u2007\u2009\u202f\t\r\n]/g, ' ')
      // "654 430": plain spaces between whole groups of three digits
      .replace(/(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]|\s*\d)/g, (m) => m.replace(/ /g, ''))
  );
}

/** Splits "50km (30 miles) long" into main "50km  long" and inner ["30 miles"]. */
function splitParenthesis(s: string): { main: string; inner: string[] } {
  const inner: string[] = [];
  const main = s.replace(/[([]([^()[\]]*)[)\]]/g, (_m, content: string) => {
    inner.push(content);
    return ' ';
  });
  return { main, inner };
}

type TokenKind = 'num' | 'word' | 'sym';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** For num: digits before the decimal point (no separators). */
  readonly int?: string;
  /** For num: digits after the decimal point. */
  readonly frac?: string;
}

const TOKEN_PATTERN =
  /(\d{1,3}(?:\.\d{3}){2,}(?![\d.]))|(\d+,\d{1,2}(?![\d,]))|(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)|([\p{L}\p{M}]+)|(\S)/gu;

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  for (const m of s.matchAll(TOKEN_PATTERN)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      tokens.push({ kind: 'num', text: m[0], start, end, int: m[1].replace(/\./g, ''), frac: '' });
    } else if (m[2] !== undefined) {
      const [i, f] = m[2].split(',');
      tokens.push({ kind: 'num', text: m[0], start, end, int: i, frac: f });
    } else if (m[3] !== undefined) {
      const [i, f = ''] = m[3].replace(/,/g, '').split('.');
      tokens.push({ kind: 'num', text: m[0], start, end, int: i === '' ? '0' : i, frac: f });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: 'word', text: m[0], start, end });
    } else {
      tokens.push({ kind: 'sym', text: m[0], start, end });
    }
  }
  return tokens;
}

const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t !== undefined && t.kind === 'word' && (words.length === 0 || words.includes(t.text));
const isSym = (t: Token | undefined, ...syms: string[]): boolean =>
  t !== undefined && t.kind === 'sym' && syms.includes(t.text);
/** True when token b follows token a with no space between them. */
const attached = (a: Token | undefined, b: Token | undefined): boolean => a !== undefined && b !== undefined && a.end === b.start;

// ---------------------------------------------------------------------------
// Precision

/**
 * The rounding unit of a number written with these digits.
 *
 * - Decimals: one unit of the last decimal written ("1.5" → 0.1, "1.50" → 0.01).
 * - Integers: trailing zeros count as rounding, but at least two significant
 *   digits are assumed ("10,000" → 1000, "8,000" → 100, "8,200" → 100,
 *   "654,000" → 1000, "12,340,000" → 10,000).
 * - A single trailing zero after four or more significant digits is taken as
 *   a real digit ("654,430" → 1): nobody rounds to the nearest ten that late.
 */
export function literalPrecision(intDigits: string, fracDigits = ''): number {
  if (fracDigits.length > 0) return Number(`1e-${fracDigits.length}`);
  const digits = intDigits.replace(/^0+/, '');
  if (digits === '') return 1;
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  const significant = digits.length - trailing;
  if (trailing === 1 && significant >= 4) return 1;
  return Number(`1e${Math.max(0, Math.min(trailing, digits.length - 2))}`);
}

/** The precision rule applied to a value that was written in words ("two hundred" reads as "200"). */
function valuePrecision(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 1;
  const text = Math.abs(value).toString();
  if (/e/i.test(text)) return 1;
  const [i, f = ''] = text.split('.');
  return literalPrecision(i, f);
}

/** Multiplies a decimal literal by 10^k without floating-point noise. */
function scaleLiteral(literal: string, exponent: number): number {
  return Number(`${literal}e${exponent}`);
}

// ---------------------------------------------------------------------------
// Words

const SMALL_NUMBERS: ReadonlyMap<string, number> = new Map(
  [
    'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
  ].map((w, i): [string, number] => [w, i]),
);
const TENS: ReadonlyMap<string, number> = new Map(
  ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i): [string, number] => [
    w,
    (i + 2) * 10,
  ]),
);
/** Scale words and suffixes → power of ten. "m", "b", "t" are decided in context (see `scaleAt`). */
const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['thousand', 3], ['k', 3], ['lakh', 5], ['million', 6], ['mn', 6], ['mln', 6], ['crore', 7],
  ['billion', 9], ['bn', 9], ['bln', 9], ['trillion', 12], ['tn', 12], ['trn', 12],
]);
/** Plural words naming an order of magnitude: "hundreds of", "dozens of". */
const VAGUE_PLURALS: ReadonlyMap<string, number> = new Map([
  ['dozens', 12], ['scores', 20], ['tens', 10], ['hundreds', 100], ['thousands', 1e3],
  ['millions', 1e6], ['billions', 1e9], ['trillions', 1e12],
]);
/** "several hundred", "a few thousand": [low, high] multiples of the unit. */
const VAGUE_MULTIPLIERS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['several', [3, 9]],
  ['few', [2, 5]],
]);
const SINGULAR_MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['dozen', 12], ['score', 20], ['hundred', 100], ['thousand', 1e3], ['million', 1e6], ['billion', 1e9], ['trillion', 1e12],
]);

interface Quantity {
  /** Index of the first token after the quantity. */
  readonly next: number;
  readonly value: number;
  /** Unscaled literal for digits ("1.2" in "1.2bn"); undefined for word numbers. */
  readonly literal?: { readonly int: string; readonly frac: string };
  readonly precision: number;
  readonly scale?: number;
  readonly currency?: string;
  readonly vague?: { readonly low: number; readonly high: number };
  /** "a dozen" is used loosely; read as about 12. */
  readonly loose?: boolean;
}

/** Below one hundred in words: "seven", "twenty", "twenty-five", "twenty five". */
function readBelowHundred(t: Token[], i: number): { value: number; next: number } | undefined {
  const w = t[i];
  if (!isWord(w)) return undefined;
  const small = SMALL_NUMBERS.get(w.text);
  if (small !== undefined) return { value: small, next: i + 1 };
  const tens = TENS.get(w.text);
  if (tens === undefined) return undefined;
  const j = isSym(t[i + 1], '-') ? i + 2 : i + 1;
  const unit = isWord(t[j]) ? SMALL_NUMBERS.get(t[j].text) : undefined;
  if (unit !== undefined && unit > 0 && unit < 10) return { value: tens + unit, next: j + 1 };
  return { value: tens, next: i + 1 };
}

/** Below one thousand in words: "two hundred and twelve", "a hundred", "ninety". */
function readBelowThousand(t: Token[], i: number): { value: number; next: number } | undefined {
  let head = readBelowHundred(t, i);
  if (!head && isWord(t[i], 'a', 'an') && isWord(t[i + 1], 'hundred')) head = { value: 1, next: i + 1 };
  if (!head) return undefined;
  if (!isWord(t[head.next], 'hundred')) return head;
  let value = head.value * 100;
  let next = head.next + 1;
  const andAt = isWord(t[next], 'and') ? next + 1 : next;
  const rest = readBelowHundred(t, andAt);
  if (rest) {
    value += rest.value;
    next = rest.next;
  }
  return { value, next };
}

/**
 * A whole number in words, with scale words: "six", "a dozen", "three million",
 * "two thousand five hundred", "half a million", "a thousand".
 */
function readWordNumber(t: Token[], i: number): Quantity | undefined {
  // "a dozen", "half a dozen"
  if (isWord(t[i], 'half') && isWord(t[i + 1], 'a', 'an')) {
    const mag = isWord(t[i + 2]) ? SINGULAR_MAGNITUDES.get(t[i + 2].text) : undefined;
    if (mag !== undefined) {
      const value = mag / 2;
      return { next: i + 3, value, precision: mag >= 1000 ? mag / 10 : 1, scale: mag >= 1000 ? mag : undefined, loose: mag === 12 };
    }
  }
  if (isWord(t[i], 'a', 'an', 'one') && isWord(t[i + 1], 'dozen')) {
    return { next: i + 2, value: 12, precision: 1, loose: t[i].text !== 'one' };
  }
  let total = 0;
  let group: { value: number; next: number } | undefined = readBelowThousand(t, i);
  if (!group && isWord(t[i], 'a', 'an') && isWord(t[i + 1]) && SCALE_WORDS.has(t[i + 1].text) && t[i + 1].text.length > 3) {
    group = { value: 1, next: i + 1 };
  }
  if (!group) return undefined;
  let next = group.next;
  let lastScale: number | undefined;
  let lastGroup = group.value;
  for (;;) {
    const w = t[next];
    const exp = isWord(w) && w.text.length > 3 ? SCALE_WORDS.get(w.text) : undefined; // spelled-out scales only
    if (exp === undefined) {
      total += group.value;
      lastScale = undefined;
      lastGroup = group.value;
      break;
    }
    total += scaleLiteral(String(group.value), exp);
    lastScale = 10 ** exp;
    lastGroup = group.value;
    next += 1;
    const more = readBelowThousand(t, isWord(t[next], 'and') ? next + 1 : next);
    if (!more) break;
    group = more;
    next = more.next;
  }
  if (lastScale !== undefined) {
    return { next, value: total, precision: valuePrecision(lastGroup) * lastScale, scale: lastScale };
  }
  return { next, value: total, precision: valuePrecision(total) };
}

/** "hundreds of", "tens of thousands", "several hundred", "a few dozen", "dozens". */
function readVague(t: Token[], i: number): Quantity | undefined {
  const w = t[i];
  if (!isWord(w)) return undefined;
  let j = i;
  if (w.text === 'a' && isWord(t[i + 1], 'few')) j = i + 1;
  const multiplier = VAGUE_MULTIPLIERS.get(t[j].text);
  if (multiplier && isWord(t[j + 1])) {
    const mag = SINGULAR_MAGNITUDES.get(t[j + 1].text);
    if (mag === undefined) return undefined;
    const low = multiplier[0] * mag;
    const high = multiplier[1] * mag;
    return { next: j + 2, value: (low + high) / 2, precision: mag, vague: { low, high } };
  }
  const unit = VAGUE_PLURALS.get(w.text);
  if (unit === undefined) return undefined;
  let mag = unit;
  let next = i + 1;
  // "tens of thousands", "hundreds of millions"
  if (isWord(t[next], 'of') && isWord(t[next + 1])) {
    const outer = VAGUE_PLURALS.get(t[next + 1].text);
    if (outer !== undefined && outer >= 1000) {
      mag = unit * outer;
      next += 2;
    }
  }
  if (w.text === 'tens' && mag === unit) return undefined; // "tens" alone is not an amount
  const low = 2 * mag;
  const high = 10 * mag;
  return { next, value: (low + high) / 2, precision: mag, vague: { low, high } };
}

const CURRENCY_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'], ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'], ['₹', 'INR'], ['₽', 'RUB'], ['₩', 'KRW'],
]);
/** Letters written before "$": "US$", "A$", "HK$". */
const DOLLAR_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['us', 'USD'], ['a', 'AUD'], ['au', 'AUD'], ['c', 'CAD'], ['ca', 'CAD'], ['hk', 'HKD'], ['nz', 'NZD'], ['s', 'SGD'],
]);

/** A currency written before the number: "$", "US$", "€", "USD ", "Rs". Returns [code, tokens used]. */
function currencyBefore(t: Token[], i: number): [string, number] | undefined {
  const a = t[i];
  if (!a) return undefined;
  if (a.kind === 'word' && isSym(t[i + 1], '$') && attached(a, t[i + 1])) {
    const code = DOLLAR_PREFIXES.get(a.text);
    if (code) return [code, 2];
  }
  if (a.kind === 'word' && a.text === 'cn' && isSym(t[i + 1], '¥')) return ['CNY', 2];
  if (a.kind === 'sym') {
    const code = CURRENCY_SYMBOLS.get(a.text);
    if (code) return [code, 1];
  }
  if (a.kind === 'word' && (t[i + 1]?.kind === 'num' || isWord(t[i + 1]))) {
    const unit = knownUnit(a.text);
    if (unit !== undefined && isCurrency(unit) && a.text.length >= 2 && a.text !== 'won') return [unit, 1];
  }
  return undefined;
}

/**
 * The power of ten of a scale word or suffix at t[i], if it is one there.
 * "m" is million after a currency or before another word ("3m people"),
 * otherwise metres; "b" is billion; "t" is trillion only after a currency
 * (otherwise tonnes).
 */
function scaleAt(t: Token[], i: number, currency: string | undefined): number | undefined {
  const w = t[i];
  if (!isWord(w)) return undefined;
  const exp = SCALE_WORDS.get(w.text);
  if (exp !== undefined) return exp;
  if (w.text === 'b') return 9;
  if (w.text === 't') return currency ? 12 : undefined;
  if (w.text === 'm') {
    if (currency) return 6;
    // "3m people", "3m barrels", "3m euros" are millions; "50m", "a 50m wall" are metres
    const after = t[i + 1];
    if (isWord(after) && (isCurrency(knownUnit(after.text)) || looksPlural(after.text))) return 6;
  }
  return undefined;
}

/** A plural noun, roughly: "people", "workers" (not "glass", "bus"). */
function looksPlural(word: string): boolean {
  return singularise(word) !== word;
}

/** A number with what is written around it: currency, sign, digits or words, scale. */
function readQuantity(t: Token[], i: number, currencyHint?: string): Quantity | undefined {
  let j = i;
  let currency: string | undefined;
  const cur = currencyBefore(t, j);
  if (cur) {
    currency = cur[0];
    j += cur[1];
  }
  let sign = 1;
  if (isSym(t[j], '-', '+') && t[j + 1]?.kind === 'num' && attached(t[j], t[j + 1]) && !attached(t[j - 1], t[j])) {
    if (t[j].text === '-') sign = -1;
    j += 1;
  }
  const tok = t[j];
  if (tok === undefined) return undefined;
  if (tok.kind === 'num') {
    const int = tok.int ?? '0';
    const frac = tok.frac ?? '';
    const literal = frac ? `${int}.${frac}` : int;
    let next = j + 1;
    // a currency symbol written after the number: "5€"
    if (!currency && t[next]?.kind === 'sym' && CURRENCY_SYMBOLS.has(t[next].text)) {
      currency = CURRENCY_SYMBOLS.get(t[next].text);
      next += 1;
    }
    const exp = scaleAt(t, next, currency ?? currencyHint);
    const base = literalPrecision(int, frac);
    if (exp !== undefined) {
      const value = sign * scaleLiteral(literal, exp);
      return {
        next: next + 1, value, literal: { int, frac }, precision: scaleLiteral(String(base), exp), scale: 10 ** exp, currency,
      };
    }
    return { next, value: sign * Number(literal), literal: { int, frac }, precision: base, currency };
  }
  if (tok.kind !== 'word') return undefined;
  const words = readWordNumber(t, j) ?? readVague(t, j);
  if (!words) return undefined;
  // "three million", "several hundred thousand": a spelled scale word after words
  const exp = words.scale === undefined ? scaleAt(t, words.next, currency ?? currencyHint) : undefined;
  if (exp !== undefined && (exp >= 3 || words.vague)) {
    const k = 10 ** exp;
    return {
      ...words,
      next: words.next + 1,
      value: words.value * k,
      precision: words.precision * k,
      scale: k,
      currency,
      vague: words.vague ? { low: words.vague.low * k, high: words.vague.high * k } : undefined,
    };
  }
  return { ...words, currency };
}

// ---------------------------------------------------------------------------
// Qualifiers

/** Phrases before a number, longest first where one contains another. */
const PREFIX_QUALIFIERS: ReadonlyArray<readonly [string, Approx]> = [
  ['in the region of', 'about'],
  ['in the order of', 'about'],
  ['of the order of', 'about'],
  ['more or less', 'about'],
  ['an estimated', 'about'],
  ['approximately', 'about'],
  ['estimated', 'about'],
  ['approx', 'about'],
  ['roughly', 'about'],
  ['around', 'about'],
  ['about', 'about'],
  ['circa', 'about'],
  ['some', 'about'],
  ['ca', 'about'],
  ['just shy of', 'nearly'],
  ['just under', 'nearly'],
  ['not quite', 'nearly'],
  ['close to', 'nearly'],
  ['nearly', 'nearly'],
  ['almost', 'nearly'],
  ['no fewer than', 'at-least'],
  ['no less than', 'at-least'],
  ['a minimum of', 'at-least'],
  ['at least', 'at-least'],
  ['no more than', 'up-to'],
  ['a maximum of', 'up-to'],
  ['as many as', 'up-to'],
  ['as much as', 'up-to'],
  ['as high as', 'up-to'],
  ['at most', 'up-to'],
  ['up to', 'up-to'],
  ['in excess of', 'over'],
  ['greater than', 'over'],
  ['upwards of', 'over'],
  ['more than', 'over'],
  ['just over', 'over'],
  ['well over', 'over'],
  ['above', 'over'],
  ['over', 'over'],
  ['fewer than', 'under'],
  ['less than', 'under'],
  ['below', 'under'],
  ['under', 'under'],
];
const PREFIX_SYMBOLS: ReadonlyMap<string, Approx> = new Map([
  ['~', 'about'], ['≈', 'about'], ['>', 'over'], ['≥', 'at-least'], ['<', 'under'], ['≤', 'up-to'],
]);
/** Phrases after the number (or after its unit). */
const SUFFIX_QUALIFIERS: ReadonlyArray<readonly [string, Approx]> = [
  ['or more', 'at-least'],
  ['and more', 'at-least'],
  ['or above', 'at-least'],
  ['or over', 'at-least'],
  ['or fewer', 'up-to'],
  ['or less', 'up-to'],
  ['or under', 'up-to'],
  ['or so', 'about'],
  ['odd', 'about'],
  ['plus', 'over'],
];

/** Index of the phrase's last word when `words` (lower case) start at t[i]. */
function matchPhrase(t: Token[], i: number, phrase: string): number | undefined {
  const parts = phrase.split(' ');
  let j = i;
  for (const p of parts) {
    if (!isWord(t[j], p)) return undefined;
    j += 1;
  }
  return j;
}

/** The qualifier written before the number at `end` (the last one, closest to the number). */
function prefixQualifier(t: Token[], end: number): Approx | undefined {
  let found: Approx | undefined;
  for (let i = 0; i < end; ) {
    const tok = t[i];
    if (tok.kind === 'sym' && PREFIX_SYMBOLS.has(tok.text)) {
      found = PREFIX_SYMBOLS.get(tok.text);
      i += 1;
      continue;
    }
    if (isWord(tok, 'c') && isSym(t[i + 1], '.')) {
      found = 'about';
      i += 2;
      continue;
    }
    let matched = false;
    for (const [phrase, approx] of PREFIX_QUALIFIERS) {
      const j = matchPhrase(t, i, phrase);
      if (j !== undefined && j <= end) {
        found = approx;
        i = j;
        matched = true;
        break;
      }
    }
    if (!matched) i += 1;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Units after the number

/** Words that end the noun phrase after a number. */
const STOP_WORDS = new Set([
  'in', 'at', 'on', 'for', 'from', 'to', 'by', 'with', 'who', 'that', 'which', 'and', 'or', 'were', 'was',
  'are', 'is', 'be', 'been', 'have', 'had', 'has', 'than', 'the', 'a', 'an', 'their', 'his', 'her', 'its',
  'our', 'your', 'my', 'said', 'say', 'says', 'according', 'as', 'but', 'this', 'these', 'those', 'each',
  'per', 'last', 'this', 'since', 'after', 'before', 'during', 'while', 'when', 'if', 'up', 'down', 'more',
  'less', 'fewer', 'will', 'would', 'could', 'may', 'might', 'can', 'not',
]);

interface UnitReading {
  readonly unit?: string;
  readonly currency?: string;
  readonly approx?: Approx;
}

/** Tries the known units spelled by up to four tokens from t[i]; returns [canonical, next index]. */
function knownUnitAt(t: Token[], i: number, numberEnd: Token | undefined): [string, number] | undefined {
  for (let n = 4; n >= 1; n--) {
    const slice = t.slice(i, i + n);
    if (slice.length < n) continue;
    let spelled = '';
    let ok = true;
    for (let k = 0; k < slice.length; k++) {
      const tok = slice[k];
      if (tok.kind === 'num') {
        // only a trailing power digit: "km2"
        if (!(k > 0 && attached(slice[k - 1], tok) && tok.text === '2')) ok = false;
        spelled += tok.text;
      } else if (tok.kind === 'sym') {
        if (!['/', '°', 'º', '²', '%', '$'].includes(tok.text)) ok = false;
        spelled += tok.text;
      } else {
        spelled += (k > 0 && !attached(slice[k - 1], tok) ? ' ' : '') + tok.text;
      }
    }
    if (!ok) continue;
    const unit = knownUnit(spelled);
    if (unit === undefined) continue;
    // single letters are units only when attached to the number: "50m", "40c", "2l"
    if (n === 1 && /^[a-z]$/.test(spelled) && !attached(numberEnd, slice[0])) continue;
    if (n === 1 && spelled === 'm' && !attached(numberEnd, slice[0])) continue;
    return [unit, i + n];
  }
  const one = t[i];
  if (isWord(one) && /^[mcfl]$/.test(one.text) && attached(numberEnd, one)) {
    const unit = ({ m: 'm', c: '°C', f: '°F', l: 'litre' } as Record<string, string>)[one.text];
    return [unit, i + 1];
  }
  return undefined;
}

/** Reads the unit and any trailing qualifier after the number that ends at t[i - 1]. */
function readUnit(t: Token[], i: number, scale: number | undefined): UnitReading {
  let j = i;
  let approx: Approx | undefined;
  let unit: string | undefined;
  const numberEnd = t[i - 1];
  // "10,000+" / "40-plus" / "40-odd"
  if (isSym(t[j], '+')) {
    approx = 'over';
    j += 1;
  }
  if (isSym(t[j], '-') && isWord(t[j + 1], 'plus', 'odd')) {
    approx = t[j + 1].text === 'plus' ? 'over' : 'about';
    j += 2;
  }
  // "two-year", "50-km": a hyphenated unit
  if (isSym(t[j], '-') && isWord(t[j + 1]) && attached(t[j], t[j + 1])) {
    const known = knownUnitAt(t, j + 1, undefined);
    unit = known ? known[0] : normaliseUnit(t[j + 1].text);
    j = known ? known[1] : j + 2;
  }
  if (unit === undefined && isSym(t[j], '%')) {
    unit = '%';
    j += 1;
  }
  if (unit === undefined) {
    if (isWord(t[j], 'of')) j += 1; // "hundreds of workers"
    const known = knownUnitAt(t, j, numberEnd);
    if (known) {
      unit = known[0];
      // "5 billion pounds" is money, "5 pounds" is weight
      if (unit === 'lb' && scale !== undefined && scale >= 1e6) unit = 'GBP';
      j = known[1];
    } else {
      const phrase: Token[] = [];
      while (isWord(t[j]) && !STOP_WORDS.has(t[j].text) && !SUFFIX_QUALIFIERS.some(([p]) => matchPhrase(t, j, p) !== undefined)) {
        phrase.push(t[j]);
        j += 1;
      }
      // drop trailing participles: "1,200 people killed" → people
      while (phrase.length > 1 && /(ed|ing)$/.test(phrase[phrase.length - 1].text)) phrase.pop();
      const head = phrase[phrase.length - 1];
      if (head) unit = knownUnit(head.text) ?? normaliseUnit(head.text);
    }
  }
  // trailing qualifiers anywhere in the rest: "10,000 workers or more"
  for (let k = j; k < t.length && approx === undefined; k++) {
    for (const [phrase, a] of SUFFIX_QUALIFIERS) {
      if (matchPhrase(t, k, phrase) !== undefined) {
        approx = a;
        break;
      }
    }
  }
  const currency = unit !== undefined && isCurrency(unit) ? unit : undefined;
  return { unit, currency, approx };
}

// ---------------------------------------------------------------------------
// The whole figure

interface Reading extends FigureReading {
  readonly scale?: number;
  readonly vague?: boolean;
}

function readFigure(s: string): Reading | undefined {
  const t = tokenize(s);
  let start = -1;
  let first: Quantity | undefined;
  for (let i = 0; i < t.length; i++) {
    first = readQuantity(t, i);
    if (first) {
      start = i;
      break;
    }
  }
  if (!first || start < 0) return undefined;
  const between = t.slice(0, start).some((tok) => isWord(tok, 'between', 'from'));
  let approx = prefixQualifier(t, start);

  // a range: "10,000-12,000", "10 to 12", "between 10 and 12"
  let second: Quantity | undefined;
  const sep = t[first.next];
  if (!first.vague && (isSym(sep, '-') || isWord(sep, 'to') || (between && isWord(sep, 'and')))) {
    const q = readQuantity(t, first.next + 1, first.currency);
    if (q && !q.vague) second = q;
  }

  let low: number | undefined;
  let high: number | undefined;
  let value = first.value;
  let precision = first.precision;
  let scale = first.scale;
  let currency = first.currency;
  let end = first.next;
  let vague = false;
  if (second) {
    let lowValue = first.value;
    let lowPrecision = first.precision;
    // "$10-12bn": the scale written once serves both ends
    if (first.scale === undefined && second.scale !== undefined && first.literal && Math.abs(first.value) <= Math.abs(second.value / second.scale)) {
      const exp = Math.round(Math.log10(second.scale));
      const lit = first.literal.frac ? `${first.literal.int}.${first.literal.frac}` : first.literal.int;
      lowValue = Math.sign(first.value) * scaleLiteral(lit, exp);
      lowPrecision = scaleLiteral(String(first.precision), exp);
    }
    low = Math.min(lowValue, second.value);
    high = Math.max(lowValue, second.value);
    value = midpoint(low, high);
    precision = Math.min(lowPrecision, second.precision);
    scale = second.scale ?? first.scale;
    currency = currency ?? second.currency;
    end = second.next;
  } else if (first.vague) {
    low = first.vague.low;
    high = first.vague.high;
    value = midpoint(low, high);
    vague = true;
  }

  const after = readUnit(t, end, scale);
  approx = approx ?? after.approx ?? (first.loose || vague ? 'about' : 'exact');
  let unit = currency ?? after.unit;
  if (currency && after.currency && after.currency !== currency) unit = currency; // "$5 AUD" keeps the symbol's reading
  currency = currency ?? after.currency;
  if (!Number.isFinite(value) || !Number.isFinite(precision) || precision <= 0) return undefined;
  return {
    value,
    ...(low !== undefined && high !== undefined ? { low, high } : {}),
    approx,
    ...(unit ? { unit } : {}),
    ...(currency ? { currency } : {}),
    ...(scale !== undefined ? { scale } : {}),
    precision,
    ...(vague ? { vague } : {}),
  };
}

function midpoint(a: number, b: number): number {
  return Number(((a + b) / 2).toPrecision(15));
}

/** Converts a reading's numbers into another unit (undefined when there is no conversion). */
export function convertReading<T extends FigureReading>(f: T, toUnit: string): T | undefined {
  if (f.unit === undefined) return undefined;
  const target = normaliseUnit(toUnit);
  if (f.unit === target) return f;
  const value = convert(f.value, f.unit, target);
  const slope = conversionSlope(f.unit, target);
  if (value === undefined || slope === undefined) return undefined;
  const low = f.low !== undefined ? convert(f.low, f.unit, target) : undefined;
  const high = f.high !== undefined ? convert(f.high, f.unit, target) : undefined;
  return {
    ...f,
    value,
    ...(low !== undefined ? { low } : {}),
    ...(high !== undefined ? { high } : {}),
    unit: target,
    precision: roundFloat(Math.abs(f.precision * slope)),
  };
}
