/**
 * The pure parts of the warm-start cache: the compact form of diagnostics
 * (exact round trip, fallback for what it does not model, rejection of
 * anything it did not write) and which files make up which scope.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { toLspDiagnostic } from '../../server/src/lsp/convert';
import { DiagnosticsTables } from '../../server/src/lsp/diagnosticsCodec';
import { isWithin, membersByScope, scopeOf } from '../../server/src/lsp/warmCache';

const A = 'file:///w/a.txt';
const B = 'file:///w/b.txt';
const range = (l: number, c: number, l2: number, c2: number) => ({ start: { line: l, character: c }, end: { line: l2, character: c2 } });

function sample(): Diagnostic[] {
  const related = (uri: string, line: number, message: string) => ({ uri, range: range(line, 1, line, 9), message });
  return [
    toLspDiagnostic({ uri: A, range: range(3, 4, 3, 20), severity: 'information', code: 'figure-contested', message: 'Workers is contested: “8,000” here; 5,000 (Post)', related: [related(B, 7, 'Post: 5,000'), related(B, 9, 'Post: 5,500')], data: { key: 'workers', values: [8000, 5000] } }, true),
    toLspDiagnostic({ uri: A, range: range(0, 0, 0, 0), severity: 'error', code: 'yaml-syntax', message: 'bad' }, true),
    toLspDiagnostic({ uri: A, range: range(5, 0, 5, 3), severity: 'hint', code: 'anchor-drifted', message: 'moved', related: [related(B, 7, 'Post: 5,000')] }, false),
    // Latin-1 past ASCII (kept one byte a character), from a piece of a string that is not.
    toLspDiagnostic({ uri: A, range: range(6, 0, 6, 3), severity: 'information', code: 'claim-contested', message: `${'“x” Crónica del Puerto'.slice(4)} «cita» ÿ ñ é`, related: [related(B, 2, 'Crónica del Puerto: ¼ of 5,000')] }, false),
  ];
}

test('diagnostics come back with the same JSON, related items and strings stored once', () => {
  const tables = new DiagnosticsTables();
  const first = sample();
  const second = [{ ...first[0], range: range(10, 0, 10, 4) }];
  const a = tables.encode(first);
  const b = tables.encode(second);
  assert.equal(JSON.stringify(tables.decode(a)), JSON.stringify(first));
  assert.equal(JSON.stringify(tables.decode(b)), JSON.stringify(second));
  assert.equal(tables.size.related, 2, 'the same location and message is one related item');
  assert.deepEqual(tables.decode(tables.encode([])), []);
});

test('the tables survive JSON and are rebuilt smaller by adopt', () => {
  const tables = new DiagnosticsTables();
  tables.encode([{ range: range(0, 0, 0, 1), message: 'gone', relatedInformation: [{ location: { uri: B, range: range(1, 1, 1, 2) }, message: 'old' }] }]);
  const kept = tables.encode(sample());
  const back = DiagnosticsTables.fromJSON(JSON.parse(JSON.stringify(tables)))!;
  assert.equal(JSON.stringify(back.decode(kept)), JSON.stringify(sample()));
  const fresh = new DiagnosticsTables();
  const adopted = fresh.adopt(back, kept);
  assert.equal(JSON.stringify(fresh.decode(adopted)), JSON.stringify(sample()));
  assert.ok(fresh.size.strings < back.size.strings);
});

test('tables read back encode into what they hold: a diagnostic already there adds nothing', () => {
  const tables = new DiagnosticsTables();
  const first = tables.encode(sample());
  const back = DiagnosticsTables.fromJSON(JSON.parse(JSON.stringify(tables)))!;
  assert.deepEqual(back.encode(sample()), first, 'the same ids');
  assert.deepEqual(back.size, tables.size, 'no string or related item added');
  const more = back.encode([{ range: range(2, 0, 2, 1), message: 'new', relatedInformation: [{ location: { uri: B, range: range(1, 1, 1, 2) }, message: 'new too' }] }]);
  assert.equal(back.size.strings, tables.size.strings + 2);
  assert.equal(back.size.related, tables.size.related + 1);
  assert.equal(JSON.stringify(back.decode(more)), JSON.stringify([{ range: range(2, 0, 2, 1), message: 'new', relatedInformation: [{ location: { uri: B, range: range(1, 1, 1, 2) }, message: 'new too' }] }]));
  // A string stored twice (not by this class) decodes as written and is looked up as its first.
  const doubled = DiagnosticsTables.fromJSON({ strings: ['a', 'a'], related: [] })!;
  assert.deepEqual(doubled.decode([0, 0, 0, 0, 1, -1, -1, -1, 1, -1, -1]), [{ range: range(0, 0, 0, 1), message: 'a' }]);
  assert.deepEqual(doubled.encode([{ range: range(0, 0, 0, 1), message: 'a' }]), [0, 0, 0, 0, 1, -1, -1, -1, 0, -1, -1]);
});

test('what the compact form does not model is kept whole', () => {
  const odd: Diagnostic[] = [
    { range: range(1, 2, 1, 3), message: 'tagged', severity: DiagnosticSeverity.Hint, tags: [DiagnosticTag.Unnecessary] },
    { range: range(1, 2, 1, 3), message: 'numeric code', code: 42 },
    { range: range(1, 2, 1, 3), message: 'described', codeDescription: { href: 'https://example.com/x' } },
  ];
  const tables = new DiagnosticsTables();
  assert.equal(JSON.stringify(tables.decode(tables.encode(odd))), JSON.stringify(odd));
});

test('tables or arrays it did not write are refused', () => {
  for (const bad of [null, 1, 'x', {}, { strings: [], related: [1] }, { strings: [1], related: [] }, { strings: ['a'], related: [0, 0, 0, 0, 0, 9] }, { strings: ['a'], related: [-1, 0, 0, 0, 0, 0] }]) {
    assert.equal(DiagnosticsTables.fromJSON(bad), undefined, JSON.stringify(bad));
  }
  const tables = new DiagnosticsTables();
  const ok = tables.encode(sample());
  assert.throws(() => tables.decode(ok.slice(0, 5)), /truncated/);
  assert.throws(() => tables.decode([7]), /unknown/);
  assert.throws(() => tables.decode([0, 0, 0, 0, 0, -1, -1, -1, 999, -1, -1]), /no string/);
});

test('a file belongs to the nearest dossier at or above it, as in the corpus', () => {
  const dossiers = new Set(['file:///w/dossier.yaml', 'file:///w/sub/dossier.yaml']);
  assert.equal(scopeOf('file:///w/a.ann.yaml', dossiers), 'file:///w/dossier.yaml');
  assert.equal(scopeOf('file:///w/sub/deep/a.txt', dossiers), 'file:///w/sub/dossier.yaml');
  assert.equal(scopeOf('file:///w/sub/dossier.yaml', dossiers), 'file:///w/sub/dossier.yaml');
  assert.equal(scopeOf('file:///elsewhere/a.txt', dossiers), '');
});

test('scope members: dossiers, companions, and the articles the corpus indexes', () => {
  const members = membersByScope([
    'file:///free/a.ann.yaml',
    'file:///free/a.txt',
    'file:///free/notes.txt', // no companion, no dossier: never read
    'file:///free/readme.md',
    'file:///d/dossier.yaml',
    'file:///d/lone.txt', // under a dossier: indexed
    'file:///d/x.ann.yaml',
  ]);
  assert.deepEqual(members.get(''), ['file:///free/a.ann.yaml', 'file:///free/a.txt']);
  assert.deepEqual(members.get('file:///d/dossier.yaml'), ['file:///d/dossier.yaml', 'file:///d/lone.txt', 'file:///d/x.ann.yaml']);
});

test('a storage folder inside a workspace folder is recognised', () => {
  assert.ok(isWithin('/w/.vscode/storage', '/w'));
  assert.ok(isWithin('/w', '/w'));
  assert.ok(!isWithin('/home/u/.config/Code/User/workspaceStorage/abc', '/w'));
  assert.ok(!isWithin('/wx/storage', '/w'));
});
