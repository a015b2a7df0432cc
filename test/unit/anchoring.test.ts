import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import { ANCHOR_LIMITS, DEFAULT_ANCHOR_OPTIONS, anchor, anchorAll, anchorAllAgain, disambiguate } from '../../server/src/core/anchoring';
import type { AnchorQuery, AnchorResult } from '../../server/src/core/model';

// An invented article (no real outlet), in paragraphs separated by blank lines.
const P1 =
  'Northgate Motors will close its assembly plant in Ellsworth next spring, the company said on Tuesday, ' +
  'putting about 8,000 workers at the plant out of a job.';
const P2 =
  "The decision follows two years of falling sales. 'We looked at every option,' said chief executive Dana Whitfield, " +
  'who added that the company had lost money on every vehicle built there since 2022.';
const P3 =
  'Mayor Luis Ortega called the closure a betrayal of the town. "We gave them tax breaks for a decade and this is how they repay us," ' +
  'he told reporters outside city hall.';
const P4 =
  'The union representing the workers said it would challenge the decision in court. ' +
  'A spokesperson for the union said talks with the company had broken down last week.';
const P5 =
  'Analysts said the closure was part of a wider retreat. Six other plants in the region have closed since 2019, ' +
  'according to figures from the state labour department.';
const ARTICLE = [P1, P2, P3, P4, P5].join('\n\n');

function spanText(article: string, r: AnchorResult): string {
  assert.ok(r.span, `expected a span, got ${JSON.stringify(r)}`);
  return article.slice(r.span.start, r.span.end);
}
function at(article: string, text: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = article.indexOf(text, i + 1);
    assert.notEqual(i, -1, `fixture lacks ${JSON.stringify(text)}`);
  }
  return i;
}
/** Attached through a typography-insensitive match, to exactly `expected`. */
function assertTypographic(article: string, r: AnchorResult, state: 'placed' | 'moved', expected: string): void {
  assert.equal(r.state, state, JSON.stringify(r));
  assert.equal(r.typographic, true);
  assert.equal(r.score, 1);
  assert.equal(spanText(article, r), expected);
}
/** Drifted onto exactly `found`, which is what the article says there. */
function assertDrifted(article: string, r: AnchorResult, found: string, threshold = DEFAULT_ANCHOR_OPTIONS.threshold): void {
  assert.equal(r.state, 'drifted', JSON.stringify(r));
  assert.equal(r.found, found);
  assert.equal(spanText(article, r), found);
  assert.ok(r.score >= threshold && r.score < 1, String(r.score));
}
/** True when `offset` falls between the two halves of a surrogate pair. */
function splitsPair(s: string, offset: number): boolean {
  return /[\uD800-\uDBFF]/.test(s[offset - 1] ?? '') && /[\uDC00-\uDFFF]/.test(s[offset] ?? '');
}
/** Orphaned and attached nowhere. */
function assertOrphaned(r: AnchorResult): void {
  assert.equal(r.state, 'orphaned', JSON.stringify(r));
  assert.equal(r.span, undefined);
  assert.equal(r.candidates, undefined);
}

describe('rule 1: text at start', () => {
  it('is placed at start, even when the text occurs several times', () => {
    const text = 'the company';
    const second = at(ARTICLE, text, 1);
    const r = anchor(ARTICLE, { text, start: second });
    assert.equal(r.state, 'placed');
    assert.deepEqual(r.span, { start: second, end: second + text.length });
    assert.equal(r.score, 1);
    assert.equal(r.typographic, undefined);
  });
});

