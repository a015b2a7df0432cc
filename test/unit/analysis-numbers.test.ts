import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import {
  convert,
  convertReading,
  literalPrecision,
  normaliseUnit,
  parseFigure,
  type ParsedFigure,
} from '../../server/src/core/analysis/numbers';

/** The fields of a reading that a test states, compared exactly; `raw` is checked separately. */
type Expected = Partial<Omit<ParsedFigure, 'raw'>>;

function reads(text: string, expected: Expected): void {
  const got = parseFigure(text);
  assert.ok(got, `expected a reading of ${JSON.stringify(text)}`);
  assert.equal(got.raw, text);
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = (got as unknown as Record<string, unknown>)[key];
  assert.deepEqual(picked, expected, `reading of ${JSON.stringify(text)}: ${JSON.stringify(got)}`);
}

/** Checks every field of the reading: nothing unexpected is set. */
function readsExactly(text: string, expected: Omit<ParsedFigure, 'raw'>): void {
  const got = parseFigure(text);
  assert.deepEqual(got, { ...expected, raw: text });
}

describe('parseFigure: digits and separators', () => {
  it('reads comma thousands separators', () => {
    readsExactly('654,430', { value: 654430, approx: 'exact', precision: 1 });
    readsExactly('1,234,567', { value: 1234567, approx: 'exact', precision: 1 });
  });
  it('reads thin, narrow no-break and no-break spaces as thousands separators', () => {
    reads('654\u2009430', { value: 654430, precision: 1 });
    reads('654\u202f430', { value: 654430 });
    reads('654\u00a0430', { value: 654430 });
    reads('1\u00a0234\u00a0567', { value: 1234567 });
  });
  it('reads plain spaces between whole groups of three digits', () => {
    reads('654 430', { value: 654430 });
    reads('12 000 workers', { value: 12000, unit: 'worker' });
  });
  it('reads decimals, a European decimal comma and dot-grouped thousands', () => {
    readsExactly('1.5', { value: 1.5, approx: 'exact', precision: 0.1 });
    reads('1.50', { value: 1.5, precision: 0.01 });
    reads('12,5%', { value: 12.5, unit: '%', precision: 0.1 });
    reads('1.234.567', { value: 1234567, precision: 1 });
  });
  it('reads a sign written against the number', () => {
    reads('-3.2%', { value: -3.2, unit: '%', precision: 0.1 });
    reads('\u22123.2%', { value: -3.2 });
  });
  it('returns undefined when there is no number', () => {
    for (const text of ['', 'the port', 'NaN', 'Infinity', 'a couple of', 'tens']) {
      assert.equal(parseFigure(text), undefined, text);
    }
  });
});

