/**
 * The comparison panel's HTML (client/src/panel/html.ts): a dot plot per
 * quantity with every reading's interval, the quote table with word diffs,
 * the claims matrix, clickable locations; a strict CSP with a nonce, no
 * remote resource, theme colours; and hostile text from user files escaped.
 */
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { before, test } from 'node:test';
import { isOpenMessage, panelHtml } from '../../client/src/panel/html';
import { Corpus } from '../../server/src/core/corpus';
import { editorReport } from '../../server/src/core/features/views';
import type { ReportScope } from '../../server/src/core/report/model';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { sampleCorpus } from '../support/samples';

const OPTIONS = { nonce: 'bm9uY2UtdmFsdWU=', cspSource: "'self' https://*.vscode-cdn.net" };
let scope: ReportScope;

before(async () => {
  const { corpus } = await sampleCorpus();
  scope = editorReport(corpus, 'file:///samples/dossier.yaml').scopes[0];
});

/** The page's body without the nonce'd script, for checks on what user text produced. */
function bodyOf(page: string): string {
  return page.slice(page.indexOf('<body'), page.indexOf('<script nonce='));
}

test('a dot plot per quantity, with every outlet and every reading’s interval', () => {
  const { html, locations } = panelHtml(scope, OPTIONS);
  const plots = html.match(/<svg class="plot"/g) ?? [];
  assert.equal(plots.length, scope.quantities.length);
  for (const q of scope.quantities) assert.ok(html.includes(q.label.replace(/'/g, '&#39;')), q.label);
  for (const s of scope.sources) assert.ok(html.includes(s.outlet), s.outlet);
  // Intervals are lines, values circles, both coloured by outlet class and clickable.
  assert.match(html, /<line x1="[\d.]+" x2="[\d.]+" [^>]*class="mark o\d"[^>]*data-loc="\d+" tabindex="0" role="button">/);
  assert.match(html, /<circle [^>]*class="mark o\d"[^>]*data-loc="\d+"/);
  // Every data-loc points at a location with a URI.
  const indices = [...html.matchAll(/data-loc="(\d+)"/g)].map((m) => Number(m[1]));
  assert.ok(indices.length > 50);
  for (const i of indices) assert.ok(locations[i]?.uri.startsWith('file:///samples/'), String(i));
  const five = locations.find((l) => l.uri.endsWith('harbour-post.txt') && l.range);
  assert.ok(five);
});

test('the quote table shows word diffs and flags the misattributed speaker; the claims matrix shows stances', () => {
  const { html } = panelHtml(scope, OPTIONS);
  assert.ok(html.includes('“<del>Every</del><ins>Each</ins> day <del>this</del><ins>the</ins> port'), 'word diff against the family’s first source');
  assert.match(html, /<td class="flag">Marco Ferrer<\/td>/);
  assert.match(html, /<table class="matrix">/);
  assert.match(html, /<th scope="row">Inés Calvo<\/th>[^]*?<span class="stance asserts"/);
  assert.match(html, /<span class="stance questions"/);
});

test('strict CSP with a nonce, no remote resource, theme colours only', () => {
  const { html } = panelHtml(scope, OPTIONS);
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
  assert.equal(csp, `default-src 'none'; style-src ${OPTIONS.cspSource} 'nonce-${OPTIONS.nonce}'; script-src 'nonce-${OPTIONS.nonce}';`);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, [`<script nonce="${OPTIONS.nonce}">`]);
  assert.deepEqual(html.match(/<style\b[^>]*>/g), [`<style nonce="${OPTIONS.nonce}">`]);
  assert.ok(!/\b(src|href)=/i.test(html), 'no src or href at all');
  assert.ok(!/\sstyle=/i.test(html), 'no inline style attributes (the CSP would block them)');
  assert.ok(!/#[0-9a-f]{6}\b/i.test(html), 'no hard-coded colours');
  assert.match(html, /var\(--vscode-charts-blue\)/);
  assert.ok(!/https?:\/\//.test(html.replace(OPTIONS.cspSource, '')), 'no URL besides the webview’s own CSP source');
});

test('hostile text in user files is escaped everywhere', async () => {
  const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;
  const link = `javascript:alert(3)`;
  const files: Record<string, string> = {
    'file:///w/dossier.yaml': [
      `title: ${JSON.stringify(evil)}`,
      'entities:',
      `  boss: { name: ${JSON.stringify(`${evil} [x](${link})`)} }`,
      'quantities:',
      `  q: { label: ${JSON.stringify(evil)}, unit: ${JSON.stringify('"><svg onload=alert(4)>')} }`,
      'claims:',
      `  c: { label: ${JSON.stringify(`<a href="${link}">click</a>`)} }`,
      'quotes:',
      `  k: { label: ${JSON.stringify(evil)}, speaker: boss }`,
    ].join('\n'),
    'file:///w/a.txt': `He said "<script>alert(5)</script> we stay" and 12,000 <b>workers</b> came. ${link}`,
    'file:///w/a.ann.yaml': [
      'source:',
      `  outlet: ${JSON.stringify(`</td><script>alert(6)</script>`)}`,
      `  published: 2026-03-04`,
      'annotations:',
      `  - { kind: figure, text: "12,000 <b>workers</b>", quantity: q, claimant: boss }`,
      `  - { kind: quote, text: ${JSON.stringify('"<script>alert(5)</script> we stay"')}, quote: k, speaker: boss }`,
      `  - { kind: claim, text: ${JSON.stringify(link)}, claim: c, stance: denies }`,
    ].join('\n'),
    'file:///w/b.txt': `Another said "we stay" and 9,000 came.`,
    'file:///w/b.ann.yaml': ['source:', `  outlet: "O'Brien & <Sons>"`, 'annotations:', '  - { kind: figure, text: "9,000", quantity: q }', '  - { kind: quote, text: "\\"we stay\\"", quote: k }', '  - { kind: claim, text: "9,000 came", claim: c }'].join('\n'),
  };
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const report = editorReport(corpus, 'file:///w/dossier.yaml');
  const hostile = report.scopes[0];
  assert.equal(hostile.quantities.length, 1, 'the hostile files still make a report');
  assert.ok(hostile.quotes.length && hostile.claims.length);
  const { html } = panelHtml(hostile, OPTIONS);
  const body = bodyOf(html);
  // Every real tag is one the page itself writes, and none has a link, a source or a handler.
  const tags = body.match(/<[a-z][^>]*>/gi) ?? [];
  const names = new Set(tags.map((t) => t.slice(1).split(/[\s>/]/)[0].toLowerCase()));
  const allowed = new Set(['body', 'h1', 'h2', 'h3', 'ul', 'li', 'span', 'section', 'svg', 'text', 'line', 'circle', 'title', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 'ins', 'br', 'p', 'code']);
  assert.deepEqual([...names].filter((n) => !allowed.has(n)), [], 'no element from user text');
  assert.deepEqual(tags.filter((t) => /\s(href|src|on\w+|style)\s*=/i.test(t.replace(/="[^"]*"/g, `=""`))), [], 'no link, source, handler or style attribute');
  assert.ok(!/<script/i.test(body), 'no script element from user text');
  assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(body, /&lt;\/td&gt;&lt;script&gt;alert\(6\)/);
  assert.match(body, /O&#39;Brien &amp; &lt;Sons&gt;/);
  assert.match(body, /&quot;&gt;&lt;svg onload=alert\(4\)&gt;/);
  // The title (dossier text) is escaped too, and the CSP is intact.
  assert.match(html, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;&quot;&#39;&amp;<\/h1>/);
  assert.equal((html.match(/<script\b/g) ?? []).length, 1);
});

test('an empty scope and the posted messages', () => {
  const { html, locations } = panelHtml(undefined, OPTIONS);
  assert.match(html, /No annotated sources here yet/);
  assert.equal(locations.length, 0);
  assert.equal(isOpenMessage({ type: 'open', loc: 3 }), true);
  for (const m of [null, 'open', { type: 'open', loc: '3' }, { type: 'open', loc: 1.5 }, { type: 'run', loc: 1 }]) assert.equal(isOpenMessage(m), false);
});

/**
 * Runs the page's script in a bare context standing for the webview: its
 * state (as `acquireVsCodeApi` keeps it across redraws), scrolling, and the
 * messages it posts.
 */
function runScript(page: string, state: unknown) {
  const script = page.slice(page.indexOf('>', page.indexOf('<script nonce=')) + 1, page.lastIndexOf('</script>'));
  const dataPage = /<body data-page="([^"]*)">/.exec(page)?.[1] ?? null;
  const seen = { state, scrolledTo: [] as number[], posted: [] as unknown[], listeners: new Map<string, (e: unknown) => void>(), frames: [] as Array<() => void> };
  const context: Record<string, unknown> = {
    acquireVsCodeApi: () => ({ getState: () => seen.state, setState: (s: unknown) => (seen.state = s), postMessage: (m: unknown) => seen.posted.push(m) }),
    document: { body: { getAttribute: (name: string) => (name === 'data-page' ? dataPage : null) }, addEventListener: (type: string, f: (e: unknown) => void) => seen.listeners.set(`document:${type}`, f) },
    requestAnimationFrame: (f: () => void) => seen.frames.push(f),
    scrollY: 0,
    scrollTo: (_x: number, y: number) => seen.scrolledTo.push(y),
    addEventListener: (type: string, f: (e: unknown) => void) => seen.listeners.set(`window:${type}`, f),
  };
  context.window = context;
  vm.runInNewContext(script, context);
  const scroll = (y: number) => {
    context.scrollY = y;
    seen.listeners.get('window:scroll')!({});
  };
  return { seen, scroll };
}

test('the panel comes back where it was scrolled to when it is redrawn for the same dossier, not for another', () => {
  const { html } = panelHtml(scope, OPTIONS);
  const first = runScript(html, undefined);
  assert.deepEqual(first.seen.scrolledTo, [], 'a first drawing stays at the top');
  // Scrolling is saved once per frame.
  first.scroll(300);
  first.scroll(420);
  assert.equal(first.seen.frames.length, 1);
  first.seen.frames.shift()!();
  const saved = first.seen.state;
  // (Objects made in the page's context: compared as the webview would keep them, as JSON.)
  assert.deepEqual(JSON.parse(JSON.stringify(saved)), { page: scope.dossier, y: 420 });
  // Redrawn after a change: the webview keeps its state, the page scrolls back.
  const again = runScript(panelHtml(scope, OPTIONS).html, saved);
  assert.deepEqual(again.seen.scrolledTo, [420]);
  // Another dossier's page starts at the top.
  const other = runScript(panelHtml({ ...scope, dossier: 'file:///elsewhere/dossier.yaml' }, OPTIONS).html, saved);
  assert.deepEqual(other.seen.scrolledTo, []);
  // A click still posts only the location's index.
  again.seen.listeners.get('document:click')!({ target: { closest: () => ({ getAttribute: () => '7' }) } });
  assert.deepEqual(JSON.parse(JSON.stringify(again.seen.posted)), [{ type: 'open', loc: 7 }]);
});
