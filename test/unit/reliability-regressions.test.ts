/** Regression examples for the bugs the reliability properties found, numbered as docs/reliability.md lists them (5 is in test/protocol, 8 and 9 beside the code they test). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchor, anchorAll } from '../../server/src/core/anchoring';
import { contextFor } from '../../server/src/core/features/anchorContext';
import { documentSymbols } from '../../server/src/core/features/documentSymbols';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { linkTarget } from '../../server/src/core/features/markdown';
import { parseCompanion } from '../../server/src/core/parse/companion';
import { rangeOf, lineStarts } from '../../server/src/core/text';
import { similarity } from '../support/reliability';

test('1. a text ending with \\r is never attached between the \\r and the \\n of a CRLF', () => {
  const article = 'Jane Roe called talks.\r\n\r\nThe port stayed shut.\r\n';
  const r = anchor(article, { text: 'Jane Roe called talks.\r' });
  assert.equal(r.state, 'placed');
  assert.deepEqual(r.span, { start: 0, end: 22 });
  const range = rangeOf(lineStarts(article), r.span!);
  assert.deepEqual(range.end, { line: 0, character: 22 });
});

test('2. widening a match over a split surrogate pair or ellipsis counts in its similarity', () => {
  const article = '"we \u83b2\udb85\ude32 cent Jane.\r\r';
  const q = { text: 'e \u83b2\udb85', prefix: 'Wednesday.\r\r"w', suffix: '\ude32 cent Jane.' };
  const r = anchorAll(article, [q], { threshold: 0.5000000010000001 })[0];
  if (r.span) assert.ok(similarity(article.slice(r.span.start, r.span.end), q.text) >= 0.5000000010000001, JSON.stringify(r));
  const e = anchor('He said \u2026 and left the room quietly today', { text: 'He said .. and left the room quietly today' }, { threshold: 0.98 });
  if (e.span) assert.ok(e.score <= similarity('He said \u2026 and left the room quietly today'.slice(e.span.start, e.span.end), 'He said .. and left the room quietly today') + 1e-9);
});

test('3. pinning a text repeated 15,000 times stays fast (was 110 s for "Annotate as...")', () => {
  const article = 'x'.repeat(15_000) + ' end.\n';
  const t = performance.now();
  contextFor(article, { start: 7000, end: 7004 });
  anchor(article, { text: 'xxxx', prefix: 'x'.repeat(128), suffix: 'x'.repeat(128) });
  assert.ok(performance.now() - t < 20_000);
});

test('4. a wide anchor aliased thousands of times is copied out boundedly (was 27 s, 170 MB)', () => {
  const yaml = [`big: &big [${Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(', ')}]`, 'source: { outlet: G }', 'annotations:', ...Array.from({ length: 2000 }, () => '  - { kind: note, text: lol, note: *big }')].join('\n');
  const t = performance.now();
  const c = parseCompanion('file:///w/a.ann.yaml', yaml);
  assert.ok(performance.now() - t < 5000);
  assert.equal(c.annotations.length, 2000);
  // Aliases still resolve (to the last anchor of that name before them).
  const small = parseCompanion('file:///w/b.ann.yaml', 'x: &n one\ny: &n two\nsource: { outlet: *n }\nannotations: []\n');
  assert.equal(small.source.outlet, 'two');
});

test('6. a hostile file name cannot end a hover link early', () => {
  assert.equal(linkTarget('file:///a) [b](javascript:c)'), 'file:///a%29%20%5Bb%5D%28javascript:c%29');
});

test('7. a companion nested thousands of levels deep gets the same diagnostics every time', () => {
  const text = 'annotations: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
  const deep = (n: number): ReturnType<typeof parseCompanion> => (n === 0 ? parseCompanion('file:///w/d.ann.yaml', text) : deep(n - 1));
  const a = parseCompanion('file:///w/d.ann.yaml', text);
  const b = deep(2000); // called with much less stack left
  assert.deepEqual(a.problems, b.problems);
  assert.ok(a.hasSyntaxError);
  assert.match(a.problems[0].message, /nested more than 256 levels/);
});

test('10. a YAML syntax error at a CRLF line break is placed before the \\r, on its line', () => {
  const text = 'source: { outlet: G }\r\nannotations:\r\n  - kind: figure\r\n    text: "    value: 1\r\n  - kind: note\r\n    text: "x"\r\n';
  const c = parseCompanion('file:///w/a.ann.yaml', text);
  assert.equal(c.problems[0]?.code, 'yaml-syntax');
  const starts = lineStarts(text);
  for (const p of c.problems) {
    const range = rangeOf(starts, p.span);
    for (const at of [range.start, range.end]) {
      const line = text.slice(starts[at.line], text.indexOf('\r\n', starts[at.line]));
      assert.ok(at.character <= line.length, `${p.message}: character ${at.character} past line ${at.line}'s length ${line.length}`);
    }
  }
});

test('11. an annotation broken by a syntax error in a CRLF companion ends on its line in the outline', async () => {
  const text = 'source: { outlet: G }\r\nannotations:\r\n  - kind: date\r\n    text: "x"\r\n    value: ["a": 1, "": "b"}\r\n';
  const corpus = new Corpus(new InMemoryWorkspace({ 'file:///w/a.txt': 'x\n', 'file:///w/a.ann.yaml': text }), {});
  await corpus.indexAll();
  const lines = text.split('\r\n');
  const symbols = documentSymbols(corpus, 'file:///w/a.ann.yaml');
  const annotation = symbols.find((s) => s.name === 'date: x');
  assert.ok(annotation, JSON.stringify(symbols.map((s) => s.name)));
  assert.deepEqual(annotation.range.end, { line: 4, character: lines[4]!.length });
  for (const s of symbols) for (const at of [s.range.start, s.range.end]) assert.ok(at.character <= lines[at.line]!.length, `${s.name}: ${JSON.stringify(at)}`);
});
