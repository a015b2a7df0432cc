/** The corpus on an in-memory workspace: reading, anchoring and every foundation diagnostic. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Corpus, effectiveLimits } from '../../server/src/core/corpus';
import type { CoreDiagnostic } from '../../server/src/core/model';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { toCorpusOptions, type Settings } from '../../server/src/lsp/settings';

/** The `corroborate.*` settings as VS Code sends them when nobody changed any: package.json's declared defaults. */
function declaredDefaults(): Settings {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const settings: Record<string, Record<string, unknown>> = {};
  for (const [key, { default: value }] of Object.entries(pkg.contributes.configuration.properties)) {
    const [, section, name] = key.split('.');
    (settings[section!] ??= {})[name!] = value;
  }
  return settings as Settings;
}

const DOSSIER = `title: Test
entities:
  jane-roe: { name: Jane Roe, type: person, aliases: [Roe] }
  port-authority: { name: Port Authority, type: organisation }
quantities:
  strikers: { label: Workers on strike, unit: workers }
claims:
  strike-legal: { label: The strike is legal }
`;
const ARTICLE = 'About 8,000 workers walked out, Jane Roe said. Later 8,000 more joined.\n';

async function corpusOf(files: Record<string, string | Uint8Array>): Promise<Corpus> {
  const c = new Corpus(new InMemoryWorkspace(files));
  await c.indexAll();
  return c;
}

function codes(ds: CoreDiagnostic[]): string[] {
  return ds.map((d) => `${d.range.start.line + 1}:${d.code}`);
}

function companion(annotations: string, source = 'source:\n  outlet: The Gazette\n  published: 2026-03-05\n'): string {
  return `${source}annotations:\n${annotations}`;
}

