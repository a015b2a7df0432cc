/** What hovers count: a dossier key's uses and sources, an entity's outlets (listed up to a dozen). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Corpus } from '../../server/src/core/corpus';
import fc from 'fast-check';
import { hover, smallest } from '../../server/src/core/features/hover';
import { seeded } from '../support/reliability';
import { InMemoryWorkspace } from '../../server/src/core/workspace';

const DOSSIER = 'entities:\n  roe: { name: Jane Roe, type: person }\n  doe: { name: John Doe, type: person }\nquotes:\n  pay: { label: On pay, speaker: roe }\n';

/** `n` sources; source i names Jane Roe once as an entity, and source 0 also quotes her. */
function files(n: number): Record<string, string> {
  const out: Record<string, string> = { 'file:///w/dossier.yaml': DOSSIER };
  for (let i = 0; i < n; i++) {
    const name = `file:///w/s${String(i).padStart(2, '0')}`;
    out[`${name}.txt`] = 'Jane Roe said: "We will not go back." John Doe agreed.\n';
    const quote = i === 0 ? '  - { kind: quote, text: "We will not go back.", speaker: roe, quote: pay }\n' : '';
    out[`${name}.ann.yaml`] = `source: { outlet: Outlet ${String(i).padStart(2, '0')} }\nannotations:\n  - { kind: entity, text: Jane Roe, entity: roe }\n${quote}`;
  }
  return out;
}

/** The hover on the first occurrence of `needle` in an article. */
function hoverOn(corpus: Corpus, articleUri: string, needle: string): string {
  const at = corpus.getArticle(articleUri)!.text!.indexOf(needle);
  assert.ok(at >= 0, needle);
  return hover(corpus, articleUri, at + 1)?.markdown ?? '';
}

test('a dossier key counts the annotations that name it and the sources they are in', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files(3)));
  await corpus.indexAll();
  const dossier = corpus.getDossier('file:///w/dossier.yaml')!;
  const roe = dossier.definitions.entities.get('roe')!;
  const md = hover(corpus, dossier.uri, roe.keySpan.start + 1)?.markdown ?? '';
  // Three entity annotations and one quote (speaker: roe) in three sources.
  assert.match(md, /Used 4 times in 3 sources/, md);
  const doe = dossier.definitions.entities.get('doe')!;
  assert.match(hover(corpus, dossier.uri, doe.keySpan.start + 1)?.markdown ?? '', /Used 0 times in 0 sources/);
});

test('an entity names the outlets that mention it, a dozen at most', async () => {
  const few = new Corpus(new InMemoryWorkspace(files(2)));
  await few.indexAll();
  assert.match(hoverOn(few, 'file:///w/s01.txt', 'Jane Roe'), /Mentioned or cited in 2 outlets: Outlet 00, Outlet 01$/m);
  const many = new Corpus(new InMemoryWorkspace(files(15)));
  await many.indexAll();
  const md = hoverOn(many, 'file:///w/s01.txt', 'Jane Roe');
  const twelve = Array.from({ length: 12 }, (_, i) => `Outlet ${String(i).padStart(2, '0')}`).join(', ');
  assert.ok(md.includes(`Mentioned or cited in 15 outlets: ${twelve} and 3 more`), md);
});

test("an entity's outlets are listed alphabetically, each once, and follow an edit that changes one", async () => {
  // Fifteen sources read last to first; outlets repeat (sources 0 and 13 are both Outlet 00, 1 and 14 both Outlet 07).
  const n = 15;
  const outletOf = (i: number) => `Outlet ${String((i * 7) % 13).padStart(2, '0')}`;
  const byName = files(n);
  const reversed: Record<string, string> = { 'file:///w/dossier.yaml': DOSSIER };
  for (let i = n - 1; i >= 0; i--) {
    const name = `file:///w/s${String(i).padStart(2, '0')}`;
    reversed[`${name}.txt`] = byName[`${name}.txt`]!;
    reversed[`${name}.ann.yaml`] = byName[`${name}.ann.yaml`]!.replace(/Outlet \d+/, outletOf(i));
  }
  const corpus = new Corpus(new InMemoryWorkspace(reversed));
  await corpus.indexAll();
  const names = (outlets: string[]) => [...new Set(outlets)].sort((a, b) => a.localeCompare(b));
  const before = names(Array.from({ length: n }, (_, i) => outletOf(i)));
  assert.equal(before.length, 13);
  assert.ok(hoverOn(corpus, 'file:///w/s05.txt', 'Jane Roe').includes(`Mentioned or cited in 13 outlets: ${before.slice(0, 12).join(', ')} and 1 more`));
  // Source 13 becomes "A Gazette": Outlet 00 stays (source 0), a new outlet comes first.
  await corpus.updateText('file:///w/s13.ann.yaml', reversed['file:///w/s13.ann.yaml']!.replace(/Outlet \d+/, 'A Gazette'));
  const after = names([...Array.from({ length: n }, (_, i) => outletOf(i)).filter((_, i) => i !== 13), 'A Gazette']);
  assert.equal(after[0], 'A Gazette');
  const md = hoverOn(corpus, 'file:///w/s05.txt', 'Jane Roe');
  assert.ok(md.includes(`Mentioned or cited in 14 outlets: ${after.slice(0, 12).join(', ')} and 2 more`), md);
});

test("an entity's quotes are listed in order of their files, and follow an edit that adds one", async () => {
  const withQuote = (ann: string) => ann + '  - { kind: quote, text: "We will not go back.", speaker: roe, quote: pay }\n';
  const texts = files(3);
  texts['file:///w/s02.ann.yaml'] = withQuote(texts['file:///w/s02.ann.yaml']!);
  const corpus = new Corpus(new InMemoryWorkspace(texts));
  await corpus.indexAll();
  const quoted = () => [...hoverOn(corpus, 'file:///w/s01.txt', 'Jane Roe').matchAll(/^- “We will not go back\.” — \[(Outlet \d+)/gm)].map((m) => m[1]);
  assert.deepEqual(quoted(), ['Outlet 00', 'Outlet 02']);
  await corpus.updateText('file:///w/s01.ann.yaml', withQuote(texts['file:///w/s01.ann.yaml']!));
  assert.deepEqual(quoted(), ['Outlet 00', 'Outlet 01', 'Outlet 02']);
});

test('smallest gives the first k of a stable sort', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ v: fc.nat(5), id: fc.nat() })), fc.integer({ min: 1, max: 14 }), (items, k) => {
      const byV = (a: { v: number }, b: { v: number }) => a.v - b.v;
      assert.deepEqual(smallest(items, k, byV), [...items].sort(byV).slice(0, k));
    }),
    seeded(150),
  );
});