describe('parseFigure: currency and scale', () => {
  it('reads currency symbols and codes before the number', () => {
    reads('$59', { value: 59, unit: 'USD', currency: 'USD' });
    reads('€12', { value: 12, unit: 'EUR', currency: 'EUR' });
    reads('£100', { value: 100, unit: 'GBP', currency: 'GBP' });
    reads('¥1,000', { value: 1000, unit: 'JPY', currency: 'JPY', precision: 100 });
    reads('US$5m', { value: 5e6, unit: 'USD', currency: 'USD', scale: 1e6 });
    reads('US$ 5m', { value: 5e6, currency: 'USD' });
    reads('A$5m', { value: 5e6, currency: 'AUD' });
    reads('HK$20', { value: 20, currency: 'HKD' });
    reads('USD 5 million', { value: 5e6, currency: 'USD', scale: 1e6 });
    reads('Rs 500 crore', { value: 5e9, currency: 'INR', scale: 1e7 });
  });
  it('reads currency words and codes after the number', () => {
    reads('5 million dollars', { value: 5e6, unit: 'USD', currency: 'USD' });
    reads('3m euros', { value: 3e6, unit: 'EUR', currency: 'EUR' });
    reads('1,000 yen', { value: 1000, currency: 'JPY' });
    reads('59bn USD', { value: 59e9, currency: 'USD' });
    reads('5 billion pounds', { value: 5e9, unit: 'GBP', currency: 'GBP' });
  });
  it('reads scale suffixes and words', () => {
    readsExactly('$59bn', { value: 59e9, approx: 'exact', unit: 'USD', currency: 'USD', scale: 1e9, precision: 1e9 });
    readsExactly('$59 billion', { value: 59e9, approx: 'exact', unit: 'USD', currency: 'USD', scale: 1e9, precision: 1e9 });
    readsExactly('€1.2m', { value: 1.2e6, approx: 'exact', unit: 'EUR', currency: 'EUR', scale: 1e6, precision: 1e5 });
    readsExactly('3.4 million', { value: 3.4e6, approx: 'exact', scale: 1e6, precision: 1e5 });
    readsExactly('2k', { value: 2000, approx: 'exact', scale: 1000, precision: 1000 });
    readsExactly('1.2tn', { value: 1.2e12, approx: 'exact', scale: 1e12, precision: 1e11 });
    reads('$2 trillion', { value: 2e12, scale: 1e12, currency: 'USD' });
    reads('$3.5bn', { value: 3.5e9, precision: 1e8 });
    reads('4.5mn', { value: 4.5e6 });
    reads('2b', { value: 2e9 });
    reads('$1.2t', { value: 1.2e12 });
  });
  it('keeps scaled decimals free of floating-point noise', () => {
    reads('3.3 million', { value: 3300000 });
    reads('$0.7bn', { value: 700000000, precision: 100000000 });
  });
  it('reads "m" as million with money or a plural noun, otherwise as metres', () => {
    reads('3m people', { value: 3e6, unit: 'person', scale: 1e6 });
    reads('£3m', { value: 3e6, unit: 'GBP' });
    reads('50m', { value: 50, unit: 'm' });
    reads('a 50m wall', { value: 50, unit: 'm' });
  });
});

describe('parseFigure: number words', () => {
  it('reads small numbers and compounds', () => {
    readsExactly('six', { value: 6, approx: 'exact', precision: 1 });
    readsExactly('twelve', { value: 12, approx: 'exact', precision: 1 });
    reads('twenty-five', { value: 25 });
    reads('twenty five', { value: 25 });
    reads('two hundred and twelve', { value: 212, precision: 1 });
    reads('two hundred', { value: 200, precision: 10 });
    reads('two thousand five hundred', { value: 2500, precision: 100 });
  });
  it('reads spelled scales', () => {
    reads('three million', { value: 3e6, scale: 1e6, precision: 1e6 });
    reads('ten thousand', { value: 10000, scale: 1000, precision: 1000 });
    reads('a thousand', { value: 1000, scale: 1000 });
    reads('half a million', { value: 500000, scale: 1e6, precision: 1e5 });
    reads('a hundred', { value: 100 });
  });
  it('reads "a dozen" as about twelve and "twelve" as exactly twelve', () => {
    readsExactly('a dozen', { value: 12, approx: 'about', precision: 1 });
    reads('half a dozen', { value: 6, approx: 'about' });
  });
  it('reads a hyphenated number and unit: "two-year" is 2 years', () => {
    readsExactly('two-year', { value: 2, approx: 'exact', unit: 'year', precision: 1 });
    reads('the two-year contract', { value: 2, unit: 'year' });
    reads('a 50-km stretch', { value: 50, unit: 'km' });
    reads('three weeks', { value: 3, unit: 'week' });
  });
});