describe('corpus diagnostics', () => {
  test('a clean companion has no diagnostics and every annotation is placed', async () => {
    const c = await corpusOf({
      'file:///w/dossier.yaml': DOSSIER,
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    entity: jane-roe\n  - kind: figure\n    text: About 8,000 workers\n    quantity: strikers\n'),
    });
    assert.deepEqual(c.diagnostics('file:///w/a.ann.yaml'), []);
    const anchored = c.annotationsOf('file:///w/a.ann.yaml');
    assert.deepEqual(anchored.map((a) => a.anchor.state), ['placed', 'placed']);
    const span = anchored[0].anchor.span!;
    assert.equal(ARTICLE.slice(span.start, span.end), 'Jane Roe');
  });

  test('duplicate ids are reported on the second id, with the first as related information', async () => {
    const c = await corpusOf({
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - id: x\n    kind: entity\n    text: Jane Roe\n  - id: x\n    kind: note\n    text: walked out\n'),
    });
    const d = c.diagnostics('file:///w/a.ann.yaml').find((x) => x.code === 'duplicate-id')!;
    assert.equal(d.range.start.line, 7);
    assert.equal(d.related?.[0].range.start.line, 4);
  });

  test('an undefined key is an error with a did-you-mean when a dossier exists', async () => {
    const c = await corpusOf({
      'file:///w/dossier.yaml': DOSSIER,
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    entity: jane-rowe\n'),
    });
    const [d] = c.diagnostics('file:///w/a.ann.yaml');
    assert.equal(d.code, 'unknown-key');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /Did you mean "jane-roe"\?/);
    assert.deepEqual(d.range, { start: { line: 6, character: 12 }, end: { line: 6, character: 21 } });
    // mirrored on the article words
    const mirror = c.diagnostics('file:///w/a.txt').find((x) => x.code === 'unknown-key')!;
    assert.deepEqual(mirror.range.start, { line: 0, character: 32 });
    assert.equal(mirror.related?.[0].uri, 'file:///w/a.ann.yaml');
  });

  test('without any dossier, keys are free-form', async () => {
    const c = await corpusOf({
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    entity: anyone-at-all\n'),
    });
    assert.deepEqual(c.diagnostics('file:///w/a.ann.yaml'), []);
  });

  test('a dossier quote whose speaker is not an entity is reported in the dossier', async () => {
    const c = await corpusOf({ 'file:///w/dossier.yaml': DOSSIER + 'quotes:\n  q: { label: L, speaker: jane-ro }\n' });
    assert.deepEqual(codes(c.diagnostics('file:///w/dossier.yaml')), ['10:unknown-key']);
  });

  test('YAML syntax errors are reported at their place and the rest is still analysed', async () => {
    const c = await corpusOf({
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    entity: [unclosed\n  - id: x\n    kind: note\n    text: nowhere to be seen\n'),
    });
    const ds = c.diagnostics('file:///w/a.ann.yaml');
    assert.ok(ds.some((d) => d.code === 'yaml-syntax'), codes(ds).join());
    assert.ok(c.getCompanion('file:///w/a.ann.yaml')!.hasSyntaxError);
  });

  test('ambiguous and orphaned anchors', async () => {
    const c = await corpusOf({
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: figure\n    text: "8,000"\n  - kind: quote\n    text: completely absent words here\n'),
    });
    const ds = c.diagnostics('file:///w/a.ann.yaml');
    assert.deepEqual(codes(ds), ['6:anchor-ambiguous', '8:anchor-orphaned']);
    assert.match(ds[0].message, /occurs 2 times .* \(line 1\)/);
    assert.equal(ds[0].related?.length, 2);
    // the ambiguity is mirrored on both candidates; the orphan nowhere
    const art = c.diagnostics('file:///w/a.txt');
    assert.deepEqual(art.map((d) => `${d.code}@${d.range.start.character}`), ['anchor-ambiguous@6', `anchor-ambiguous@${ARTICLE.lastIndexOf('8,000')}`]);
  });


  test('a drifted anchor says what the article says now, on the annotation and on the article words', async () => {
    const article = 'Preamble.\nJane Roe said the strike was legal and would go on.\n';
    const c = await corpusOf({
      'file:///w/a.txt': article,
      'file:///w/a.ann.yaml': companion('  - kind: quote\n    text: the strike is legal and will go on\n'),
    });
    const [drifted] = c.diagnostics('file:///w/a.ann.yaml');
    assert.equal(drifted?.code, 'anchor-drifted');
    assert.deepEqual(drifted.range.start, { line: 5, character: 10 }, 'on the text: value');
    assert.equal(
      drifted.message,
      'The article no longer says "the strike is legal and will go on"; the closest text is "the strike was legal and would go on" (85% similar, line 2). Re-anchor to accept it.',
    );
    assert.deepEqual(drifted.related?.map((r) => [r.uri, r.message]), [['file:///w/a.txt', 'marked text in a.txt']]);
    const [mark] = c.diagnostics('file:///w/a.txt');
    assert.equal(mark?.message, drifted.message);
    assert.equal(mark.range.start.line, 1);
  });
  test('after a list item that is not an annotation, findings are still marked on their own words in the article', async () => {
    const c = await corpusOf({
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - a stray line, not an annotation\n  - kind: entity\n    text: Jane Roe\n  - kind: figure\n    text: About 8,000 workers\n    value: 9000\n'),
    });
    const marks = c.diagnostics('file:///w/a.txt').filter((d) => d.code === 'value-mismatch');
    assert.equal(marks.length, 1);
    const at = ARTICLE.indexOf('About 8,000 workers');
    assert.deepEqual(marks[0].range, { start: { line: 0, character: at }, end: { line: 0, character: at + 'About 8,000 workers'.length } });
  });

  test('words that occur thousands of times: the count is said, the first few candidates are named, linked and marked', async () => {
    const article = 'The port stayed shut.\n'.repeat(3000);
    const c = await corpusOf({ 'file:///w/a.txt': article, 'file:///w/a.ann.yaml': companion('  - kind: note\n    text: port\n') });
    const [d] = c.diagnostics('file:///w/a.ann.yaml');
    assert.equal(d.code, 'anchor-ambiguous');
    assert.match(d.message, /occurs 3000 times .* \(lines 1, 2, 3, 4, 5, 6, 7, 8, …\)/);
    assert.equal(d.related?.length, 8);
    assert.equal((d.data as { candidates: unknown[] }).candidates.length, 8);
    const marks = c.diagnostics('file:///w/a.txt');
    assert.equal(marks.length, 8);
    // each mark links back to the annotation and to the candidates, not to all 3,000
    for (const m of marks) assert.ok((m.related?.length ?? 0) <= 9);
  });

  test('a companion or dossier that cannot be read says why (too large: limit-exceeded; not text: yaml-syntax)', async () => {
    const big = companion('  - kind: note\n    text: port\n'.repeat(20));
    const files = {
      'file:///w/dossier.yaml': 'entities: {}\n' + '#'.repeat(400),
      'file:///w/a.txt': 'The port stayed shut.\n',
      'file:///w/a.ann.yaml': big,
      'file:///w/b.txt': 'The port stayed shut.\n',
      'file:///w/b.ann.yaml': new Uint8Array([0x73, 0x6f, 0xff, 0xfe, 0x3a]),
    };
    const c = new Corpus(new InMemoryWorkspace(files), { maxFileBytes: 300 });
    await c.indexAll();
    const [a] = c.diagnostics('file:///w/a.ann.yaml');
    assert.equal(c.diagnostics('file:///w/a.ann.yaml').length, 1);
    assert.equal(a.code, 'limit-exceeded');
    assert.match(a.message, /cannot be read: the file is 0\.0 MB, over the 0\.0 MB limit \(setting corroborate\.limits\.maxFileSizeMB\)/);
    assert.deepEqual(codes(c.diagnostics('file:///w/dossier.yaml')), ['1:limit-exceeded']);
    const [b] = c.diagnostics('file:///w/b.ann.yaml');
    assert.equal(b.code, 'yaml-syntax');
    assert.match(b.message, /cannot be read: the file is not valid UTF-8 text/);
  });

  test('a companion without its article, and an unreadable article', async () => {
    const c = await corpusOf({
      'file:///w/lonely.ann.yaml': companion('  - kind: note\n    text: x\n'),
      'file:///w/bin.txt': new Uint8Array([0x48, 0x00, 0x49]),
      'file:///w/bin.ann.yaml': companion('  - kind: note\n    text: x\n'),
      'file:///w/latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      'file:///w/latin1.ann.yaml': companion('  - kind: note\n    text: x\n'),
    });
    assert.deepEqual(codes(c.diagnostics("file:///w/lonely.ann.yaml")), ["1:companion-without-article"]);
    const bin = c.diagnostics('file:///w/bin.ann.yaml');
    assert.deepEqual(codes(bin), ["1:article-unreadable"]);
    assert.match(bin[0].message, /binary/);
    assert.match(c.diagnostics('file:///w/latin1.ann.yaml')[0].message, /not valid UTF-8/);
    assert.deepEqual(codes(c.diagnostics('file:///w/bin.txt')), ['1:article-unreadable']);
  });

  test('a BOM is ignored and CRLF articles anchor at the right positions', async () => {
    const text = '\ufeffFirst line.\r\nJane Roe spoke.\r\n';
    const c = await corpusOf({
      'file:///w/a.txt': text,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    start: 13\n'),
    });
    assert.deepEqual(c.diagnostics('file:///w/a.ann.yaml'), []);
    const span = c.annotationsOf('file:///w/a.ann.yaml')[0].anchor.span!;
    assert.deepEqual(span, { start: 13, end: 21 });
  });

  test('severity is configurable per code, and a code can be turned off', async () => {
    const files = {
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: figure\n    text: "8,000"\n  - kind: quote\n    text: completely absent words here\n'),
    };
    const c = new Corpus(new InMemoryWorkspace(files), { severity: { 'anchor-ambiguous': 'hint', 'anchor-orphaned': 'off' } });
    await c.indexAll();
    const ds = c.diagnostics('file:///w/a.ann.yaml');
    assert.deepEqual(ds.map((d) => `${d.code}:${d.severity}`), ['anchor-ambiguous:hint']);
  });

  test('asked for some severities, a file gives exactly those of its diagnostics, as configured, in the same order; counted, the same numbers', async () => {
    const files = {
      'file:///w/dossier.yaml': DOSSIER,
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion(
        '  - kind: figure\n    text: "8,000"\n' + // ambiguous: a warning, made a hint below
          '  - kind: quote\n    text: completely absent words here\n' + // orphaned: an error
          '  - kind: entity\n    text: Jane Roe\n    entity: jane-rose\n' + // unknown key: an error
          '  - kind: note\n    text: workers walkd out\n    start: 12\n', // drifted: a warning
      ),
    };
    const c = new Corpus(new InMemoryWorkspace(files), { severity: { 'anchor-ambiguous': 'hint' } });
    await c.indexAll();
    const uri = 'file:///w/a.ann.yaml';
    const all = c.diagnostics(uri);
    assert.deepEqual(new Set(all.map((d) => d.severity)), new Set(['hint', 'error', 'warning']), 'the fixture has three severities');
    const counted = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const d of all) counted[d.severity]++;
    assert.deepEqual(c.diagnosticCounts(uri), counted, 'counted without working them out, the same');
    for (const kept of [['error'], ['error', 'warning'], ['hint'], []] as const) {
      const severities = new Set<CoreDiagnostic['severity']>(kept);
      assert.deepEqual(c.diagnostics(uri, true, severities), all.filter((d) => severities.has(d.severity)), kept.join('+') || 'none');
    }
  });

  test('options that spell out the defaults (as an editor sends them) change nothing: each article is read once, and nothing is anchored again', async () => {
    const files = {
      'file:///w/dossier.yaml': DOSSIER,
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    entity: jane-roe\n'),
      'file:///w/b.txt': ARTICLE,
      'file:///w/b.ann.yaml': companion('  - kind: note\n    text: Later 8,000 more joined\n'),
    };
    const reads = new Map<string, number>();
    const memory = new InMemoryWorkspace(files);
    const workspace = {
      listFiles: () => memory.listFiles(),
      readFile: (uri: string) => {
        reads.set(uri, (reads.get(uri) ?? 0) + 1);
        return memory.readFile(uri);
      },
    };
    const c = new Corpus(workspace);
    const spelledOut = toCorpusOptions(declaredDefaults());
    assert.deepEqual(effectiveLimits(spelledOut), effectiveLimits({}), 'package.json declares the defaults the corpus applies');
    c.setOptions(spelledOut);
    await c.indexAll();
    assert.deepEqual(Object.fromEntries(reads), { 'file:///w/dossier.yaml': 1, 'file:///w/a.ann.yaml': 1, 'file:///w/a.txt': 1, 'file:///w/b.ann.yaml': 1, 'file:///w/b.txt': 1 });
    const before = c.annotationsOf('file:///w/a.ann.yaml')[0]!.anchor;
    c.setOptions({});
    c.setOptions(spelledOut);
    assert.equal(c.annotationsOf('file:///w/a.ann.yaml')[0]!.anchor, before, 'the same anchor object: not anchored again');
    await c.indexAll();
    assert.equal(reads.get('file:///w/a.txt'), 1, 'nor read again by the next index');
  });

  test('new limits apply to the files already read once the workspace is indexed again', async () => {
    const article = ARTICLE + 'The port stayed closed all week. '.repeat(10); // longer than the companion
    const c = await corpusOf({
      'file:///w/a.txt': article,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n  - kind: figure\n    text: About 8,000 workers\n'),
    });
    const companionCodes = () => c.diagnostics('file:///w/a.ann.yaml').map((d) => d.code);
    assert.deepEqual(companionCodes(), []);
    c.setOptions({ maxFileBytes: article.length - 1, maxAnnotationsPerFile: 1 });
    await c.indexAll();
    assert.deepEqual(companionCodes().sort(), ['article-unreadable', 'limit-exceeded'], 'the article is now too large, the second annotation one too many');
    c.setOptions({});
    await c.indexAll();
    assert.deepEqual(companionCodes(), [], 'and back');
  });

  test('an edit to an open article re-anchors at once; forgetting a companion clears it', async () => {
    const ws = new InMemoryWorkspace({
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    start: 32\n'),
    });
    const c = new Corpus(ws);
    await c.indexAll();
    assert.deepEqual(c.diagnostics('file:///w/a.ann.yaml'), []);
    await c.updateText('file:///w/a.txt', 'New first sentence. ' + ARTICLE);
    assert.deepEqual(codes(c.diagnostics('file:///w/a.ann.yaml')), ['7:anchor-moved']);
    c.forget('file:///w/a.ann.yaml');
    assert.deepEqual(c.filesWithDiagnostics(), []);
  });

  test('a file opened or closed with the text already read is not checked again; a changed one is', async () => {
    const files = {
      'file:///w/dossier.yaml': DOSSIER,
      'file:///w/a.txt': ARTICLE,
      'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n    entity: jane-roe\n'),
      'file:///w/b.txt': ARTICLE,
      'file:///w/b.ann.yaml': companion('  - kind: entity\n    text: Roe\n    entity: jane-roe\n'),
    };
    const c = await corpusOf(files);
    c.takeDirty();
    for (const [uri, text] of Object.entries(files)) await c.updateText(uri, text);
    await c.refresh('file:///w/dossier.yaml');
    assert.deepEqual(c.takeDirty(), [], 'the same texts: nothing to publish again');
    await c.updateText('file:///w/dossier.yaml', DOSSIER.replace('Jane Roe', 'Jane Q. Roe'));
    assert.equal(c.takeDirty().length, 5, 'a dossier edit: every file of its scope');
    await c.updateText('file:///w/a.ann.yaml', files['file:///w/a.ann.yaml'].replace('Jane Roe', 'Roe'));
    assert.deepEqual(c.takeDirty().sort(), ['file:///w/a.ann.yaml', 'file:///w/a.txt']);
    await c.updateText('file:///w/b.txt', 'Today. ' + ARTICLE);
    assert.deepEqual(c.takeDirty().sort(), ['file:///w/b.ann.yaml', 'file:///w/b.txt']);
    assert.deepEqual(codes(c.diagnostics('file:///w/b.ann.yaml')), [], 'and still anchored');
  });

  test('a companion read before its article is anchored once the article is there, even with its text unchanged', async () => {
    const ws = new InMemoryWorkspace({ 'file:///w/a.ann.yaml': companion('  - kind: entity\n    text: Jane Roe\n') });
    const c = new Corpus(ws);
    await c.indexAll();
    assert.deepEqual(codes(c.diagnostics('file:///w/a.ann.yaml')), ['1:companion-without-article']);
    ws.set('file:///w/a.txt', ARTICLE);
    await c.refresh('file:///w/a.ann.yaml');
    assert.deepEqual(codes(c.diagnostics('file:///w/a.ann.yaml')), []);
    assert.equal(c.annotationsOf('file:///w/a.ann.yaml')[0].anchor.state, 'placed');
  });

  test('a companion opened before its article is read is not reported as without one meanwhile', async () => {
    const ws = new InMemoryWorkspace({ 'file:///w/a.txt': ARTICLE });
    const c = new Corpus(ws);
    await c.indexAll();
    c.takeDirty();
    const text = companion('  - kind: entity\n    text: Jane Roe\n');
    const opened = c.updateText('file:///w/a.ann.yaml', text);
    assert.deepEqual(c.takeDirty(), [], 'nothing to publish while the article is read');
    await opened;
    assert.deepEqual(c.takeDirty().sort(), ['file:///w/a.ann.yaml', 'file:///w/a.txt']);
    assert.deepEqual(c.diagnostics('file:///w/a.ann.yaml'), []);
    // With no article at all, the companion says so once the read comes back empty.
    const lone = c.updateText('file:///w/b.ann.yaml', text);
    assert.deepEqual(c.takeDirty(), []);
    await lone;
    assert.deepEqual(c.takeDirty().sort(), ['file:///w/b.ann.yaml', 'file:///w/b.txt']);
    assert.deepEqual(codes(c.diagnostics('file:///w/b.ann.yaml')), ['1:companion-without-article']);
  });

  test('articles without a companion are indexed only under a dossier', async () => {
    const c = await corpusOf({
      'file:///w/d/dossier.yaml': DOSSIER,
      'file:///w/d/sub/a.txt': ARTICLE,
      'file:///w/other/readme.txt': 'not an article',
    });
    assert.equal(c.isIndexedArticle('file:///w/d/sub/a.txt'), true);
    assert.equal(c.isIndexedArticle('file:///w/other/readme.txt'), false);
    assert.equal(c.dossierFor('file:///w/d/sub/a.txt')?.uri, 'file:///w/d/dossier.yaml');
    assert.ok(c.getArticle('file:///w/d/sub/a.txt'));
    assert.equal(c.getArticle('file:///w/other/readme.txt'), undefined);
  });

  test('malformed input of every shape never throws', async () => {
    const inputs = ['', '---', '- a\n- b', 'annotations: 5', 'annotations:\n  - 7\n  - [x]\n  - kind: 9', 'source: [', '&a [*a]', ': : :', '\t\t'];
    for (const text of inputs) {
      const c = await corpusOf({ 'file:///w/a.txt': ARTICLE, 'file:///w/a.ann.yaml': text, 'file:///w/dossier.yaml': text });
      for (const uri of c.filesWithDiagnostics()) assert.ok(Array.isArray(c.diagnostics(uri)), text);
    }
  });
});

