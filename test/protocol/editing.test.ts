/**
 * The editing features of the real bundled server over stdio: code actions
 * on a selection (exact resulting companion text, comments kept), creation
 * of a missing companion, quick fixes, completion, rename and its refusal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Position, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestClient, uri } from '../support/lspClient';

const DOSSIER = `title: Port strike
entities:
  jane-roe: { name: Jane Roe, type: person, role: Union leader, aliases: [Roe] }  # spokesperson
  port-authority: { name: Port Authority, type: organisation }
quantities:
  strikers: { label: Workers on strike, unit: workers }
`;
const ARTICLE = [
  'PORT CITY, March 5 - Dock workers walked out on Thursday.',
  'About 8,000 workers joined the strike, the Port Authority said.',
  '"We will not go back until the port pays," said Jane Roe.',
  'Roe later added that more than 200 ships were waiting.',
  '',
].join('\n');
const COMPANION = `# strike coverage, checked by A.
source:
  outlet: The Gazette   # print edition
  published: 2026-03-05
annotations:
  - id: f1 # the headline figure
    kind: figure
    text: 'About 8,000 workers'
    quantity: strikers
    start: 3
`;
const MOVED = ARTICLE.indexOf('About 8,000');

let dir: string;
let client: TestClient;
const u = (name: string) => uri(join(dir, name));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-editing-'));
  writeFileSync(join(dir, 'dossier.yaml'), DOSSIER);
  writeFileSync(join(dir, 'strike.txt'), ARTICLE);
  writeFileSync(join(dir, 'strike.ann.yaml'), COMPANION);
  writeFileSync(join(dir, 'other.txt'), 'Jane Roe met the Port Authority.\n');
  client = await TestClient.start(dir, undefined, {
    workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    textDocument: {
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true, disabledSupport: true },
      rename: { prepareSupport: true },
    },
  });
  await client.diagnosticsOf(u('strike.ann.yaml'), (d) => d.some((x) => x.code === 'anchor-moved'), 'the companion indexed');
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function offsetOf(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line) {
    const n = text.indexOf('\n', i);
    if (n === -1) return text.length;
    i = n + 1;
    line++;
  }
  return i + p.character;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
  return text;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The edits of a WorkspaceEdit to one file. */
function editsFor(edit: WorkspaceEdit | undefined, fileUri: string): TextDocumentEdit[] {
  return (edit?.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === fileUri);
}

function applied(edit: WorkspaceEdit | undefined, fileUri: string, base: string): string {
  const [doc] = editsFor(edit, fileUri);
  assert.ok(doc, `an edit to ${fileUri}`);
  return applyEdits(base, doc.edits as TextEdit[]);
}

async function actionsAt(fileUri: string, text: string, words: string, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
  const start = text.indexOf(words);
  assert.ok(start >= 0);
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: fileUri },
    range: { start: positionOf(text, start), end: positionOf(text, start + words.length) },
    context: { diagnostics, only },
  })) as CodeAction[];
}

function find(actions: CodeAction[], title: string | RegExp): CodeAction {
  const a = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  assert.ok(a, `"${title}" among ${actions.map((x) => x.title).join(' | ')}`);
  return a;
}

test('a selection in an article offers one "Annotate as" action per kind', async () => {
  const actions = await actionsAt(u('strike.txt'), ARTICLE, 'more than 200 ships');
  assert.deepEqual(actions.slice(0, 6).map((a) => a.kind), ['figure', 'quote', 'entity', 'claim', 'date', 'note'].map((k) => `refactor.annotate.${k}`));
});

test('"Annotate as figure" on a selection appends a complete entry to the closed companion, comments kept', async () => {
  const actions = await actionsAt(u('strike.txt'), ARTICLE, 'more than 200 ships');
  const figure = find(actions, 'Annotate as figure');
  const [doc] = editsFor(figure.edit, u('strike.ann.yaml'));
  assert.equal(doc.textDocument.version, null, 'a closed file: no version');
  assert.equal(
    applied(figure.edit, u('strike.ann.yaml'), COMPANION),
    COMPANION + '  - id: f2\n    kind: figure\n    text: more than 200 ships\n    value: 200\n    approx: over\n',
  );
  assert.equal(readFileSync(join(dir, 'strike.ann.yaml'), 'utf8'), COMPANION, 'nothing written by the server');
});

