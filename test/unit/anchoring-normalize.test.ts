import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seeded } from '../support/reliability';
import { cleanCut, fold, foldedIndex } from '../../server/src/core/anchoring/normalize';
import { anchor } from '../../server/src/core/anchoring';

/**
 * The fold as its documentation states it, one code unit at a time, with
 * both offsets written out for every folded unit: what `fold` keeps sparsely
 * must give the same text and the same offsets.
 */
function foldByHand(s: string): { text: string; from: number[]; to: number[] } {
  const isSpace = (c: string) => /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
  const isInvisible = (c: string) => /^[\xad\u200b\u2060\ufeff]$/.test(c);
  const one: Record<string, string> = {};
  for (const c of '\u2018\u2019\u201a\u201b\u2032\u2039\u203a') one[c] = "'";
  for (const c of '\u201c\u201d\u201e\u201f\u2033\xab\xbb') one[c] = '"';
  for (const c of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d') one[c] = '-';
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let inSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (isInvisible(c)) continue; // vanishes; a run of white space goes on across it
    if (isSpace(c)) {
      if (inSpace) {
        to[to.length - 1] = i + 1;
      } else {
        text += ' ';
        from.push(i);
        to.push(i + 1);
        inSpace = true;
      }
      continue;
    }
    inSpace = false;
    const out = c === '\u2026' ? '...' : (one[c] ?? c);
    for (const u of out) {
      text += u;
      from.push(i);
      to.push(i + 1);
    }
  }
  return { text, from, to };
}

const alphabet = fc.constantFrom(
  'a', 'b', 'x', '.', ' ', ' ', '\n', '\r', '\t', '\u00a0', '\u2003', '\u2028',
  '\u2019', '\u201c', "'", '"', '-', '\u2014', '\u2212', '\u00ab',
  '\u2026', '\u00ad', '\u200b', '\ufeff', '\u{1F389}', '\uD83C', '\u00e9',
);
const strings = fc.array(alphabet, { maxLength: 80 }).map((a) => a.join(''));

describe('fold', () => {
  it('gives the text and, for every folded unit, the original offsets the documented rules give', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const f = fold(s);
        const want = foldByHand(s);
        assert.equal(f.text, want.text);
        assert.deepEqual(
          Array.from({ length: f.text.length }, (_, k) => [f.from(k), f.to(k)]),
          want.from.map((v, k) => [v, want.to[k]]),
          JSON.stringify(s),
        );
      }),
      seeded(3000),
    );
  });

  it('maps a folded match back to the exact original words', () => {
    const article = 'He said:\r\n\r\n\u201cWe\u2019ll  re\u00adbuild\u2026 soon\u201d \u2014 the mayor.';
    const f = fold(article);
    assert.equal(f.text, 'He said: "We\'ll rebuild... soon" - the mayor.');
    const i = f.text.indexOf('rebuild...');
    const j = i + 'rebuild...'.length;
    assert.equal(article.slice(f.from(i), f.to(j - 1)), 're\u00adbuild\u2026');
    const q = f.text.indexOf('"We');
    assert.equal(article.slice(f.from(q), f.to(q + 4)), '\u201cWe\u2019l');
    // Where the original's offset 10 (inside the blank line) falls in the folded text: at the next unit.
    assert.equal(foldedIndex(f, 10), f.text.indexOf('"'));
    // Cutting through the three dots of one ellipsis is not a clean cut; around them it is.
    assert.equal(cleanCut(f, i, j - 1), false);
    assert.equal(cleanCut(f, i, j), true);
  });

  it('leaves a text with nothing to fold as it is', () => {
    const s = 'Plain words, one space apart; nothing to fold.';
    const f = fold(s);
    assert.equal(f.text, s);
    for (let k = 0; k < s.length; k++) assert.deepEqual([f.from(k), f.to(k)], [k, k + 1]);
  });

  it('lets an annotation written with plain typography attach to the curly original', () => {
    const article = 'Officials said \u201cthe\u00a0bridge\n   will reopen\u201d by\u2026 spring.';
    const r = anchor(article, { text: '"the bridge will reopen" by... spring' });
    assert.equal(r.state, 'placed');
    assert.equal(r.typographic, true);
    assert.equal(article.slice(r.span!.start, r.span!.end), '\u201cthe\u00a0bridge\n   will reopen\u201d by\u2026 spring');
  });
});