describe('while indexing', () => {
  test('one file can be made ready ahead of the rest, and cross-source findings wait for the whole scope', async () => {
    const files: Record<string, string> = { 'file:///w/dossier.yaml': DOSSIER };
    for (let i = 0; i < 40; i++) {
      files[`file:///w/a${i}.txt`] = `Officials counted ${i % 2 ? '8,000' : '5,000'} workers.\n`;
      files[`file:///w/a${i}.ann.yaml`] = companion(`  - kind: figure\n    text: ${i % 2 ? '8,000' : '5,000'} workers\n    quantity: strikers\n    claimant: port-authority\n`);
    }
    const c = new Corpus(new InMemoryWorkspace(files));
    const indexing = c.indexAll();
    assert.equal(c.isIndexing, true);
    await c.ensure('file:///w/a39.txt');
    assert.equal(c.annotationsOf('file:///w/a39.ann.yaml')[0]?.anchor.state, 'placed', 'ready before the index ends');
    assert.ok(!c.diagnostics('file:///w/a39.ann.yaml').some((d) => d.code === 'figure-conflict'), 'no half-scope comparison');
    await indexing;
    assert.equal(c.isIndexing, false);
    assert.ok(c.diagnostics('file:///w/a39.ann.yaml').some((d) => d.code === 'figure-conflict'), 'compared once the scope is whole');
  });
});
