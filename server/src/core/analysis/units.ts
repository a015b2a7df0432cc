/**
 * Units: the spellings a figure's unit is written in, their canonical names,
 * and conversions between units that measure the same thing.
 *
 * Pure and total: nothing here throws. Currencies are named (ISO 4217 codes)
 * but never converted: an exchange rate depends on a date and a source, so
 * two figures in different currencies are incomparable.
 */
import { remembered } from './memo';

/** Spellings (lower case) → canonical unit. Multi-word spellings use single spaces. */
const UNIT_ALIASES: ReadonlyMap<string, string> = buildAliases({
  km: ['km', 'kms', 'kilometre', 'kilometres', 'kilometer', 'kilometers'],
  m: ['metre', 'metres', 'meter', 'meters'],
  cm: ['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters'],
  mm: ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters'],
  mile: ['mile', 'miles', 'mi'],
  nmi: ['nautical mile', 'nautical miles', 'nmi'],
  ft: ['ft', 'foot', 'feet'],
  yard: ['yard', 'yards', 'yd', 'yds'],
  inch: ['inch', 'inches'],
  kg: ['kg', 'kgs', 'kilo', 'kilos', 'kilogram', 'kilograms', 'kilogramme', 'kilogrammes'],
  g: ['gram', 'grams', 'gramme', 'grammes'],
  tonne: ['tonne', 'tonnes', 'metric ton', 'metric tons'],
  ton: ['ton', 'tons'],
  lb: ['lb', 'lbs', 'pound', 'pounds'],
  oz: ['oz', 'ounce', 'ounces'],
  km2: ['km2', 'km²', 'sq km', 'square kilometre', 'square kilometres', 'square kilometer', 'square kilometers'],
  m2: ['m2', 'm²', 'sq m', 'square metre', 'square metres', 'square meter', 'square meters'],
  mile2: ['sq mi', 'sq miles', 'square mile', 'square miles'],
  ha: ['ha', 'hectare', 'hectares'],
  acre: ['acre', 'acres'],
  'km/h': ['km/h', 'kph', 'kmh', 'km per hour', 'kilometres per hour', 'kilometers per hour'],
  mph: ['mph', 'miles per hour', 'mile per hour'],
  'm/s': ['m/s', 'metres per second', 'meters per second'],
  '°C': ['°c', 'ºc', 'celsius', 'centigrade', 'degrees celsius', 'degrees c'],
  '°F': ['°f', 'ºf', 'fahrenheit', 'degrees fahrenheit', 'degrees f'],
  litre: ['litre', 'litres', 'liter', 'liters'],
  ml: ['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters'],
  second: ['second', 'seconds', 'sec', 'secs'],
  minute: ['minute', 'minutes', 'min', 'mins'],
  hour: ['hour', 'hours', 'hr', 'hrs'],
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  year: ['year', 'years', 'yr', 'yrs'],
  decade: ['decade', 'decades'],
  century: ['century', 'centuries'],
  '%': ['%', 'per cent', 'percent', 'pct', 'per centum'],
  pp: ['percentage point', 'percentage points', 'pp', 'ppt', 'ppts'],
  USD: ['usd', 'us$', '$', 'dollar', 'dollars', 'us dollar', 'us dollars'],
  EUR: ['eur', '€', 'euro', 'euros'],
  GBP: ['gbp', '£', 'sterling', 'pound sterling', 'pounds sterling', 'british pound', 'british pounds'],
  JPY: ['jpy', '¥', 'yen', 'japanese yen'],
  CNY: ['cny', 'rmb', 'cn¥', 'yuan', 'renminbi'],
  INR: ['inr', '₹', 'rs', 'rupee', 'rupees'],
  CHF: ['chf', 'swiss franc', 'swiss francs'],
  AUD: ['aud', 'a$', 'au$', 'australian dollar', 'australian dollars'],
  CAD: ['cad', 'c$', 'ca$', 'canadian dollar', 'canadian dollars'],
  HKD: ['hkd', 'hk$'],
  NZD: ['nzd', 'nz$'],
  SGD: ['sgd', 's$'],
  RUB: ['rub', '₽', 'rouble', 'roubles', 'ruble', 'rubles'],
  KRW: ['krw', '₩', 'won'],
  person: ['people', 'persons', 'person'],
});

function buildAliases(table: Record<string, readonly string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(table)) {
    map.set(canonical.toLowerCase(), canonical);
    for (const s of spellings) map.set(s, canonical);
  }
  return map;
}

/** The canonical currency codes (those units that are money). */
export const CURRENCY_CODES: ReadonlySet<string> = new Set([
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'INR', 'CHF', 'AUD', 'CAD', 'HKD', 'NZD', 'SGD', 'RUB', 'KRW',
]);

