/**
 * The views' pure shaping (client/src/views/model.ts) and the server's
 * view data (server/src/core/features/views.ts), on the samples: what the
 * Sources, Quantities, Quotes and Claims trees and the status bar show.
 * No `vscode` here: these run in Node.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  anchorStatus,
  claimNodes,
  findingIcon,
  flatten,
  ICONS,
  quantityNodes,
  quoteNodes,
  sourceNodes,
  spread,
  type ViewNode,
} from '../../client/src/views/model';
import type { Corpus } from '../../server/src/core/corpus';
import { anchorHealth, editorReport, sourceSummaries } from '../../server/src/core/features/views';
import type { Report } from '../../server/src/core/report/model';
import { sampleCorpus } from '../support/samples';

const MAIN = 'file:///samples/dossier.yaml';
let corpus: Corpus;
let report: Report;

before(async () => {
  ({ corpus } = await sampleCorpus());
  report = editorReport(corpus, MAIN);
});

const byLabel = (nodes: readonly ViewNode[], label: string) => {
  const n = nodes.find((x) => x.label === label);
  assert.ok(n, `${label} among ${nodes.map((x) => x.label).join(', ')}`);
  return n;
};

test('Sources: one node per outlet with date, counts and problems; a click opens the article', () => {
  const nodes = sourceNodes(sourceSummaries(corpus, MAIN));
  assert.deepEqual(nodes.map((n) => n.label), ['Meridian Wire', 'The Harbour Post', 'Crónica de Almará (English edition)', 'Tidewater Shipping News', 'Continental Dispatch']);
  const harbour = byLabel(nodes, 'The Harbour Post');
  assert.match(harbour.description!, /^2026-03-04 · 22 annotations · \d+ warnings?$/);
  assert.deepEqual(harbour.open, { uri: 'file:///samples/harbour-post.txt' });
  assert.equal(harbour.icon, ICONS.contested, 'warnings (figure-conflict) mark the source');
  assert.deepEqual(harbour.children!.map((c) => c.label), ['6 entitys · 2 claims · 6 figures · 4 quotes · 3 dates · 1 note', '22 placed · 0 drifted · 0 ambiguous · 0 orphaned', 'Annotations']);
  assert.deepEqual(harbour.children![2].open, { uri: 'file:///samples/harbour-post.ann.yaml' });
});

test('Sources of several dossiers are grouped by dossier; a source without its article opens its companion', () => {
  const nodes = sourceNodes(sourceSummaries(corpus));
  assert.deepEqual(nodes.map((n) => n.label).sort(), ['Almará port strike (broken samples)', 'Almará port strike, March 2026']);
  const broken = byLabel(nodes, 'Almará port strike (broken samples)');
  const missing = broken.children!.find((c) => c.open?.uri.endsWith('missing-article.ann.yaml'));
  assert.ok(missing, 'the source whose article is missing opens its companion');
  assert.equal(missing.icon, ICONS.conflict);
  assert.match(missing.tooltip!, /article file is missing/);
});

test('Quantities: label, outlets · claimants · spread, disagreement icons, figures by claimant that open their words', () => {
  const nodes = quantityNodes(report);
  assert.equal(nodes.length, 12, 'every quantity of the dossier that has figures');
  const strikers = byLabel(nodes, 'Workers on strike');
  assert.equal(strikers.description, '3 outlets · 2 claimants · 5,000–12,000 workers');
  assert.equal(strikers.icon, ICONS.conflict);
  const authority = byLabel(strikers.children!, 'Almará Port Authority');
  assert.equal(authority.icon, ICONS.conflict);
  assert.deepEqual(authority.children!.map((f) => [f.label, f.description]), [
    ['“8,000”', 'Meridian Wire · as of 2026-03-02'],
    ['“5,000 workers”', 'The Harbour Post · as of 2026-03-02'],
  ]);
  const five = authority.children![1];
  assert.equal(five.open?.uri, 'file:///samples/harbour-post.txt');
  assert.ok(five.open?.range && five.open.range.end.character > five.open.range.start.character);
  assert.equal(byLabel(nodes, 'People at the Tuesday march in Almará').icon, ICONS.agree);
  // Ids are unique (VS Code requires it within a view).
  const ids = flatten(nodes).map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('Quotes: families with counterparts and speakers; the misattributed source is marked', () => {
  const nodes = quoteNodes(report);
  const ortega = byLabel(nodes, 'No negotiation while a single crane stands idle');
  assert.equal(ortega.icon, ICONS.conflict);
  assert.match(ortega.description!, /^2 outlets · Lucía Ortega, Marco Ferrer$/);
  const tidewater = byLabel(ortega.children!, 'Tidewater Shipping News');
  assert.equal(tidewater.icon, ICONS.conflict);
  assert.match(tidewater.description!, /^Marco Ferrer — “There will be no negotiation/);
  assert.equal(byLabel(ortega.children!, 'Meridian Wire').icon?.id, 'quote');
  assert.equal(byLabel(nodes, 'Ferrer says every day of the strike costs money the country does not have').icon, ICONS.contested);
  const ids = flatten(nodes).map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('Claims: stance per claimant, contested marked', () => {
  const nodes = claimNodes(report);
  const legal = byLabel(nodes, 'The strike is legal');
  assert.equal(legal.icon, ICONS.contested);
  assert.equal(legal.description, '1 assert · 3 deny · 1 question');
  assert.deepEqual(
    legal.children!.map((c) => `${c.label}: ${c.description}`).sort(),
    [
      'Almará Port Authority: denies · Continental Dispatch',
      'Almará Port Authority: denies · Crónica de Almará (English edition)',
      'Almará Port Authority: denies · The Harbour Post',
      'Inés Calvo: asserts · Meridian Wire',
      'Lucía Ortega: questions · Continental Dispatch',
    ],
  );
  assert.equal(byLabel(nodes, 'The automation plan will cut jobs').icon, ICONS.agree);
});

test('several scopes become one group per dossier in the report views', () => {
  const all = editorReport(corpus);
  const nodes = quantityNodes(all);
  assert.equal(nodes.length, 2);
  assert.ok(nodes.every((n) => n.icon?.id === 'folder' && n.children?.length));
  const ids = flatten(nodes).map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, 'ids stay unique across scopes');
});

test('finding icons and spreads', () => {
  assert.equal(findingIcon(['figure-conflict', 'figure-contested']), ICONS.conflict);
  assert.equal(findingIcon(['quote-divergent']), ICONS.contested);
  assert.equal(findingIcon([]), undefined);
  assert.equal(spread({ min: null, max: null, unit: null }), 'no values');
  assert.equal(spread({ min: 8000, max: 8000, unit: 'workers' }), '8,000 workers');
  assert.equal(spread({ min: 59e9, max: 6e10, unit: 'USD' }), '59 billion–60 billion USD');
});

test('status bar text: placed, drifted, orphaned, and a warning when some are not attached', () => {
  const health = anchorHealth(corpus, 'file:///samples/meridian-wire.txt');
  assert.ok(health);
  const ok = anchorStatus(health);
  assert.equal(ok.text, `$(check) ${health.total} placed · 0 drifted · 0 orphaned`);
  assert.equal(ok.warn, false);
  const bad = anchorStatus({ ...health, placed: 20, moved: 1, drifted: 1, orphaned: 0, ambiguous: 2, total: 24 });
  assert.equal(bad.text, '$(warning) 21 placed · 2 ambiguous · 1 drifted · 0 orphaned');
  assert.equal(bad.warn, true);
  assert.match(bad.tooltip, /24 annotations/);
  assert.equal(anchorHealth(corpus, MAIN), undefined);
  const broken = sourceSummaries(corpus).filter((s) => s.dossierUri?.includes('/broken/'));
  assert.ok(broken.some((s) => anchorStatus({ ...s.anchors, total: s.annotations, articleUri: s.articleUri, companionUri: s.companionUri }).warn));
});
