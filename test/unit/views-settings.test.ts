/**
 * Settings the editor features add: `corroborate.quotes.matchThreshold`
 * (how alike two unkeyed quotes must be to be compared), read by the server's
 * settings and applied by the corpus; and the CodeLens kinds filter.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Corpus } from '../../server/src/core/corpus';
import { codeLenses } from '../../server/src/core/features/codeLens';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { closedFilesNotice, LIST_EVERYTHING } from '../../client/src/closedFilesNoticeText';
import { AUTO_ALL_UP_TO, CLOSED_FILES, RANGES, closedFilesShown, toCorpusOptions, toFeatureSettings } from '../../server/src/lsp/settings';

const A = 'We will not go back until the port pays what it owes us.';
const B = 'We are not going back until the port pays us what we are owed.'; // similarity 0.66

function files(): Record<string, string> {
  return {
    'file:///w/dossier.yaml': 'entities:\n  roe: { name: Jane Roe }\n  doe: { name: John Doe }\nquantities:\n  n: { label: Strikers }\n',
    'file:///w/a.txt': `Roe said: "${A}" Some 8,000 joined.`,
    'file:///w/a.ann.yaml': `source: { outlet: A }\nannotations:\n  - { kind: quote, text: ${JSON.stringify(`"${A}"`)}, speaker: roe }\n  - { kind: figure, text: "8,000", quantity: n }\n`,
    'file:///w/b.txt': `Doe said: "${B}"`,
    'file:///w/b.ann.yaml': `source: { outlet: B }\nannotations:\n  - { kind: quote, text: ${JSON.stringify(`"${B}"`)}, speaker: doe }\n`,
  };
}

test('corroborate.quotes.matchThreshold decides whether two unkeyed quotes are counterparts', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files()));
  await corpus.indexAll();
  const codes = () => corpus.diagnostics('file:///w/a.txt').map((d) => d.code);
  assert.ok(codes().includes('quote-misattributed'), 'at the default 0.4 they are the same quote, given to two speakers');
  corpus.setOptions(toCorpusOptions({ quotes: { matchThreshold: 0.8 } }));
  assert.deepEqual(codes(), [], 'at 0.8 they are different quotes');
  corpus.setOptions(toCorpusOptions({ quotes: { matchThreshold: 0.6 } }));
  assert.ok(codes().includes('quote-misattributed'));
  for (const bad of [0, -1, 2, '0.5', null]) {
    assert.equal(toCorpusOptions({ quotes: { matchThreshold: bad as number } }).quoteMatchThreshold, undefined, String(bad));
  }
});

test('CodeLens kinds: only the kinds asked for, none for an empty list', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files()));
  await corpus.indexAll();
  const kinds = (k?: Parameters<typeof codeLenses>[2]) => codeLenses(corpus, 'file:///w/a.txt', k).map((l) => `${l.kind}: ${l.title}`);
  assert.deepEqual(kinds(), ['quote: quoted in 2 outlets, attributed to 2 speakers', 'figure: 1 outlet · 1 claimant · 8,000']);
  assert.deepEqual(kinds(['figure']), ['figure: 1 outlet · 1 claimant · 8,000']);
  assert.deepEqual(kinds([]), []);
  assert.deepEqual(codeLenses(corpus, 'file:///w/dossier.yaml').map((l) => l.title), ['1 outlet · 1 claimant · 8,000']);
  assert.deepEqual(codeLenses(corpus, 'file:///w/a.ann.yaml'), [], 'no lenses in companions');
});

test('corroborate.codeLens.kinds as the server reads it: every kind unless it is a list', () => {
  const kinds = (codeLens: unknown) => toFeatureSettings({ codeLens } as Parameters<typeof toFeatureSettings>[0]).codeLensKinds;
  assert.deepEqual(kinds(undefined), ['figure', 'quote', 'claim'], 'a client that answers {}');
  assert.deepEqual(kinds({ kinds: 'figure' }), ['figure', 'quote', 'claim']);
  assert.deepEqual(kinds({ kinds: ['claim', 'figure', 'person'] }), ['figure', 'claim']);
  assert.deepEqual(kinds({ kinds: [] }), []);
  assert.deepEqual(toFeatureSettings(null).codeLensKinds, ['figure', 'quote', 'claim']);
});

test('number settings: the ranges package.json declares, and a value outside is ignored', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { type?: string; minimum?: number; maximum?: number }> } };
  };
  const declared = Object.entries(pkg.contributes.configuration.properties)
    .filter(([, p]) => p.type === 'number')
    .map(([name, p]) => [name.replace(/^corroborate\./, ''), [p.minimum ?? -Infinity, p.maximum ?? Infinity]]);
  assert.deepEqual(Object.fromEntries(declared), RANGES);

  const options = (anchoring: unknown, quotes: unknown, limits: unknown) =>
    toCorpusOptions({ anchoring: { threshold: anchoring }, quotes: { matchThreshold: quotes }, limits } as Parameters<typeof toCorpusOptions>[0]);
  assert.deepEqual(options(0.5, 0.1, { maxFileSizeMB: 1, maxAnnotationsPerFile: 1.5, maxFiles: 1 }), {
    severity: {},
    anchorThreshold: 0.5,
    quoteMatchThreshold: 0.1,
    maxFileBytes: 1024 * 1024,
    maxAnnotationsPerFile: 1,
    maxFiles: 1,
  });
  const below = options(0.3, 0.05, { maxFileSizeMB: 0.5, maxAnnotationsPerFile: 0.5, maxFiles: 0 });
  assert.deepEqual([below.anchorThreshold, below.quoteMatchThreshold, below.maxFileBytes, below.maxAnnotationsPerFile, below.maxFiles], [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});

test('corroborate.diagnostics.articleMarks as the server reads it: whenOpen unless one of the three', () => {
  const marks = (articleMarks: unknown) => toFeatureSettings({ diagnostics: { articleMarks } }).articleMarks;
  assert.equal(marks(undefined), 'whenOpen');
  assert.equal(marks('always'), 'always');
  assert.equal(marks('never'), 'never');
  assert.equal(marks('Always'), 'whenOpen');
  assert.equal(marks(true), 'whenOpen');
  assert.equal(toFeatureSettings(null).articleMarks, 'whenOpen');
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: string }> } };
  };
  const declared = pkg.contributes.configuration.properties['corroborate.diagnostics.articleMarks'];
  assert.deepEqual(declared?.enum, ['whenOpen', 'always', 'never']);
  assert.equal(declared?.default, 'whenOpen');
});

test('corroborate.diagnostics.closedFiles as the server reads it: auto unless one of the others, as package.json declares', () => {
  const closed = (closedFiles: unknown) => toFeatureSettings({ diagnostics: { closedFiles } }).closedFiles;
  assert.equal(closed(undefined), 'auto');
  assert.equal(closed('all'), 'all');
  assert.equal(closed('warnings'), 'warnings');
  assert.equal(closed('errors'), 'errors');
  assert.equal(closed('none'), 'none');
  assert.equal(closed('Warnings'), 'auto');
  assert.equal(closed(false), 'auto');
  assert.equal(toFeatureSettings(null).closedFiles, 'auto');
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: string; enumDescriptions?: string[]; markdownDescription?: string }> } };
  };
  const declared = pkg.contributes.configuration.properties['corroborate.diagnostics.closedFiles'];
  assert.deepEqual(declared?.enum, [...CLOSED_FILES]);
  assert.equal(declared?.default, 'auto');
  assert.equal(declared?.enumDescriptions?.length, CLOSED_FILES.length);
  assert.match(declared?.enumDescriptions?.[0] ?? '', new RegExp(AUTO_ALL_UP_TO.toLocaleString('en-US')), 'the limit package.json states is the one the server applies');
});

test('closedFiles auto: everything up to the limit of companions (or while not counted yet), errors and warnings above it; other settings as they are', () => {
  assert.equal(closedFilesShown('auto', undefined), 'all');
  assert.equal(closedFilesShown('auto', 0), 'all');
  assert.equal(closedFilesShown('auto', AUTO_ALL_UP_TO), 'all');
  assert.equal(closedFilesShown('auto', AUTO_ALL_UP_TO + 1), 'warnings');
  for (const mode of ['all', 'warnings', 'errors', 'none'] as const) {
    assert.equal(closedFilesShown(mode, 10 * AUTO_ALL_UP_TO), mode);
    assert.equal(closedFilesShown(mode, 1), mode);
  }
});

test('the notice about closed files: said when auto limits them, with the counts; not for all or a setting the user chose', () => {
  const text = closedFilesNotice({ setting: 'auto', shown: 'warnings', companions: 10000, limit: AUTO_ALL_UP_TO });
  assert.match(text ?? '', /has 10,000 annotated sources, more than 1,000\./);
  assert.match(text ?? '', /list their errors and warnings only/);
  assert.equal(closedFilesNotice({ setting: 'auto', shown: 'all', companions: 12, limit: AUTO_ALL_UP_TO }), undefined);
  assert.equal(closedFilesNotice({ setting: 'warnings', shown: 'warnings', companions: 10000, limit: AUTO_ALL_UP_TO }), undefined);
  assert.equal(LIST_EVERYTHING, 'List Every Finding');
});

test('an article without its marks keeps its own diagnostics only', async () => {
  const corpus = new Corpus(new InMemoryWorkspace(files()));
  await corpus.indexAll();
  const found = ['quote-misattributed', 'quote-divergent'];
  assert.deepEqual(corpus.diagnostics('file:///w/a.txt').map((d) => d.code), found, 'the marks of the companion findings');
  assert.deepEqual(corpus.diagnostics('file:///w/a.txt', false), [], 'without marks: nothing of its own to say');
  assert.deepEqual(corpus.diagnostics('file:///w/a.ann.yaml', false).map((d) => d.code), found, 'a companion is unaffected');
  const unreadable = new InMemoryWorkspace({ ...files(), 'file:///w/a.txt': 'abc\u0000\u0000\u0000def' });
  const other = new Corpus(unreadable);
  await other.indexAll();
  assert.deepEqual(other.diagnostics('file:///w/a.txt', false).map((d) => d.code), ['article-unreadable'], 'its own problem stays');
});
