import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import {
  QUOTE_MATCH_THRESHOLD,
  normaliseWords,
  quoteSimilarity,
  wordDiff,
} from '../../server/src/core/analysis/quotes';

describe('normaliseWords', () => {
  it('lower-cases, strips punctuation and collapses space', () => {
    assert.deepEqual(normaliseWords('  "We will NOT go back," she said.\n\tNever!  '), [
      'we', 'will', 'not', 'go', 'back', 'she', 'said', 'never',
    ]);
  });
  it('makes curly apostrophes plain and drops them inside words', () => {
    assert.deepEqual(normaliseWords('We won’t — we can’t'), ['we', 'wont', 'we', 'cant']);
    assert.deepEqual(normaliseWords("We won't"), normaliseWords('We won’t'));
    assert.deepEqual(normaliseWords('“the port’s debt”'), ['the', 'ports', 'debt']);
  });
  it('keeps numbers, joining digit groups and keeping decimals', () => {
    assert.deepEqual(normaliseWords('12,000 workers, 1.5% and 654\u00a0430'), ['12000', 'workers', '1.5', 'and', '654430']);
  });
  it('splits hyphenated words and keeps letters of other scripts', () => {
    assert.deepEqual(normaliseWords('long-term'), ['long', 'term']);
    assert.deepEqual(normaliseWords('Nous ne reviendrons pas à l’usine'), ['nous', 'ne', 'reviendrons', 'pas', 'à', 'lusine']);
    assert.deepEqual(normaliseWords('Γειά σου'), ['γειά', 'σου']);
  });
  it('returns [] for empty or non-string input', () => {
    assert.deepEqual(normaliseWords(''), []);
    assert.deepEqual(normaliseWords('—!?'), []);
    assert.deepEqual(normaliseWords(undefined as unknown as string), []);
  });
});

const PORT = 'We will not go back until the port pays what it owes us.';
const MINISTRY = 'The ministry has acted in full accordance with the law and will publish the contracts next week.';

/**
 * Measured scores (rounded to 3 places by quoteSimilarity). These numbers are
 * quoted in docs/analysis.md; change both together.
 */
const MEASURED: Array<{ label: string; kind: string; a: string; b: string; score: number; fragment: boolean }> = [
  { label: 'identical', kind: 'identical', a: PORT, b: PORT, score: 1, fragment: false },
  { label: 'identical but for typography', kind: 'identical', a: 'We won’t go back until the port pays.', b: "We won't go back until the port pays.", score: 1, fragment: false },
  { label: 'identical but for case and punctuation', kind: 'identical', a: 'we will not go back until the port pays what it owes us', b: PORT, score: 1, fragment: false },
  { label: 'fragment (4 of 13 words)', kind: 'fragment', a: 'will not go back', b: PORT, score: 0.827, fragment: true },
  { label: 'fragment (8 of 13 words)', kind: 'fragment', a: 'until the port pays what it owes us', b: PORT, score: 0.904, fragment: true },
  { label: 'fragment with a gap', kind: 'fragment', a: 'will not go back until it owes', b: PORT, score: 0.885, fragment: true },
  { label: 'fragment of the ministry quote', kind: 'fragment', a: 'will publish the contracts next week', b: MINISTRY, score: 0.838, fragment: true },
  { label: 'contraction', kind: 'variant', a: "We won't go back until the port pays what it owes us.", b: PORT, score: 0.94, fragment: false },
  { label: 'reordered', kind: 'paraphrase', a: 'Until the port pays what it owes us, we will not go back.', b: PORT, score: 0.808, fragment: false },
  { label: 'paraphrase, other words', kind: 'paraphrase', a: 'We are not returning until the port pays us what we are owed.', b: PORT, score: 0.542, fragment: false },
  { label: 'paraphrase, ministry', kind: 'paraphrase', a: 'The ministry acted fully in line with the law, and the contracts will be published next week.', b: MINISTRY, score: 0.742, fragment: false },
  { label: 'translation-like 1', kind: 'translation', a: 'We will not return to work as long as the port has not paid what it owes us.', b: PORT, score: 0.457, fragment: false },
  { label: 'translation-like 2', kind: 'translation', a: 'We shall not go back to work until the port authority pays its debts to us.', b: PORT, score: 0.667, fragment: false },
  { label: 'translation-like 3', kind: 'translation', a: 'There will be no return to work until the port pays us what is owed.', b: PORT, score: 0.464, fragment: false },
  { label: 'translation-like 4', kind: 'translation', a: 'The ministry has always respected the law and the contracts will be made public next week.', b: MINISTRY, score: 0.581, fragment: false },
  { label: 'translation-like 5', kind: 'translation', a: 'We acted entirely lawfully; next week we will publish the contracts.', b: MINISTRY, score: 0.491, fragment: false },
  { label: 'two-word fragment', kind: 'short', a: 'go back', b: PORT, score: 0.383, fragment: false },
  { label: 'unrelated: taxes', kind: 'unrelated', a: 'The government has no plans to raise taxes this year.', b: PORT, score: 0.043, fragment: false },
  { label: 'unrelated: same speaker, same topic', kind: 'unrelated', a: 'We are proud of our workers and the work they do at the port.', b: PORT, score: 0.211, fragment: false },
  { label: 'unrelated: talks', kind: 'unrelated', a: 'Talks will resume next week in the capital.', b: PORT, score: 0.095, fragment: false },
  { label: 'unrelated: the other side', kind: 'unrelated', a: 'The port authority said it had paid every invoice on time.', b: PORT, score: 0.202, fragment: false },
  { label: 'unrelated: promise to pay', kind: 'unrelated', a: 'The port will pay the workers next month.', b: PORT, score: 0.186, fragment: false },
  { label: 'unrelated: strike cost', kind: 'unrelated', a: 'The strike has cost the economy billions and must end now.', b: MINISTRY, score: 0.143, fragment: false },
  { label: 'unrelated: law change', kind: 'unrelated', a: 'The minister said the law would be changed next year.', b: MINISTRY, score: 0.281, fragment: false },
  { label: 'unrelated: publish nothing', kind: 'unrelated', a: 'We will publish nothing until the investigation is over.', b: MINISTRY, score: 0.192, fragment: false },
];