test('"Annotate as quote" guesses the speaker; an open companion gets a versioned edit', async () => {
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: u('strike.ann.yaml'), languageId: 'yaml', version: 7, text: COMPANION },
  });
  const actions = await actionsAt(u('strike.txt'), ARTICLE, 'We will not go back until the port pays');
  const quote = find(actions, 'Annotate as quote');
  const [doc] = editsFor(quote.edit, u('strike.ann.yaml'));
  assert.equal(doc.textDocument.version, 7);
  assert.equal(applied(quote.edit, u('strike.ann.yaml'), COMPANION), COMPANION + '  - id: q1\n    kind: quote\n    text: We will not go back until the port pays\n    speaker: jane-roe\n');
});

test('a missing companion is created (CreateFile, then its text) with a source stub', async () => {
  const text = 'Jane Roe met the Port Authority.\n';
  const actions = await actionsAt(u('other.txt'), text, 'Port Authority');
  const entity = find(actions, 'Annotate as entity');
  const changes = entity.edit?.documentChanges ?? [];
  assert.deepEqual(changes[0], { kind: 'create', uri: u('other.ann.yaml'), options: { overwrite: false, ignoreIfExists: false } });
  assert.equal(
    applied(entity.edit, u('other.ann.yaml'), ''),
    "source:\n  outlet: Other # TODO: the outlet's name\n  # published: YYYY-MM-DD  # TODO: the publication date\nannotations:\n  - id: e1\n    kind: entity\n    text: Port Authority\n    entity: port-authority\n",
  );
  const all = find(actions, 'Annotate all 2 mentions of Port Authority in 2 articles');
  assert.equal(editsFor(all.edit, u('strike.ann.yaml')).length, 1);
});

test('a client that resolves edits gets "in all articles" without its edit, then the same edit on codeAction/resolve', async () => {
  const text = 'Jane Roe met the Port Authority.\n';
  const start = text.indexOf('Port Authority');
  const range = { start: positionOf(text, start), end: positionOf(text, start + 'Port Authority'.length) };
  const eager = find(await actionsAt(u('other.txt'), text, 'Port Authority'), /^Annotate all 2 mentions of Port Authority in 2 articles/);
  const lazy = await TestClient.start(dir, undefined, {
    workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['refactor'] } }, resolveSupport: { properties: ['edit'] } } },
  });
  try {
    await lazy.diagnosticsOf(u('strike.ann.yaml'), (d) => d.length > 0, 'the workspace indexed');
    const actions = (await lazy.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u('other.txt') }, range, context: { diagnostics: [] } })) as CodeAction[];
    const listed = find(actions, 'Annotate all mentions of Port Authority in every article of this dossier');
    assert.equal(listed.edit, undefined);
    assert.ok(find(actions, 'Annotate as entity').edit, 'the other actions still carry their edits');
    const resolved = (await lazy.connection.sendRequest('codeAction/resolve', listed)) as CodeAction;
    // The same edit (the first client has strike.ann.yaml open, so its edit names a version; here it is closed).
    const unversioned = (edit: unknown) => JSON.parse(JSON.stringify(edit).replace(/"version":(null|\d+)/g, '"version":null'));
    assert.ok(resolved.edit);
    assert.deepEqual(unversioned(resolved.edit), unversioned(eager.edit));
  } finally {
    await lazy.stop();
  }
});

test('quick fix: anchor-moved → "Update start to N", preferred, with its diagnostic', async () => {
  const ds = client.diagnostics.get(u('strike.ann.yaml')) ?? [];
  const moved = ds.filter((d) => d.code === 'anchor-moved');
  assert.equal(moved.length, 1);
  const actions = await actionsAt(u('strike.ann.yaml'), COMPANION, 'start: 3', moved);
  const fix = find(actions, `Update start to ${MOVED}`);
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics, moved);
  assert.equal(applied(fix.edit, u('strike.ann.yaml'), COMPANION), COMPANION.replace('start: 3', `start: ${MOVED}`));
  const fixAll = await actionsAt(u('strike.ann.yaml'), COMPANION, 'start: 3', [], ['source.fixAll']);
  assert.deepEqual(fixAll.map((a) => a.kind), ['source.fixAll.corroborate']);
});

test('quick fix: anchor-orphaned → "Delete this annotation" removes exactly its lines', async () => {
  const text = COMPANION.replace('start: 3', `start: ${MOVED}`) + '  # gone below\n  - id: n1\n    kind: note\n    text: no longer in the article\n';
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: u('strike.ann.yaml'), version: 8 },
    contentChanges: [{ text }],
  });
  const ds = await client.diagnosticsOf(u('strike.ann.yaml'), (d) => d.some((x) => x.code === 'anchor-orphaned'), 'anchor-orphaned');
  const orphan = ds.filter((d) => d.code === 'anchor-orphaned');
  const actions = await actionsAt(u('strike.ann.yaml'), text, 'no longer in the article', orphan);
  const fix = find(actions, 'Delete this annotation');
  assert.equal(editsFor(fix.edit, u('strike.ann.yaml'))[0].textDocument.version, 8);
  assert.equal(applied(fix.edit, u('strike.ann.yaml'), text), text.replace('  - id: n1\n    kind: note\n    text: no longer in the article\n', ''));
});

