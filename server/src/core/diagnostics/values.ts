/**
 * Checks of explicit values against the words they annotate:
 * `value-mismatch` (a figure's `value` contradicts the number in its text)
 * and `date-mismatch` (a date's `date` contradicts what the text says,
 * resolved against `source.published`).
 */
import { datesCompatible, parseIsoDate, resolveDate } from '../analysis/dates';
import { parseFigure, type ParsedFigure } from '../analysis/numbers';
import type { Companion } from '../model';
import type { Finding } from './finding';

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-6);
}

/** Whether an explicit value is one the text can mean. */
export function valueFitsText(value: number, parsed: ParsedFigure): boolean {
  const candidates = [parsed, ...(parsed.alternates ?? [])];
  for (const c of candidates) {
    if (close(value, c.value)) return true;
    if (c.low !== undefined && c.high !== undefined && value >= c.low && value <= c.high) return true;
  }
  // "$59bn" with value 59: the number as written, before its scale word.
  if (parsed.scale && close(value * parsed.scale, parsed.value)) return true;
  return false;
}

const BARE_WEEKDAY = /^\s*(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b(?!\s+(?:last|before))/i;

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

export function valueFindings(companion: Companion): Finding[] {
  const out: Finding[] = [];
  for (const a of companion.annotations) {
    if (a.text === undefined) continue;
    if (a.kind === 'figure') {
      const field = a.fields.value;
      const value = field?.value;
      if (!field || typeof value !== 'number' || !Number.isFinite(value)) continue;
      const parsed = parseFigure(a.text);
      if (!parsed || valueFitsText(value, parsed)) continue;
      out.push({
        uri: companion.uri,
        span: field.node,
        code: 'value-mismatch',
        message: `value ${formatNumber(value)} contradicts the text "${a.text}", which reads as ${formatNumber(parsed.value)}.`,
        data: { expected: parsed.value },
        annotation: a.index,
      });
    } else if (a.kind === 'date') {
      const field = a.fields.date;
      const published = companion.source.published;
      const explicit = field?.value;
      if (!field || typeof explicit !== 'string' || !published || !parseIsoDate(explicit)) continue;
      const resolved = resolveDate(a.text, published);
      if (!resolved) continue;
      const given = { date: explicit.slice(0, 10), precision: 'day' as const, approximate: false };
      if (datesCompatible(given, resolved)) continue;
      // A bare weekday ("on Friday") can name the coming one as well as the last: reports announce too.
      if (BARE_WEEKDAY.test(a.text) && resolved.precision === 'day' && addDays(resolved.date, 7) === given.date) continue;
      out.push({
        uri: companion.uri,
        span: field.node,
        code: 'date-mismatch',
        message: `date ${explicit} contradicts the text "${a.text}", which reads as ${resolved.date}${resolved.precision === 'day' ? '' : ` (the ${resolved.precision})`} for an article published ${published.slice(0, 10)}.`,
        data: { expected: resolved.date, precision: resolved.precision },
        annotation: a.index,
      });
    }
  }
  return out;
}