describe('parseFigure: vague amounts', () => {
  it('reads "dozens" as 24 to 120, about', () => {
    readsExactly('dozens', { value: 72, low: 24, high: 120, approx: 'about', precision: 12, vague: true });
    reads('dozens of workers', { low: 24, high: 120, unit: 'worker', vague: true });
  });
  it('reads "hundreds of" as 200 to 1,000', () => {
    readsExactly('hundreds of', { value: 600, low: 200, high: 1000, approx: 'about', precision: 100, vague: true });
    reads('scores of', { low: 40, high: 200 });
    reads('thousands of people', { low: 2000, high: 10000, unit: 'person' });
  });
  it('reads nested orders of magnitude', () => {
    reads('tens of thousands of people', { value: 60000, low: 20000, high: 100000, precision: 10000, unit: 'person' });
    reads('hundreds of thousands', { low: 200000, high: 1e6, precision: 1e5 });
    reads('hundreds of millions of dollars', { low: 2e8, high: 1e9, unit: 'USD', currency: 'USD' });
  });
  it('reads "several" and "a few" with a magnitude', () => {
    reads('several hundred', { value: 600, low: 300, high: 900, precision: 100, vague: true, approx: 'about' });
    reads('several thousand', { low: 3000, high: 9000 });
    reads('a few dozen', { low: 24, high: 60, precision: 12 });
  });
});

describe('parseFigure: ranges', () => {
  const range = { value: 11000, low: 10000, high: 12000, approx: 'exact', precision: 1000 } as const;
  it('reads hyphen, en dash, "to", "between … and", "from … to"', () => {
    readsExactly('10,000-12,000', range);
    readsExactly('10,000\u201312,000', range);
    readsExactly('10,000 to 12,000', range);
    readsExactly('between 10,000 and 12,000', range);
    reads('from 10 to 12', { low: 10, high: 12, value: 11 });
  });
  it('takes the finer precision of the two ends', () => {
    reads('10,500-12,000', { low: 10500, high: 12000, precision: 100 });
  });
  it('lets a scale or currency written once serve both ends', () => {
    reads('$10-12bn', { low: 10e9, high: 12e9, value: 11e9, currency: 'USD', scale: 1e9, precision: 1e9 });
    reads('$5bn-$6bn', { low: 5e9, high: 6e9, currency: 'USD' });
    reads('10bn to 12bn', { low: 10e9, high: 12e9 });
    reads('10 to 12 per cent', { low: 10, high: 12, unit: '%' });
  });
  it('does not spread a scale onto a larger first number', () => {
    reads('between 500 and 1.2 million', { low: 500, high: 1.2e6 });
  });
  it('orders the ends', () => {
    reads('12-10', { low: 10, high: 12 });
  });
});

describe('parseFigure: units', () => {
  it('reads a unit in parentheses as an alternate', () => {
    readsExactly('50km (30 miles)', {
      value: 50,
      approx: 'exact',
      unit: 'km',
      precision: 1,
      alternates: [{ value: 30, approx: 'exact', unit: 'mile', precision: 1 }],
    });
    reads('40C (104F)', { value: 40, unit: '°C', alternates: [{ value: 104, approx: 'exact', unit: '°F', precision: 1 }] });
    reads('£100m ($125m)', {
      currency: 'GBP',
      alternates: [{ value: 125e6, approx: 'exact', unit: 'USD', currency: 'USD', precision: 1e6 }],
    });
  });
  it('ignores parentheses that hold no figure', () => {
    readsExactly('12,000 (police estimate)', { value: 12000, approx: 'exact', precision: 1000 });
  });
  it('reads percentages in every spelling', () => {
    for (const text of ['12%', '12 %', '12 per cent', '12 percent', '12 pct']) {
      readsExactly(text, { value: 12, approx: 'exact', unit: '%', precision: 1 });
    }
    reads('12 per cent of workers', { unit: '%' });
    reads('3 percentage points', { value: 3, unit: 'pp' });
  });
  it('normalises known units', () => {
    reads('15 kilometres', { unit: 'km' });
    reads('15 kilometers', { unit: 'km' });
    reads('30 miles', { unit: 'mile' });
    reads('1.5 million tonnes', { value: 1.5e6, unit: 'tonne' });
    reads('5,000 sq km', { value: 5000, unit: 'km2' });
    reads('2,000 km2', { unit: 'km2' });
    reads('100 km/h', { unit: 'km/h' });
    reads('60 mph', { unit: 'mph' });
    reads('30°C', { unit: '°C' });
    reads('5 pounds', { unit: 'lb' });
    reads('20 hectares', { unit: 'ha' });
  });
  it('keeps other nouns as written, singularised, using the head noun', () => {
    reads('12,000 workers', { unit: 'worker' });
    reads('12,000 striking port workers', { unit: 'worker' });
    reads('1,200 people killed', { unit: 'person' });
    reads('40 casualties', { unit: 'casualty' });
    reads('3 buses', { unit: 'bus' });
    reads('1.2 million barrels a day', { unit: 'barrel' });
    reads('12,000 people, up from 10,000', { value: 12000, unit: 'person' });
  });
});