describe('quoteSimilarity: measured scores', () => {
  for (const m of MEASURED) {
    it(`${m.label}: ${m.score}${m.fragment ? ', fragment' : ''}`, () => {
      assert.deepEqual(quoteSimilarity(m.a, m.b), { score: m.score, fragment: m.fragment });
      assert.deepEqual(quoteSimilarity(m.b, m.a), { score: m.score, fragment: m.fragment }, 'symmetric');
    });
  }
});

describe('QUOTE_MATCH_THRESHOLD', () => {
  const of = (kind: string): number[] => MEASURED.filter((m) => m.kind === kind).map((m) => m.score);
  it('is 0.4', () => assert.equal(QUOTE_MATCH_THRESHOLD, 0.4));
  it('accepts every identical, fragment, variant, paraphrase and translation-like pair', () => {
    for (const kind of ['identical', 'fragment', 'variant', 'paraphrase', 'translation']) {
      assert.ok(Math.min(...of(kind)) >= QUOTE_MATCH_THRESHOLD, `${kind}: ${of(kind).join(', ')}`);
    }
  });
  it('rejects every unrelated pair, with room to spare', () => {
    assert.ok(Math.max(...of('unrelated')) < QUOTE_MATCH_THRESHOLD - 0.1, of('unrelated').join(', '));
  });
  it('orders the kinds as expected', () => {
    assert.ok(Math.min(...of('fragment')) > Math.max(...of('translation')) - 0.1);
    assert.ok(Math.min(...of('translation')) > Math.max(...of('unrelated')));
  });
});

describe('quoteSimilarity: edge cases', () => {
  it('scores empty quotes 0', () => {
    assert.deepEqual(quoteSimilarity('', PORT), { score: 0, fragment: false });
    assert.deepEqual(quoteSimilarity('', ''), { score: 0, fragment: false });
    assert.deepEqual(quoteSimilarity('...', '!!!'), { score: 0, fragment: false });
  });
  it('does not call a run of function words a fragment', () => {
    assert.equal(quoteSimilarity('we will not', PORT).fragment, false);
  });
  it('does not call a near-complete version a fragment', () => {
    assert.equal(quoteSimilarity('We will not go back until the port pays what it owes', PORT).fragment, false);
  });
  it('does not call scattered words a fragment', () => {
    // "we ... port ... us" spread over the whole quote
    assert.equal(quoteSimilarity('we the port us', PORT).fragment, false);
  });
  it('handles very long quotes by content words alone', () => {
    const long = Array.from({ length: 2100 }, (_, i) => `word${i % 50}`).join(' ');
    const r = quoteSimilarity(long, long + ' extra');
    assert.equal(r.fragment, false);
    assert.ok(r.score > 0.99);
  });
  it('never throws and stays within 0..1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        const r = quoteSimilarity(a, b);
        return r.score >= 0 && r.score <= 1 && typeof r.fragment === 'boolean';
      }),
      seeded(1000),
    );
    assert.deepEqual(quoteSimilarity(null as never, 5 as never), { score: 0, fragment: false });
  });
});

describe('wordDiff', () => {
  it('shows replaced and added words', () => {
    assert.deepEqual(wordDiff('We will not go back until the port pays.', 'We won’t go back until the Port pays us.'), [
      { op: 'same', text: 'We ' },
      { op: 'removed', text: 'will not' },
      { op: 'added', text: "won't" },
      { op: 'same', text: ' go back until the Port pays ' },
      { op: 'added', text: 'us' },
      { op: 'same', text: '.' },
    ]);
  });
  it('shows removed words', () => {
    assert.deepEqual(wordDiff('the port must pay now', 'the port must pay'), [
      { op: 'same', text: 'the port must pay' },
      { op: 'removed', text: ' now' },
    ]);
  });
  it('is one same part for identical quotes, typography aside', () => {
    assert.deepEqual(wordDiff('We won’t go “back”', "We won't go \"back\""), [{ op: 'same', text: 'We won\'t go "back"' }]);
  });
  it('handles empty input', () => {
    assert.deepEqual(wordDiff('', ''), []);
    assert.deepEqual(wordDiff('', 'new words'), [{ op: 'added', text: 'new words' }]);
    assert.deepEqual(wordDiff(undefined as never, 'x'), [{ op: 'added', text: 'x' }]);
  });
  it('rebuilds b exactly and a up to whitespace from its parts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z ,.]{0,40}$/), fc.stringMatching(/^[a-z ,.]{0,40}$/), (a, b) => {
        const parts = wordDiff(a, b);
        const oldText = parts.filter((p) => p.op !== 'added').map((p) => p.text).join('');
        const newText = parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('');
        // 'same' parts carry b's spacing, so a is rebuilt up to whitespace
        return newText === b && oldText.replace(/\s+/g, '') === a.replace(/\s+/g, '');
      }),
      seeded(300),
    );
  });
});
