/**
 * Navigation over stdio against the real bundled server: definition,
 * references, document links, document and workspace symbols, semantic
 * tokens, on a temp folder with a dossier and two sources.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DocumentLink, DocumentSymbol, Location, SemanticTokens, SymbolInformation } from 'vscode-languageserver-protocol';
import { FILES, GAZETTE_ANN } from '../support/navigationFixture';
import { TestClient, uri } from '../support/lspClient';

let dir: string;
let client: TestClient;
const U: Record<'dossier' | 'gazette' | 'gazetteAnn' | 'herald' | 'heraldAnn', string> = {} as never;

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const pos = (line: number, character: number) => ({ line, character });
const doc = (u: string) => ({ textDocument: { uri: u } });
const name = (l: { uri: string }) => l.uri.split('/').pop();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-navigation-'));
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(dir, file), text);
  Object.assign(U, {
    dossier: uri(join(dir, 'dossier.yaml')),
    gazette: uri(join(dir, 'gazette.txt')),
    gazetteAnn: uri(join(dir, 'gazette.ann.yaml')),
    herald: uri(join(dir, 'herald.txt')),
    heraldAnn: uri(join(dir, 'herald.ann.yaml')),
  });
  client = await TestClient.start(dir);
  // indexing is over once the orphaned note is reported
  await client.diagnosticsOf(U.heraldAnn, (ds) => ds.some((d) => d.code === 'anchor-orphaned'), 'the index');
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the server announces every navigation capability and the token legend', () => {
  const caps = client.initializeResult!.capabilities;
  assert.equal(caps.definitionProvider, true);
  assert.equal(caps.referencesProvider, true);
  assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
  assert.ok(caps.documentSymbolProvider);
  assert.equal(caps.workspaceSymbolProvider, true);
  assert.deepEqual(caps.semanticTokensProvider, {
    legend: { tokenTypes: ['figure', 'quote', 'entity', 'claim', 'date', 'note'], tokenModifiers: ['drifted', 'ambiguous', 'conflict', 'contested'] },
    full: true,
    range: true,
  });
});

test('definition: article words → dossier key; companion text → article words', async () => {
  const fromArticle = await client.connection.sendRequest<Location[]>('textDocument/definition', { ...doc(U.herald), position: pos(0, 62) });
  assert.deepEqual(fromArticle, [{ uri: U.dossier, range: r(2, 2, 2, 10) }]);
  const fromText = await client.connection.sendRequest<Location[]>('textDocument/definition', { ...doc(U.gazetteAnn), position: pos(12, 15) });
  assert.deepEqual(fromText, [{ uri: U.gazette, range: r(1, 1, 2, 19) }]);
  const fromSpeaker = await client.connection.sendRequest<Location[]>('textDocument/definition', { ...doc(U.dossier), position: pos(9, 50) });
  assert.deepEqual(fromSpeaker, [{ uri: U.dossier, range: r(2, 2, 2, 10) }]);
  const nothing = await client.connection.sendRequest<Location[]>('textDocument/definition', { ...doc(U.gazette), position: pos(0, 2) });
  assert.deepEqual(nothing, []);
});

test('references: from an article, the annotated words in both sources', async () => {
  const refs = await client.connection.sendRequest<Location[]>('textDocument/references', {
    ...doc(U.gazette),
    position: pos(0, 25),
    context: { includeDeclaration: true },
  });
  assert.deepEqual(refs, [
    { uri: U.dossier, range: r(5, 2, 5, 10) },
    { uri: U.gazette, range: r(0, 21, 0, 40) },
    { uri: U.herald, range: r(0, 0, 0, 25) },
  ]);
});

test('references: from a companion key, the YAML values too', async () => {
  const refs = await client.connection.sendRequest<Location[]>('textDocument/references', {
    ...doc(U.heraldAnn),
    position: pos(11, 14),
    context: { includeDeclaration: false },
  });
  assert.deepEqual(
    refs.map((l) => `${name(l)}:${l.range.start.line}:${l.range.start.character}`),
    ['gazette.ann.yaml:20:11', 'gazette.txt:3:0', 'herald.ann.yaml:11:11', 'herald.txt:1:22'],
  );
});

test('corroborate/stats: how long the definition and references handlers took, then forgotten on reset', async () => {
  type Pauses = { count: number; totalMs: number; maxMs: number };
  type Stats = { requests: Record<string, { n: number; p50: number; p99: number; max: number }>; memory: { rss: number; heapUsedNoGc: number }; gc: { minor: Pauses; major: Pauses; idle: Pauses } };
  const stats = await client.connection.sendRequest<Stats>('corroborate/stats', { reset: true });
  const definition = stats.requests['textDocument/definition'];
  assert.equal(definition?.n, 4, 'the four definition requests of the test before: ' + JSON.stringify(stats.requests));
  assert.ok(definition.p50 >= 0 && definition.p50 <= definition.p99 && definition.p99 <= definition.max, JSON.stringify(definition));
  assert.equal(stats.requests['textDocument/references']?.n, 2, 'the two references requests of the tests before');
  assert.ok(stats.memory.rss > stats.memory.heapUsedNoGc && stats.memory.heapUsedNoGc > 0, JSON.stringify(stats.memory));
  // Indexing the fixture made garbage: the server has collected it at least once since it started.
  assert.ok(stats.gc.minor.count + stats.gc.major.count > 0, JSON.stringify(stats.gc));
  assert.ok(stats.gc.minor.maxMs <= stats.gc.minor.totalMs && stats.gc.major.maxMs <= stats.gc.major.totalMs, JSON.stringify(stats.gc));
  // Scavenges the server made while quiet are reported apart (how many depends on the heap: none is as good as some).
  assert.ok(stats.gc.idle.count >= 0 && stats.gc.idle.maxMs <= stats.gc.idle.totalMs, JSON.stringify(stats.gc));
  const after = await client.connection.sendRequest<Stats>('corroborate/stats', {});
  assert.equal(after.requests['textDocument/definition'], undefined, 'forgotten: ' + JSON.stringify(after.requests));
  assert.ok(after.gc.minor.count + after.gc.major.count < stats.gc.minor.count + stats.gc.major.count, 'pauses counted afresh: ' + JSON.stringify(after.gc));
});

test('document links from text values to the article, with line and column', async () => {
  const links = await client.connection.sendRequest<DocumentLink[]>('textDocument/documentLink', doc(U.gazetteAnn));
  assert.equal(links.length, 6);
  assert.deepEqual(links[1], { range: r(9, 10, 9, 24), target: `${U.gazette}#L1,58`, tooltip: 'Open in gazette.txt' });
});

test('document symbols: article grouped by kind; dossier by section', async () => {
  const article = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', doc(U.gazette));
  assert.deepEqual(article.map((s) => `${s.name}:${s.children!.map((c) => c.name).join('|')}`), [
    'figures:About 8,000 workers',
    'quotes:We will not go back until the port pays',
    'entities:Port Authority|Jane Roe|Roe',
    'claims:The strike is legal, Roe said',
  ]);
  assert.equal(article[0].kind, 3 /* Namespace */);
  assert.equal(article[0].children![0].kind, 16 /* Number */);
  assert.equal(article[0].children![0].detail, 'strikers — Workers on strike');
  const dossier = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', doc(U.dossier));
  assert.deepEqual(dossier.map((s) => s.name), ['entities', 'quantities', 'claims', 'quotes']);
  assert.deepEqual(dossier[0].children!.map((c) => [c.name, c.detail, c.kind]), [['jane-roe', 'Jane Roe', 19], ['port-authority', 'Port Authority', 19]]);
  const companion = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', doc(U.heraldAnn));
  assert.deepEqual(companion.map((s) => s.name), ['source', 'figure: Nearly 7,500 dock workers', 'entity: Jane Roe', 'claim: the strike is legal', 'note: words that are not in the article']);
});