describe('rule 2: exact occurrences', () => {
  it('places the one occurrence when no start is given', () => {
    const r = anchor(ARTICLE, { text: 'Dana Whitfield' });
    assert.equal(r.state, 'placed');
    assert.equal(r.span?.start, at(ARTICLE, 'Dana Whitfield'));
    assert.equal(spanText(ARTICLE, r), 'Dana Whitfield');
  });

  it('moves the one occurrence when the start hint is stale', () => {
    const r = anchor(ARTICLE, { text: 'Dana Whitfield', start: 3 });
    assert.equal(r.state, 'moved');
    assert.equal(spanText(ARTICLE, r), 'Dana Whitfield');
    assert.equal(r.span?.start, at(ARTICLE, 'Dana Whitfield'));
  });

  it('inserting a paragraph above: moved to the shifted words', () => {
    const text = 'called the closure a betrayal of the town';
    const start = at(ARTICLE, text);
    const inserted = 'Editor’s note: this story has been updated with comment from the mayor.\n\n';
    const edited = inserted + ARTICLE;
    const r = anchor(edited, { text, start });
    assert.equal(r.state, 'moved');
    assert.equal(r.span?.start, start + inserted.length);
    assert.equal(spanText(edited, r), text);
  });

  it('reordering paragraphs: moved', () => {
    const text = 'challenge the decision in court';
    const start = at(ARTICLE, text);
    const edited = [P4, P1, P3, P2, P5].join('\n\n');
    const r = anchor(edited, { text, start });
    assert.equal(r.state, 'moved');
    assert.equal(r.span?.start, edited.indexOf(text));
    assert.equal(spanText(edited, r), text);
  });

  it('several occurrences and no help: ambiguous with every occurrence', () => {
    const r = anchor(ARTICLE, { text: 'the company' });
    assert.equal(r.state, 'ambiguous');
    assert.equal(r.span, undefined);
    assert.deepEqual(
      r.candidates?.map((c) => ARTICLE.slice(c.start, c.end)),
      ['the company', 'the company', 'the company'],
    );
    assert.deepEqual(
      r.candidates?.map((c) => c.start),
      [0, 1, 2].map((k) => at(ARTICLE, 'the company', k)),
    );
  });

  it('a prefix picks the occurrence it agrees with', () => {
    const r = anchor(ARTICLE, { text: 'the company', prefix: 'said talks with ' });
    assert.equal(r.state, 'placed');
    assert.equal(r.span?.start, at(ARTICLE, 'the company', 2));
    assert.equal(spanText(ARTICLE, r), 'the company');
  });

  it('a suffix picks the occurrence it agrees with', () => {
    const r = anchor(ARTICLE, { text: 'the company', suffix: ' had lost money' });
    assert.equal(r.state, 'placed');
    assert.equal(r.span?.start, at(ARTICLE, 'the company', 1));
  });

  it('context that was itself edited still decides by best agreement', () => {
    // Written against an older version: "negotiations with ... had collapsed".
    const r = anchor(ARTICLE, { text: 'the company', prefix: 'said negotiations with ', suffix: ' had collapsed' });
    assert.equal(r.state, 'placed');
    assert.equal(r.span?.start, at(ARTICLE, 'the company', 2));
  });

  it('a text inside a longer word is an occurrence; the prefix prefers the whole word', () => {
    const article = 'About sixty people and six cars.';
    assert.equal(anchor(article, { text: 'six' }).state, 'ambiguous');
    const r = anchor(article, { text: 'six', prefix: 'and ' });
    assert.equal(r.state, 'placed');
    assert.equal(r.span?.start, article.indexOf('six cars'));
  });

  it('context agreeing equally with both occurrences leaves it ambiguous', () => {
    const article = 'He said the plan was good. She said the plan was good.';
    const r = anchor(article, { text: 'the plan was good', prefix: ' said ' });
    assert.equal(r.state, 'ambiguous');
    assert.equal(r.candidates?.length, 2);
  });

  it('a start hint clearly nearest one occurrence breaks the tie (text moved by an insertion upstream)', () => {
    const text = 'the company';
    const second = at(ARTICLE, text, 1);
    const inserted = 'UPDATED: ';
    const edited = inserted + ARTICLE;
    const r = anchor(edited, { text, start: second });
    assert.equal(r.state, 'moved');
    assert.equal(r.span?.start, second + inserted.length);
    assert.equal(spanText(edited, r), text);
  });

  it('a start hint about halfway between two occurrences is no tie-break: ambiguous', () => {
    const article = 'the plan ' + 'x'.repeat(100) + ' the plan';
    const r = anchor(article, { text: 'the plan', start: 55 });
    assert.equal(r.state, 'ambiguous');
    assert.deepEqual(r.candidates, [
      { start: 0, end: 8 },
      { start: 110, end: 118 },
    ]);
  });
});