describe('parseFigure: qualifiers', () => {
  const cases: Array<[string, ParsedFigure['approx']]> = [
    ['about 10,000', 'about'],
    ['around 10,000', 'about'],
    ['approximately 10,000', 'about'],
    ['an estimated 10,000', 'about'],
    ['roughly 10,000', 'about'],
    ['some 10,000', 'about'],
    ['c. 10,000', 'about'],
    ['~10,000', 'about'],
    ['10,000 or so', 'about'],
    ['nearly 10,000', 'nearly'],
    ['almost 10,000', 'nearly'],
    ['close to 10,000', 'nearly'],
    ['just under 10,000', 'nearly'],
    ['more than 10,000', 'over'],
    ['over 10,000', 'over'],
    ['upwards of 10,000', 'over'],
    ['in excess of 10,000', 'over'],
    ['10,000+', 'over'],
    ['10,000-plus', 'over'],
    ['at least 10,000', 'at-least'],
    ['no fewer than 10,000', 'at-least'],
    ['10,000 or more', 'at-least'],
    ['10,000 workers or more', 'at-least'],
    ['up to 10,000', 'up-to'],
    ['as many as 10,000', 'up-to'],
    ['as high as 10,000', 'up-to'],
    ['no more than 10,000', 'up-to'],
    ['fewer than 10,000', 'under'],
    ['less than 10,000', 'under'],
    ['under 10,000', 'under'],
    ['10,000', 'exact'],
    ['police said 10,000', 'exact'],
  ];
  for (const [text, approx] of cases) {
    it(`${JSON.stringify(text)} → ${approx}`, () => reads(text, { value: 10000, approx, precision: 1000 }));
  }
  it('reads a qualifier in front of a currency and scale', () => {
    reads('nearly $59bn', { value: 59e9, approx: 'nearly', currency: 'USD' });
    reads('more than 40 per cent', { value: 40, approx: 'over', unit: '%' });
    reads('40-odd', { value: 40, approx: 'about' });
  });
});

describe('literalPrecision: the rounding implied by the digits', () => {
  const cases: Array<[string, string, number]> = [
    ['654430', '', 1],
    ['654000', '', 1000],
    ['8200', '', 100],
    ['8000', '', 100],
    ['10000', '', 1000],
    ['1000', '', 100],
    ['1250', '', 10],
    ['12340000', '', 10000],
    ['12', '', 1],
    ['30', '', 1],
    ['100', '', 10],
    ['7', '', 1],
    ['0', '', 1],
    ['1', '5', 0.1],
    ['1', '50', 0.01],
  ];
  for (const [int, frac, p] of cases) {
    it(`${int}${frac ? '.' + frac : ''} → ${p}`, () => assert.equal(literalPrecision(int, frac), p));
  }
});

describe('normaliseUnit', () => {
  it('maps spellings to canonical units', () => {
    assert.equal(normaliseUnit('Kilometres'), 'km');
    assert.equal(normaliseUnit('miles'), 'mile');
    assert.equal(normaliseUnit('mi'), 'mile');
    assert.equal(normaliseUnit('per cent'), '%');
    assert.equal(normaliseUnit('percent'), '%');
    assert.equal(normaliseUnit('US$'), 'USD');
    assert.equal(normaliseUnit('€'), 'EUR');
    assert.equal(normaliseUnit('pounds sterling'), 'GBP');
    assert.equal(normaliseUnit('tonnes'), 'tonne');
    assert.equal(normaliseUnit('feet'), 'ft');
    assert.equal(normaliseUnit('people'), 'person');
    assert.equal(normaliseUnit(' km. '), 'km');
  });
  it('singularises unknown nouns and keeps them', () => {
    assert.equal(normaliseUnit('workers'), 'worker');
    assert.equal(normaliseUnit('Striking Workers'), 'striking worker');
    assert.equal(normaliseUnit('casualties'), 'casualty');
    assert.equal(normaliseUnit('churches'), 'church');
    assert.equal(normaliseUnit('status'), 'status');
    assert.equal(normaliseUnit('houses'), 'house');
    assert.equal(normaliseUnit('viruses'), 'virus');
    assert.equal(normaliseUnit('buses'), 'bus');
    assert.equal(normaliseUnit('children'), 'child');
  });
  it('returns "" for empty or non-string input', () => {
    assert.equal(normaliseUnit(''), '');
    assert.equal(normaliseUnit('   '), '');
    assert.equal(normaliseUnit(undefined as unknown as string), '');
  });
});