test('workspace symbols: definitions and sources', async () => {
  const found = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'gaz' });
  assert.deepEqual(found, [{ name: 'The Gazette', kind: 1 /* File */, containerName: 'gazette.txt', location: { uri: U.gazetteAnn, range: r(1, 2, 3, 0) } }]);
  const roe = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Roe' });
  assert.deepEqual(roe.map((s) => [s.name, s.kind]), [['Jane Roe', 19], ['Workers on strike', 16]]);
});

/** Decodes the wire form into `line:char+length type[.modifiers]`. */
function decode(tokens: SemanticTokens): string[] {
  const legend = client.initializeResult!.capabilities.semanticTokensProvider!.legend;
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const modifiers = legend.tokenModifiers.filter((_, bit) => mods & (1 << bit));
    out.push(`${line}:${char}+${len} ${[legend.tokenTypes[type], ...modifiers].join('.')}`);
  }
  return out;
}

test('semantic tokens, full and range, decoded to kinds at the spans', async () => {
  const full = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', doc(U.gazette));
  assert.deepEqual(decode(full), ['0:21+19 figure', '0:57+14 entity', '1:1+19 quote', '2:0+19 quote', '2:27+8 entity', '3:0+21 claim', '3:21+3 entity', '3:24+5 claim']);
  const range = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/range', { ...doc(U.herald), range: r(1, 0, 2, 0) });
  assert.deepEqual(decode(range), ['1:22+19 claim']);
  const yaml = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', doc(U.gazetteAnn));
  assert.deepEqual(yaml.data, []);
});

test('an edited companion buffer changes the article tokens at once', async () => {
  const edited = GAZETTE_ANN.replace('  - kind: entity\n    text: Port Authority', '  - kind: note\n    text: Port Authority');
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: U.gazetteAnn, languageId: 'yaml', version: 1, text: edited },
  });
  // The server reads an opened buffer before it answers the next request.
  const full = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', doc(U.gazette));
  assert.equal(decode(full)[1], '0:57+14 note');
});

test('a request sent right behind a burst of edits is answered from the last of them', async () => {
  // The buffer is open (previous test). Three changes and a request reach the server in one write.
  const kinds = ['claim', 'quote', 'entity'];
  const change = (version: number, kind: string) => ({
    method: 'textDocument/didChange',
    params: {
      textDocument: { uri: U.gazetteAnn, version },
      contentChanges: [{ text: GAZETTE_ANN.replace('  - kind: entity\n    text: Port Authority', `  - kind: ${kind}\n    text: Port Authority`) }],
    },
  });
  const answer = client.rawResponses(['tokens-after-burst']);
  client.sendAtOnce([
    ...kinds.map((kind, i) => change(10 + i, kind)),
    { id: 'tokens-after-burst', method: 'textDocument/semanticTokens/full', params: doc(U.gazette) },
  ]);
  const full = (await answer).get('tokens-after-burst')?.result as SemanticTokens;
  assert.equal(decode(full)[1], '0:57+14 entity');
  // And without a request behind them, the changes are taken once the client pauses.
  client.sendAtOnce([change(20, 'note'), change(21, 'quote')]);
  await new Promise((r) => setTimeout(r, 300));
  const later = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', doc(U.gazette));
  assert.equal(decode(later)[1], '0:57+14 quote');
});