describe('rule 3: typography-insensitive', () => {
  it('straight quotes in the annotation, curly quotes in the article: placed, typographic', () => {
    const curly = ARTICLE.replace("'We looked at every option,'", '‘We looked at every option,’');
    const text = "'We looked at every option,' said chief executive";
    const start = at(ARTICLE, text);
    const r = anchor(curly, { text, start });
    assertTypographic(curly, r, 'placed', '‘We looked at every option,’ said chief executive');
  });

  it('curly quotes in the annotation, straight in the article', () => {
    const r = anchor(ARTICLE, { text: '“We gave them tax breaks for a decade' });
    assertTypographic(ARTICLE, r, 'placed', '"We gave them tax breaks for a decade');
  });

  it('dashes, non-breaking spaces and the ellipsis', () => {
    const article = 'Prices rose 3\u00a0per cent in 2023\u20132024 \u2014 the most in a decade\u2026 officials said.';
    const r = anchor(article, { text: 'rose 3 per cent in 2023-2024 - the most in a decade... officials' });
    assertTypographic(article, r, 'placed', 'rose 3\u00a0per cent in 2023\u20132024 \u2014 the most in a decade\u2026 officials');
  });

  it('CRLF conversion of the whole article: spans map back to the CRLF text', () => {
    const crlf = ARTICLE.replace(/\n/g, '\r\n');
    const text = 'out of a job.\n\nThe decision follows';
    const start = at(ARTICLE, text);
    const r = anchor(crlf, { text, start });
    assertTypographic(crlf, r, 'placed', 'out of a job.\r\n\r\nThe decision follows'); // the first paragraph did not shift
    assert.equal(r.span?.start, start);
    // Further down, each earlier line break grew by one \r: moved.
    const later = 'he told reporters outside city hall.\n\nThe union';
    const r2 = anchor(crlf, { text: later, start: at(ARTICLE, later) });
    assertTypographic(crlf, r2, 'moved', 'he told reporters outside city hall.\r\n\r\nThe union');
    assert.equal(r2.span?.start, at(ARTICLE, later) + 4);
  });

  it('a quote reflowed onto several lines', () => {
    const text = '"We gave them tax breaks for a decade and this is how they repay us,"';
    const start = at(ARTICLE, text);
    const reflowed = ARTICLE.replace('tax breaks for a decade and this', 'tax breaks\nfor a decade and\n   this');
    const r = anchor(reflowed, { text, start });
    assertTypographic(reflowed, r, 'placed', '"We gave them tax breaks\nfor a decade and\n   this is how they repay us,"');
  });

  it('typographic duplicates are told apart by the prefix like exact ones', () => {
    const article = 'Smith said \u201cno\u201d to the deal. Jones said \u201cno\u201d to the deal.';
    const ambiguous = anchor(article, { text: '"no" to the deal' });
    assert.equal(ambiguous.state, 'ambiguous');
    assert.equal(ambiguous.typographic, true);
    assert.equal(ambiguous.candidates?.length, 2);
    const r = anchor(article, { text: '"no" to the deal', prefix: 'Jones said ' });
    assert.equal(r.state, 'placed');
    assert.equal(r.typographic, true);
    assert.equal(r.span?.start, article.indexOf('\u201cno\u201d to the deal.', 20));
  });

  it('typographic duplicates: a clearly nearest start decides', () => {
    const article = 'Smith said \u201cno\u201d to the deal.' + ' Filler text.'.repeat(20) + ' Jones said \u201cno\u201d to the deal.';
    const second = article.lastIndexOf('\u201cno\u201d');
    const r = anchor(article, { text: '"no" to the deal', start: second - 3 });
    assertTypographic(article, r, 'moved', '\u201cno\u201d to the deal');
    assert.equal(r.span?.start, second);
  });

  it('lone surrogates survive folding unchanged', () => {
    const article = 'broken \uD83C  text here';
    const r = anchor(article, { text: 'broken \uD83C text' });
    assertTypographic(article, r, 'placed', 'broken \uD83C  text');
  });

  it('an exact occurrence wins over a typographic one (rule order)', () => {
    const article = 'He said \u201cyes\u201d. Later he said "yes" again.';
    const r = anchor(article, { text: '"yes"' });
    assert.equal(r.state, 'placed');
    assert.equal(r.typographic, undefined);
    assert.equal(r.span?.start, article.indexOf('"yes"'));
  });
});

