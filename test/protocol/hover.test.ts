/**
 * Hovers over stdio on the sample dossier: the cross-source figure table
 * with links to other articles' spans, quote counterparts with word diffs,
 * the claim stance table, and the companion sentence view.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { lineStarts, positionAt } from '../../server/src/core/text';
import { ROOT, TestClient, uri } from '../support/lspClient';

const SAMPLES = join(ROOT, 'samples');
let client: TestClient;

before(async () => {
  client = await TestClient.start(SAMPLES);
  await client.indexed();
});
after(() => client?.stop());

/** The position of the n-th occurrence of `needle` in a sample file. */
function at(file: string, needle: string, nth = 0) {
  let text = readFileSync(join(SAMPLES, file), 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} in ${file}`);
  return positionAt(lineStarts(text), i + 1);
}

async function hoverText(file: string, needle: string, nth = 0): Promise<string> {
  const r = (await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: uri(join(SAMPLES, file)) },
    position: at(file, needle, nth),
  })) as { contents: { kind: string; value: string } } | null;
  assert.ok(r, `a hover on ${needle}`);
  assert.equal(r.contents.kind, 'markdown');
  return r.contents.value;
}

test('a figure shows every source’s reading, the verdict and links to the other spans', async () => {
  const md = await hoverText('harbour-post.txt', '5,000 workers');
  assert.match(md, /\*\*Workers on strike\*\* — 4 readings in 3 outlets from 2 claimants; spread 5,000–12,000/);
  assert.match(md, /⚠ \*\*Conflict\*\*/);
  // the current source is marked, others link to their article at the exact span
  assert.match(md, /\| ▶ \| Almará Port Authority \| \*\*\[5,000 workers\]\(file:\/\/[^)]*harbour-post\.txt#L\d+,\d+\)\*\*/);
  const meridian = at('meridian-wire.txt', '8,000');
  assert.ok(md.includes(`meridian-wire.txt#L${meridian.line + 1},${meridian.character}`), md);
  assert.match(md, /National Dockworkers' Union \| \[up to 12,000 workers\]/);
});

test('a quote shows its counterparts, the other speaker flagged, and a word diff', async () => {
  const md = await hoverText('continental-dispatch.txt', 'Every day this port stays shut');
  assert.match(md, /\*\*Quote\*\*/);
  assert.match(md, /Speaker: \*\*Marco Ferrer\*\*/);
  assert.match(md, /\[The Harbour Post\]\(file:/);
  assert.match(md, /~~Every~~|\*\*Each\*\*/, 'removed and added words are marked');
});

test('a misattributed quote flags the differing speaker', async () => {
  const md = await hoverText('tidewater-shipping.txt', 'There will be no negotiation');
  assert.match(md, /⚠ Lucía Ortega/);
});

test('a claim shows who holds which stance in which outlet', async () => {
  const md = await hoverText('meridian-wire.ann.yaml', 'claim: strike-legal');
  assert.match(md, /The strike is legal/);
  const claimMd = await hoverText('harbour-post.txt', 'now in its third day, was illegal');
  assert.match(claimMd, /◆ \*\*contested\*\*/);
  assert.match(claimMd, /✓ asserts/);
  assert.match(claimMd, /✗ denies/);
});

test('in a companion, an annotation shows its article sentence with the span in bold', async () => {
  const md = await hoverText('harbour-post.ann.yaml', 'kind: figure');
  assert.match(md, /^> .*\*\*.+\*\*/m);
  assert.match(md, /placed — \[harbour-post\.txt:\d+\]/);
});

test('a dossier key shows its definition and how many sources use it', async () => {
  const md = await hoverText('dossier.yaml', 'strikers:');
  assert.match(md, /\*\*Workers on strike\*\*/);
  assert.match(md, /Used \d+ times in \d+ sources/);
});

test('a hover cancelled before the server reached it is answered as cancelled; the next one is answered', async () => {
  const params = { textDocument: { uri: uri(join(SAMPLES, 'harbour-post.txt')) }, position: at('harbour-post.txt', '5,000 workers') };
  // The cancellation reaches the server together with the request, before it is handled.
  const answers = client.rawResponses(['cancelled-hover', 'kept-hover']);
  client.sendAtOnce([
    { id: 'cancelled-hover', method: 'textDocument/hover', params },
    { method: '$/cancelRequest', params: { id: 'cancelled-hover' } },
    { id: 'kept-hover', method: 'textDocument/hover', params },
  ]);
  const got = await answers;
  const first = got.get('cancelled-hover');
  assert.deepEqual({ error: first?.error?.code, result: first?.result }, { error: -32800, result: undefined });
  const second = got.get('kept-hover')?.result as { contents?: { value?: string } } | undefined;
  assert.match(second?.contents?.value ?? '', /Workers on strike/);
});