/** Words whose plural is not made with -s; checked before the suffix rules. */
const IRREGULAR_SINGULARS: ReadonlyMap<string, string> = new Map([
  ['people', 'person'],
  ['men', 'man'],
  ['women', 'woman'],
  ['children', 'child'],
  ['lives', 'life'],
  ['wives', 'wife'],
  ['knives', 'knife'],
  ['leaves', 'leaf'],
  ['halves', 'half'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['teeth', 'tooth'],
  ['feet', 'foot'],
  ['data', 'data'],
  ['media', 'media'],
  ['police', 'police'],
  ['staff', 'staff'],
  ['sheep', 'sheep'],
  ['series', 'series'],
  ['species', 'species'],
  ['news', 'news'],
  ['crises', 'crisis'],
  ['analyses', 'analysis'],
]);

/** A plain English singular for a lower-case word: "workers" → "worker", "casualties" → "casualty". */
export function singularise(word: string): string {
  const w = word;
  const irregular = IRREGULAR_SINGULARS.get(w);
  if (irregular !== undefined) return irregular;
  if (w.length <= 3) return w;
  if (/[^aeiou]ies$/.test(w)) return w.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh|zz|[^aeiou]us)es$/.test(w)) return w.slice(0, -2);
  if (/(ss|us|is|ous)$/.test(w)) return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/**
 * The canonical name of a unit as written: "kilometres" → "km", "per cent" →
 * "%", "US$" → "USD", "Miles" → "mile". Anything unknown is lower-cased and
 * its last word singularised ("Striking Workers" → "striking worker").
 * Returns "" for an empty or non-string input. Each spelling is read once:
 * units recur (every figure of a quantity, on every comparison of its group).
 */
export const normaliseUnit: (unit: string) => string = remembered(10_000, (unit: string) => (typeof unit === 'string' ? unit : ''), normaliseUnitUncached);

function normaliseUnitUncached(unit: string): string {
  if (typeof unit !== 'string') return '';
  const key = unit
    .replace(/[\u00a0\u2009\u202f\u2007]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '');
  if (key === '') return '';
  const direct = UNIT_ALIASES.get(key) ?? UNIT_ALIASES.get(key.toLowerCase());
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  const words = lower.split(' ');
  words[words.length - 1] = singularise(words[words.length - 1]);
  const singular = words.join(' ');
  return UNIT_ALIASES.get(singular) ?? singular;
}

/** The canonical unit of a spelling, only when it is a known unit (not a guessed noun). */
export function knownUnit(spelling: string): string | undefined {
  if (typeof spelling !== 'string') return undefined;
  return UNIT_ALIASES.get(spelling.toLowerCase().trim().replace(/\s+/g, ' '));
}

export function isCurrency(unit: string | undefined): boolean {
  return unit !== undefined && CURRENCY_CODES.has(unit);
}

// ---------------------------------------------------------------------------
// Conversions

interface Scale {
  readonly dimension: string;
  /** How many base units one of this unit is. */
  readonly factor: number;
}

const LINEAR: ReadonlyMap<string, Scale> = new Map(
  (
    [
      ['length', { m: 1, km: 1000, cm: 0.01, mm: 0.001, mile: 1609.344, nmi: 1852, ft: 0.3048, yard: 0.9144, inch: 0.0254 }],
      ['mass', { kg: 1, g: 0.001, tonne: 1000, lb: 0.45359237, oz: 0.028349523125 }],
      ['area', { m2: 1, km2: 1e6, ha: 1e4, acre: 4046.8564224, mile2: 2589988.110336 }],
      ['speed', { 'm/s': 1, 'km/h': 1 / 3.6, mph: 0.44704 }],
      ['volume', { litre: 1, ml: 0.001 }],
      ['short-time', { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 }],
      ['long-time', { month: 1, year: 12, decade: 120, century: 1200 }],
    ] as const
  ).flatMap(([dimension, units]) =>
    Object.entries(units).map(([unit, factor]): [string, Scale] => [unit, { dimension, factor }]),
  ),
);

/** Temperatures are affine: value in °C = (value − offset) × factor. */
const TEMPERATURE: ReadonlyMap<string, { readonly factor: number; readonly offset: number }> = new Map([
  ['°C', { factor: 1, offset: 0 }],
  ['°F', { factor: 5 / 9, offset: 32 }],
]);

/**
 * Converts a value between two units of the same dimension (length, mass,
 * area, speed, volume, durations, temperature). Units may be written in any
 * spelling `normaliseUnit` knows. Returns undefined when either unit is
 * unknown, when they measure different things, when either is a currency
 * (never converted), or when the value is not a finite number.
 */
export function convert(value: number, fromUnit: string, toUnit: string): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const from = normaliseUnit(fromUnit);
  const to = normaliseUnit(toUnit);
  if (from === '' || to === '') return undefined;
  if (isCurrency(from) || isCurrency(to)) return from === to ? value : undefined;
  if (from === to) return value;
  const a = LINEAR.get(from);
  const b = LINEAR.get(to);
  if (a && b) return a.dimension === b.dimension ? roundFloat((value * a.factor) / b.factor) : undefined;
  const ta = TEMPERATURE.get(from);
  const tb = TEMPERATURE.get(to);
  if (ta && tb) return roundFloat((value - ta.offset) * ta.factor / tb.factor + tb.offset);
  return undefined;
}

/**
 * How much a difference of 1 in `fromUnit` is in `toUnit` (the slope of the
 * conversion), for converting widths such as a precision. Undefined when
 * `convert` would be.
 */
export function conversionSlope(fromUnit: string, toUnit: string): number | undefined {
  const zero = convert(0, fromUnit, toUnit);
  const one = convert(1, fromUnit, toUnit);
  return zero === undefined || one === undefined ? undefined : one - zero;
}

/** Drops floating-point noise past 12 significant digits (1.6093440000000001 → 1.609344). */
export function roundFloat(x: number): number {
  if (Number.isInteger(x) && Math.abs(x) < 1e12) return x; // nothing to drop, and the common case
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(12)) : x;
}

/** What a unit measures ('length', 'mass', '°C'…), or the unit itself when it converts to nothing. */
export function dimensionOf(unit: string): string {
  const u = normaliseUnit(unit);
  return LINEAR.get(u)?.dimension ?? (TEMPERATURE.has(u) ? 'temperature' : u);
}