describe('rule 4: approximate', () => {
  it('a figure changed inside the span: drifted, found is the new wording', () => {
    const text = 'putting about 8,000 workers at the plant out of a job';
    const start = at(ARTICLE, text);
    const edited = ARTICLE.replace('about 8,000 workers', 'about 8,200 workers');
    const r = anchor(edited, { text, start });
    assertDrifted(edited, r, 'putting about 8,200 workers at the plant out of a job');
    assert.ok(r.score > 0.95 && r.score < 1, String(r.score));
  });

  // [scenario, annotated text, edit (before -> after), found afterwards]
  const edits: [string, string, [string, string], string][] = [
    [
      'a word dropped from the span: drifted onto whole words',
      'putting about 8,000 workers at the plant out of a job',
      ['putting about 8,000 workers', 'putting 8,000 workers'],
      'putting 8,000 workers at the plant out of a job',
    ],
    [
      'a typo fixed inside the span: drifted with the corrected text',
      'had lost money on every vehicle built there sinec 2022',
      ['since 2022', 'since 2022'],
      'had lost money on every vehicle built there since 2022',
    ],
    [
      'the first word replaced: the span still starts on a word boundary',
      'Analysts said the closure was part of a wider retreat',
      ['Analysts said the closure', 'Economists said the closure'],
      'Economists said the closure was part of a wider retreat',
    ],
    [
      'the last word replaced: the span still ends on a word boundary',
      'the company had lost money on every vehicle built there',
      ['vehicle built there', 'vehicle built locally'],
      'the company had lost money on every vehicle built locally',
    ],
  ];
  for (const [scenario, text, [before, after], found] of edits) {
    it(scenario, () => {
      // The typo case: the annotation was written on the article with the typo.
      const original = text.includes('sinec') ? ARTICLE.replace('since 2022', 'sinec 2022') : ARTICLE;
      const edited = ARTICLE.replace(before, after);
      const r = anchor(edited, { text, start: at(original, text) });
      assertDrifted(edited, r, found);
    });
  }

  it('a deleted sentence is orphaned, never attached to a similar sentence elsewhere', () => {
    const text = 'A spokesperson for the union said talks with the company had broken down last week.';
    const start = at(ARTICLE, text);
    const edited = ARTICLE.replace(' ' + text, '');
    assert.equal(edited.indexOf('broken down'), -1);
    const r = anchor(edited, { text, start, prefix: 'in court. ', suffix: '\n\nAnalysts' });
    assertOrphaned(r);
    assert.ok(r.score < DEFAULT_ANCHOR_OPTIONS.threshold);
  });

  it('a deleted sentence with a look-alike elsewhere: orphaned, with the look-alike only as nearest', () => {
    const text = 'The union said it would challenge the decision in court.';
    const article = 'The company said it would defend the decision in public.\n\nOther news follows here.';
    const r = anchor(article, { text, start: 0 });
    assertOrphaned(r);
    if (r.nearest) {
      assert.equal(article.slice(r.nearest.start, r.nearest.end), r.found);
      assert.ok(r.score < DEFAULT_ANCHOR_OPTIONS.threshold);
    }
  });

  it('the article pasted again from a newer web version with small wording changes', () => {
    const v2 = [
      'Northgate Motors will close its assembly plant in Ellsworth next spring, the company said Tuesday, ' +
        'putting roughly 8,000 workers at the plant out of work.',
      'The decision follows two years of falling sales. \u2018We looked at every single option,\u2019 said chief executive Dana Whitfield, ' +
        'who added that the company had lost money on every car built there since 2022.',
      'Mayor Luis Ortega called the closure \u201ca betrayal\u201d of the town. \u201cWe gave them tax breaks for a decade and this is how they repay us,\u201d ' +
        'he told reporters outside City Hall on Tuesday.',
      P4.replace('A spokesperson', 'A spokeswoman'),
      P5,
    ].join('\r\n\r\n');
    const queries: AnchorQuery[] = [
      { text: 'the company said on Tuesday, putting about 8,000 workers at the plant out of a job' },
      { text: "'We looked at every option,' said chief executive Dana Whitfield" },
      { text: 'the company had lost money on every vehicle built there since 2022' },
      { text: '"We gave them tax breaks for a decade and this is how they repay us,"' },
      { text: 'A spokesperson for the union said talks with the company had broken down last week.' },
      { text: 'Six other plants in the region have closed since 2019' },
    ].map((q) => ({ ...q, start: at(ARTICLE, q.text) }));
    const results = anchorAll(v2, queries);
    const got = results.map((r) => [r.state, r.span ? v2.slice(r.span.start, r.span.end) : undefined]);
    assert.deepEqual(got, [
      ['drifted', 'the company said Tuesday, putting roughly 8,000 workers at the plant out of work'],
      ['drifted', '\u2018We looked at every single option,\u2019 said chief executive Dana Whitfield'],
      ['drifted', 'the company had lost money on every car built there since 2022'],
      ['moved', '\u201cWe gave them tax breaks for a decade and this is how they repay us,\u201d'],
      ['drifted', 'A spokeswoman for the union said talks with the company had broken down last week.'],
      ['moved', 'Six other plants in the region have closed since 2019'],
    ]);
    assert.equal(results[3].typographic, true);
    for (const r of results) if (r.state === 'drifted') assert.equal(r.found, v2.slice(r.span!.start, r.span!.end));
  });

  it('threshold: a heavier rewrite drifts at a lenient threshold and is orphaned at the default', () => {
    const text = 'chief executive Dana Whitfield said on Tuesday that sales had fallen';
    // Every third letter replaced: about 70% similar.
    const rewritten = [...text].map((c, k) => (k % 3 === 1 && c !== ' ' ? 'z' : c)).join('');
    const article = `Intro.\n\n${rewritten}.\n\nOutro.`;
    const strict = anchor(article, { text, start: 8 });
    assertOrphaned(strict);
    assert.ok(strict.score >= 0.6 && strict.score < 0.75, String(strict.score));
    assert.equal(strict.found, rewritten);
    assert.equal(article.slice(strict.nearest!.start, strict.nearest!.end), rewritten);
    const lenient = anchor(article, { text, start: 8 }, { threshold: 0.6 });
    assertDrifted(article, lenient, rewritten, 0.6);
    assert.equal(lenient.score, strict.score);
  });

  it('a very short text never matches approximately ("six" vs "sex", "Roe" vs "Rae")', () => {
    assertOrphaned(anchor('They found sex offenders.', { text: 'six', start: 11 }, { threshold: 0.5 }));
    assertOrphaned(anchor('Rae v. Wade was decided in 1973.', { text: 'Roe', start: 0 }, { threshold: 0.5 }));
  });

  it('a short span without support is orphaned even when similar words are nearby', () => {
    const article = 'The plant employs 8,200 people. Elsewhere, 8,400 jobs were created.';
    // Was "8,000 jobs" at offset 60; it is not in place and has no context.
    const r = anchor(article, { text: '8,000 jobs', start: 10 });
    assertOrphaned(r);
  });

  it('a short span drifts when its prefix supports it', () => {
    const article = 'The plant employs 8,200 people. Elsewhere, 8,400 jobs were created.';
    const r = anchor(article, { text: '8,000 people', prefix: 'The plant employs ' });
    assertDrifted(article, r, '8,200 people');
    assert.equal(spanText(article, r), '8,200 people');
  });

  it('a short span drifts when it is still in place at start', () => {
    const article = 'The plant employs 8,200 people. Elsewhere, 8,400 jobs were created.';
    const r = anchor(article, { text: '8,000 people', start: 18 });
    assertDrifted(article, r, '8,200 people');
  });

  it('two equally good approximate matches with nothing to choose: ambiguous', () => {
    const sentence = 'the committee approved the new budget for the coming year';
    const article = `${sentence.replace('new', 'revised')}. Intro text in between. ${sentence.replace('new', 'revised')}.`;
    const r = anchor(article, { text: sentence });
    assert.equal(r.state, 'ambiguous');
    assert.equal(r.span, undefined);
    assert.equal(r.candidates?.length, 2);
    for (const c of r.candidates!) assert.equal(article.slice(c.start, c.end), sentence.replace('new', 'revised'));
  });

  it('context finds the edited copy even when another copy is closer to the text', () => {
    const text = 'the committee approved the new budget for the coming year';
    // The annotated copy (after "Minutes: ") was edited more than the summary's copy.
    const article =
      'Minutes: the committee approved a new budget for the year. It takes effect in May.\n\n' +
      'Summary: the committee approved the new budget for the coming yr. Other business followed.';
    const r = anchor(article, { text, prefix: 'Minutes: ', suffix: '. It takes effect' });
    assertDrifted(article, r, 'the committee approved a new budget for the year');
    assert.equal(r.span?.start, 9);
    // Without the context, the closer copy wins.
    assert.equal(anchor(article, { text }).found, 'the committee approved the new budget for the coming yr');
  });

  it('a 2,000-character quote with scattered edits drifts, in reasonable time', () => {
    const words = ARTICLE.split(/\s+/);
    let quote = '';
    for (let k = 0; quote.length < 2000; k++) quote += (k ? ' ' : '') + words[(k * 7) % words.length];
    const edited = quote
      .split(' ')
      .map((w, k) => (k % 25 === 3 ? w.toUpperCase() : w))
      .join(' ');
    const article = ARTICLE + '\n\n' + edited + '\n\n' + ARTICLE;
    const t0 = process.hrtime.bigint();
    const r = anchor(article, { text: quote, start: ARTICLE.length + 2 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(r.state, 'drifted');
    assert.equal(r.found, edited);
    assert.ok(ms < 500, `${ms} ms`);
  });

  it('never returns a span that splits a surrogate pair', () => {
    const article = 'Fans cheered \u{1F389}\u{1F389} as the team won the final match of the season today.';
    const r = anchor(article, { text: '\u{1F38A}\u{1F389} as the team won the final match of the season' });
    assert.equal(r.state, 'drifted');
    const s = spanText(article, r);
    assert.equal(s, '\u{1F389}\u{1F389} as the team won the final match of the season');
    assert.ok(!/^[\uDC00-\uDFFF]/.test(s) && !/[\uD800-\uDBFF]$/.test(s));
  });

  it('an exact text that would cut an emoji in half is not placed there', () => {
    const article = 'ok \u{1F389} ok';
    const lowHalf = '\u{1F389}'[1] + ' ok';
    const r = anchor(article, { text: lowHalf });
    assert.notEqual(r.state, 'placed');
    if (r.span) assert.equal(r.span.start, 3);
  });
});

describe('inputs that are not usable', () => {
  it('empty and white-space-only text: orphaned, no throw', () => {
    assertOrphaned(anchor(ARTICLE, { text: '' }));
    assertOrphaned(anchor(ARTICLE, { text: ' \n\t\u00a0' }));
    assert.equal(anchor(ARTICLE, { text: '' }).score, 0);
  });

  it('start negative, NaN, fractional or past the end', () => {
    const text = 'Dana Whitfield';
    const where = at(ARTICLE, text);
    const neg = anchor(ARTICLE, { text, start: -5 });
    assert.equal(neg.state, 'moved');
    assert.equal(neg.span?.start, where);
    const nan = anchor(ARTICLE, { text, start: NaN });
    assert.equal(nan.state, 'placed'); // NaN is no hint at all
    assert.equal(nan.span?.start, where);
    assert.equal(anchor(ARTICLE, { text, start: where + 0.5 }).state, 'moved');
    const past = anchor(ARTICLE, { text, start: ARTICLE.length + 1000 });
    assert.equal(past.state, 'moved');
    assert.equal(past.span?.start, where);
    // Past the end counts as the end: it still breaks a tie toward a clearly nearest last occurrence.
    const article = 'the plan ' + 'y'.repeat(200) + ' the plan.';
    const last = anchor(article, { text: 'the plan', start: 10_000 });
    assert.equal(last.state, 'moved');
    assert.equal(last.span?.start, 210);
  });

  it('malformed queries and options do not throw', () => {
    const bad = [null, undefined, {}, { text: 42 }, { text: 'x', start: 'ten' }, { text: 'plant', prefix: 7, suffix: null }];
    for (const q of bad) {
      const r = anchor(ARTICLE, q as unknown as AnchorQuery, { threshold: NaN });
      assert.ok(['orphaned', 'placed', 'moved', 'ambiguous'].includes(r.state));
    }
    assertOrphaned(anchor(undefined as unknown as string, { text: 'plant' }));
    assertOrphaned(anchor('', { text: 'plant' }));
  });

  it('a threshold below the floor is raised to it', () => {
    const article = 'Intro.\n\ncompletely different words are written here now\n\nOutro.';
    assertOrphaned(anchor(article, { text: 'chief executive Dana Whitfield said the company lost money' }, { threshold: 0 }));
    assert.equal(ANCHOR_LIMITS.minThreshold, 0.5);
  });
});

describe('properties', () => {
  it('deterministic: the same input gives the same output', () => {
    const q = { text: 'the company had lost money on every car built', start: 300 };
    assert.deepEqual(anchor(ARTICLE, q), anchor(ARTICLE, q));
  });

  it('anchorAll agrees with anchor one by one', () => {
    const qs: AnchorQuery[] = [{ text: 'the union' }, { text: 'Ortega' }, { text: 'Mayor Luiz Ortega called' }, { text: '' }];
    assert.deepEqual(
      anchorAll(ARTICLE, qs),
      qs.map((q) => anchor(ARTICLE, q)),
    );
  });

  it('anchoring a list again after edits of it gives what anchoring it afresh gives', () => {
    const texts = ['the union', 'Ortega', 'Mayor Luiz Ortega called', 'the company', 'since 2022', '8,000 workers', 'We gav thm tax brakes fr a decad nd thiss is how thy repay us'];
    const query = fc.record({ text: fc.constantFrom(...texts), start: fc.option(fc.constantFrom(0, 150, 400), { nil: undefined }), prefix: fc.option(fc.constantFrom('said ', 'Mayor ', 'the '), { nil: undefined }) });
    // Each step: a new list of queries (few enough that steps share some), in the same article or in one with a word changed.
    const step = fc.record({ queries: fc.array(query, { maxLength: 8 }), edited: fc.boolean(), threshold: fc.constantFrom(0.75, 0.9) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        let before;
        for (const { queries, edited, threshold } of steps) {
          const article = edited ? ARTICLE.replace('Ortega', 'Ortego') : ARTICLE;
          const again = anchorAllAgain(article, queries, { threshold }, before);
          assert.deepEqual(again.results, anchorAll(article, queries, { threshold }));
          before = again.anchored;
        }
      }),
      seeded(200),
    );
  });

  it('anchorAll over a batch mixing every rule', () => {
    const curly = ARTICLE.replace("'We looked at every option,'", '\u2018We looked at every option,\u2019').replace('since 2022', 'since 2021');
    const qs: AnchorQuery[] = [
      { text: 'Northgate Motors', start: 0 },
      { text: "'We looked at every option,'" },
      { text: 'the company had lost money on every vehicle built there since 2022' },
      { text: 'the company' },
      { text: 'A sentence that was never in this article at all, not even close.' },
    ];
    const got = anchorAll(curly, qs).map((r) => [r.state, r.typographic ?? false, r.span ? curly.slice(r.span.start, r.span.end) : null]);
    assert.deepEqual(got, [
      ['placed', false, 'Northgate Motors'],
      ['placed', true, '\u2018We looked at every option,\u2019'],
      ['drifted', false, 'the company had lost money on every vehicle built there since 2021'],
      ['ambiguous', false, null],
      ['orphaned', false, null],
    ]);
  });

  it('never throws; spans are in range, whole code points, and only where allowed', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', '\n', '\r', '\u2019', "'", '-', '\u2014', '\u00a0', '\u{1F389}', 'x', '\u2026', '.', '\uD83C');
    const str = fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(str, str, fc.option(fc.integer({ min: -5, max: 80 })), fc.option(str), (article, text, start, prefix) => {
        const r = anchor(article, { text, start: start ?? undefined, prefix: prefix ?? undefined });
        const attached = r.state === 'placed' || r.state === 'moved' || r.state === 'drifted';
        assert.equal(r.span !== undefined, attached);
        for (const sp of [r.span, r.nearest, ...(r.candidates ?? [])]) {
          if (!sp) continue;
          assert.ok(0 <= sp.start && sp.start <= sp.end && sp.end <= article.length);
          for (const edge of [sp.start, sp.end]) assert.ok(!splitsPair(article, edge), JSON.stringify([article, edge]));
        }
        if ((r.state === 'placed' || r.state === 'moved') && !r.typographic) assert.equal(article.slice(r.span!.start, r.span!.end), text);
        if (r.state === 'drifted') assert.ok(r.score >= DEFAULT_ANCHOR_OPTIONS.threshold);
      }),
      seeded(1500),
    );
  });
});