describe('convert', () => {
  it('converts lengths, masses, areas, speeds and durations', () => {
    assert.equal(convert(1, 'mile', 'km'), 1.609344);
    assert.equal(convert(50, 'km', 'miles'), 31.0685596119);
    assert.equal(convert(1000, 'm', 'km'), 1);
    assert.equal(convert(1, 'ft', 'm'), 0.3048);
    assert.equal(convert(2, 'tonnes', 'kg'), 2000);
    assert.equal(convert(1, 'kg', 'lb'), 2.20462262185);
    assert.equal(convert(1, 'km2', 'ha'), 100);
    assert.equal(convert(100, 'km/h', 'mph'), 62.1371192237);
    assert.equal(convert(2, 'weeks', 'days'), 14);
    assert.equal(convert(2, 'years', 'months'), 24);
  });
  it('converts temperatures', () => {
    assert.equal(convert(40, '°C', '°F'), 104);
    assert.equal(convert(212, 'fahrenheit', 'celsius'), 100);
  });
  it('returns the value for the same unit, including the same currency', () => {
    assert.equal(convert(5, 'km', 'kilometres'), 5);
    assert.equal(convert(5, 'USD', '$'), 5);
  });
  it('never converts currencies or across dimensions', () => {
    assert.equal(convert(5, 'EUR', 'USD'), undefined);
    assert.equal(convert(5, 'GBP', 'lb'), undefined);
    assert.equal(convert(5, 'km', 'kg'), undefined);
    assert.equal(convert(5, 'day', 'month'), undefined);
    assert.equal(convert(5, 'worker', 'USD'), undefined);
    assert.equal(convert(5, 'bn', 'billion'), undefined);
    assert.equal(convert(5, 'frobs', 'km'), undefined);
    assert.equal(convert(Number.NaN, 'km', 'mile'), undefined);
    assert.equal(convert(5, '', 'km'), undefined);
  });
  it('converts a whole reading, precision included', () => {
    const f = parseFigure('30 miles');
    assert.ok(f);
    const km = convertReading(f, 'km');
    assert.ok(km);
    assert.equal(km.unit, 'km');
    assert.equal(km.value, 48.28032);
    assert.equal(km.precision, 1.609344);
    assert.equal(convertReading(f, 'kg'), undefined);
  });
});

describe('parseFigure is total', () => {
  it('never throws and returns finite numbers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const f = parseFigure(s);
        if (f === undefined) return true;
        return Number.isFinite(f.value) && f.precision > 0 && f.raw === s;
      }),
      seeded(2000),
    );
  });
  it('survives figure-like noise', () => {
    const alphabet = fc.constantFrom(...'0123456789,. -–$€£bnmk%()'.split(''), 'to', 'and', 'between', 'about', 'million');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 20 }), (parts) => {
        const f = parseFigure(parts.join(''));
        return f === undefined || (Number.isFinite(f.value) && f.precision > 0);
      }),
      seeded(2000),
    );
  });
  it('refuses non-strings and very long text', () => {
    assert.equal(parseFigure(42 as unknown as string), undefined);
    assert.equal(parseFigure(null as unknown as string), undefined);
    assert.equal(parseFigure('1'.repeat(1000)), undefined);
  });
});