test('quick fix: unknown-key → change to the suggestion, or add the key to the dossier', async () => {
  const text = COMPANION.replace('quantity: strikers', 'quantity: striker');
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u('strike.ann.yaml'), version: 9 }, contentChanges: [{ text }] });
  const ds = await client.diagnosticsOf(u('strike.ann.yaml'), (d) => d.some((x) => x.code === 'unknown-key'), 'unknown-key');
  const unknown = ds.filter((d) => d.code === 'unknown-key');
  const actions = await actionsAt(u('strike.ann.yaml'), text, 'striker', unknown, ['quickfix']);
  assert.equal(applied(find(actions, "Change to 'strikers'").edit, u('strike.ann.yaml'), text), COMPANION);
  assert.equal(
    applied(find(actions, "Add 'striker' to the dossier").edit, u('dossier.yaml'), DOSSIER),
    DOSSIER + '  striker: { label: Striker }\n',
  );
});

test('completion: kinds, fields for the kind, dossier keys with labels', async () => {
  const text = COMPANION + '  - id: q1\n    kind: \n';
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u('strike.ann.yaml'), version: 10 }, contentChanges: [{ text }] });
  const lines = text.split('\n');
  const complete = async (line: number, character: number) => {
    const r = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: u('strike.ann.yaml') }, position: { line, character } })) as CompletionItem[] | CompletionList;
    return Array.isArray(r) ? r : r.items;
  };
  const kinds = await complete(lines.length - 2, '    kind: '.length);
  assert.deepEqual(kinds.map((i) => i.label), ['figure', 'quote', 'entity', 'claim', 'date', 'note']);
  const text2 = COMPANION + '  - id: q1\n    kind: quote\n    speaker: \n';
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u('strike.ann.yaml'), version: 11 }, contentChanges: [{ text: text2 }] });
  const speakers = await complete(text2.split('\n').length - 2, '    speaker: '.length);
  assert.deepEqual(speakers.map((i) => [i.label, i.detail]), [['jane-roe', 'Jane Roe'], ['port-authority', 'Port Authority']]);
  assert.deepEqual(speakers[0].textEdit, { range: { start: { line: text2.split('\n').length - 2, character: 13 }, end: { line: text2.split('\n').length - 2, character: 13 } }, newText: 'jane-roe' });
});

test('rename a dossier key: definition and every use in one edit; refusal of an existing name', async () => {
  const text = COMPANION + '  - id: q1\n    kind: quote\n    text: We will not go back until the port pays\n    speaker: jane-roe\n';
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u('strike.ann.yaml'), version: 12 }, contentChanges: [{ text }] });
  await client.diagnosticsOf(u('strike.ann.yaml'), (d) => !d.some((x) => x.code === 'unknown-key'), 'the companion re-read');
  const keyAt = positionOf(DOSSIER, DOSSIER.indexOf('jane-roe') + 3);
  const prepared = await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: u('dossier.yaml') }, position: keyAt });
  assert.deepEqual(prepared, { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 10 } }, placeholder: 'jane-roe' });
  const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: u('dossier.yaml') }, position: keyAt, newName: 'roe-jane' })) as WorkspaceEdit;
  assert.equal(applied(edit, u('dossier.yaml'), DOSSIER), DOSSIER.replace('  jane-roe:', '  roe-jane:'));
  assert.equal(applied(edit, u('strike.ann.yaml'), text), text.replace('speaker: jane-roe', 'speaker: roe-jane'));
  assert.equal(editsFor(edit, u('strike.ann.yaml'))[0].textDocument.version, 12);
  await assert.rejects(
    client.connection.sendRequest('textDocument/rename', { textDocument: { uri: u('dossier.yaml') }, position: keyAt, newName: 'port-authority' }),
    (e: Error) => /"port-authority" is already defined under entities/.test(e.message),
  );
  await assert.rejects(
    client.connection.sendRequest('textDocument/rename', { textDocument: { uri: u('dossier.yaml') }, position: keyAt, newName: 'not valid!' }),
    /not a valid key/,
  );
});