describe('disambiguate', () => {
  it('returns nothing for a text that is already unique', () => {
    const start = at(ARTICLE, 'Dana Whitfield');
    assert.deepEqual(disambiguate(ARTICLE, { start, end: start + 14 }), {});
  });

  it('gives the shortest whole-word context that makes anchor() choose the span', () => {
    const article = 'Jones said the plan was good. Smith said the plan was good.';
    const text = 'the plan was good';
    const first = at(article, text);
    const second = at(article, text, 1);
    // The first is told apart by what follows (". Smith" against the end of the text)...
    assert.deepEqual(disambiguate(article, { start: first, end: first + text.length }), { suffix: '. Smith' });
    // ...the second, which ends the article, only by what precedes it.
    assert.deepEqual(disambiguate(article, { start: second, end: second + text.length }), { prefix: 'Smith said ' });
    for (const start of [first, second]) {
      const ctx = disambiguate(article, { start, end: start + text.length });
      const r = anchor(article, { text, ...ctx });
      assert.equal(r.state, 'placed', JSON.stringify(ctx));
      assert.equal(r.span?.start, start);
    }
  });

  it('three occurrences: the context excludes all the others at once', () => {
    const article = 'Jones said the plan was good. Smith said the plan was good. Brown said the plan was good, too.';
    const text = 'the plan was good';
    for (const k of [0, 1, 2]) {
      const start = at(article, text, k);
      const ctx = disambiguate(article, { start, end: start + text.length });
      assert.ok((ctx.prefix ?? '').length + (ctx.suffix ?? '').length <= 12, JSON.stringify(ctx));
      assert.equal(anchor(article, { text, ...ctx }).span?.start, start, JSON.stringify(ctx));
    }
  });

  it('uses a suffix when the prefixes are the same', () => {
    const article = 'He said yes to the deal. He said yes to the merger.';
    const start = at(article, 'yes', 1);
    const ctx = disambiguate(article, { start, end: start + 3 });
    assert.deepEqual(ctx, { suffix: ' to the merger' });
    assert.equal(anchor(article, { text: 'yes', ...ctx }).span?.start, start);
  });

  it('works for the ambiguous fixture and survives bad spans', () => {
    for (const k of [0, 1, 2]) {
      const start = at(ARTICLE, 'the company', k);
      const ctx = disambiguate(ARTICLE, { start, end: start + 11 });
      assert.equal(anchor(ARTICLE, { text: 'the company', ...ctx }).span?.start, start, JSON.stringify(ctx));
    }
    assert.deepEqual(disambiguate(ARTICLE, { start: -1, end: 4 }), {});
    assert.deepEqual(disambiguate(ARTICLE, { start: 5, end: 5 }), {});
    assert.deepEqual(disambiguate(ARTICLE, { start: 0, end: ARTICLE.length + 1 }), {});
  });
});
