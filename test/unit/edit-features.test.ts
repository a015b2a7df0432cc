/** The editing features on an in-memory corpus: each proposed edit applied to the text and compared exactly. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Corpus } from '../../server/src/core/corpus';
import { annotateActions } from '../../server/src/core/features/annotate';
import { completions } from '../../server/src/core/features/completion';
import { openForEdit, type CoreCodeAction, type EditInputs } from '../../server/src/core/features/inputs';
import { approxOf, guessSpeaker, readDate, readNumber } from '../../server/src/core/features/prefill';
import { contextFor } from '../../server/src/core/features/anchorContext';
import { fixAllActions, quickFixes, type DiagnosticInput } from '../../server/src/core/features/quickfix';
import { renameKey, renameTarget } from '../../server/src/core/features/rename';
import { KINDS } from '../../server/src/core/model';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { applyPlan } from '../support/edits';

export const DOSSIER = [
  'title: Port strike',
  'entities:',
  '  jane-roe: { name: Jane Roe, type: person, role: Union leader, aliases: [Roe] }   # spokesperson',
  '  port-authority: { name: Port Authority, type: organisation }',
  'quantities:',
  '  strikers: { label: Workers on strike, unit: workers }',
  'quotes:',
  '  no-return: { label: Will not go back, speaker: jane-roe }',
  '',
].join('\n');

export const ARTICLE = [
  'PORT CITY, March 5 - Dock workers walked out on Thursday.',
  'About 8,000 workers joined the strike, the Port Authority said.',
  '"We will not go back until the port pays," said Jane Roe.',
  'Roe later added that more than 200 ships were waiting. Roe spoke at noon.',
  '',
].join('\n');

export const COMPANION = [
  '# checked by A.',
  'source:',
  '  outlet: The Gazette  # print edition',
  '  published: 2026-03-05',
  'annotations:',
  '  - id: f1',
  '    kind: figure',
  "    text: 'About 8,000 workers'",
  '    quantity: strikers',
  '',
].join('\n');

const W = 'file:///w/';

function inputsOf(files: Record<string, string>): Promise<EditInputs> {
  const corpus = new Corpus(new InMemoryWorkspace(files));
  return corpus.indexAll().then(() => ({ corpus, text: (uri: string) => files[uri], canCreateFiles: true }));
}

function span(text: string, words: string, nth = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(words, i + 1);
  assert.ok(i >= 0, `"${words}" in the text`);
  return { start: i, end: i + words.length };
}

function action(actions: readonly CoreCodeAction[], title: string | RegExp): CoreCodeAction {
  const a = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  assert.ok(a, `an action "${title}" among: ${actions.map((x) => x.title).join(' | ')}`);
  return a;
}

function result(a: CoreCodeAction, uri: string): string {
  return applyPlan(a.plan)[uri];
}

describe('prefill guesses', () => {
  test('approximation from the qualifier in or just before the selection', () => {
    assert.equal(approxOf(ARTICLE, span(ARTICLE, 'About 8,000 workers')), 'about');
    assert.equal(approxOf(ARTICLE, span(ARTICLE, '200 ships')), 'over');
    assert.equal(approxOf('up to 5 boats', span('up to 5 boats', '5 boats')), 'up-to');
    assert.equal(approxOf('nearly 12', span('nearly 12', 'nearly 12')), 'nearly');
    assert.equal(approxOf(ARTICLE, span(ARTICLE, 'Thursday')), undefined);
  });
  test('numbers, dates and speakers', () => {
    assert.equal(readNumber('About 8,000 workers'), 8000);
    assert.equal(readNumber('2.5 million people'), 2_500_000);
    assert.equal(readNumber('a dozen ships'), 12);
    assert.equal(readDate('March 5', 2026), '2026-03-05');
    assert.equal(readDate('5 March 2025'), '2025-03-05');
    assert.equal(readDate('Feb 30, 2026'), undefined);
  });
  test('speaker from the attribution next to the quote, matched by name, alias or last name', async () => {
    const { corpus } = await inputsOf({ [W + 'dossier.yaml']: DOSSIER });
    const dossier = corpus.getDossier(W + 'dossier.yaml');
    assert.equal(guessSpeaker(ARTICLE, span(ARTICLE, 'We will not go back until the port pays'), dossier), 'jane-roe');
    const t = 'According to Ms Roe, "it is over." Later: "Nothing," said the Port Authority.';
    assert.equal(guessSpeaker(t, span(t, 'it is over.'), dossier), 'jane-roe');
    assert.equal(guessSpeaker(t, span(t, 'Nothing,'), dossier), 'port-authority');
  });
  test('context: the fewest words that make repeated text unique, on one line when it can', () => {
    assert.deepEqual(contextFor(ARTICLE, span(ARTICLE, 'Roe', 1)), { suffix: ' later' });
    assert.deepEqual(contextFor(ARTICLE, span(ARTICLE, 'Roe', 2)), { suffix: ' spoke' });
    assert.deepEqual(contextFor(ARTICLE, span(ARTICLE, 'Dock workers')), {});
  });
});

describe('annotate a selection', () => {
  let inputs: EditInputs;
  before(async () => {
    inputs = await inputsOf({ [W + 'dossier.yaml']: DOSSIER, [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: COMPANION, [W + 'b-2026-03-06.txt']: 'Jane Roe spoke again.\n' });
  });

  test('as figure: value and approx read from the words, id next for the kind, comments kept', () => {
    const actions = annotateActions(inputs, W + 'a.txt', span(ARTICLE, ' more than 200 ships'));
    assert.deepEqual(actions.slice(0, 6).map((a) => a.kind), ['figure', 'quote', 'entity', 'claim', 'date', 'note'].map((k) => `refactor.annotate.${k}`));
    const out = result(action(actions, 'Annotate as figure'), W + 'a.ann.yaml');
    assert.equal(out, COMPANION + '  - id: f2\n    kind: figure\n    text: more than 200 ships\n    value: 200\n    approx: over\n');
  });

  test('as quote: the speaker guessed from "said Jane Roe"', () => {
    const actions = annotateActions(inputs, W + 'a.txt', span(ARTICLE, 'We will not go back until the port pays'));
    assert.equal(result(action(actions, 'Annotate as quote'), W + 'a.ann.yaml'), COMPANION + '  - id: q1\n    kind: quote\n    text: We will not go back until the port pays\n    speaker: jane-roe\n');
  });

  test('as entity: repeated text gets the least context; the key is matched by alias', () => {
    const actions = annotateActions(inputs, W + 'a.txt', span(ARTICLE, 'Roe', 1));
    assert.equal(result(action(actions, 'Annotate as entity'), W + 'a.ann.yaml'), COMPANION + '  - id: e1\n    kind: entity\n    text: Roe\n    suffix: " later"\n    entity: jane-roe\n');
  });

  test('as date: ISO date read with the publication year', () => {
    const actions = annotateActions(inputs, W + 'a.txt', span(ARTICLE, 'March 5'));
    assert.equal(result(action(actions, 'Annotate as date'), W + 'a.ann.yaml'), COMPANION + '  - id: d1\n    kind: date\n    text: March 5\n    date: 2026-03-05\n');
  });

  test('no companion yet: it is created with a source stub (outlet and date from the file name)', () => {
    const actions = annotateActions(inputs, W + 'b-2026-03-06.txt', span('Jane Roe spoke again.\n', 'spoke again'));
    const a = action(actions, 'Annotate as note');
    assert.equal(a.plan!.files[0].create, true);
    assert.equal(
      result(a, W + 'b-2026-03-06.ann.yaml'),
      'source:\n  outlet: B # TODO: the outlet\'s name\n  published: 2026-03-06\nannotations:\n  - id: n1\n    kind: note\n    text: spoke again\n',
    );
  });

  test('all mentions of an entity, in this article and in all articles, skipping annotated ones', () => {
    const actions = annotateActions(inputs, W + 'a.txt', span(ARTICLE, 'Jane Roe'));
    const here = action(actions, 'Annotate all 3 mentions of Jane Roe in this article');
    assert.equal(
      result(here, W + 'a.ann.yaml'),
      COMPANION +
        '  - id: e1\n    kind: entity\n    text: Jane Roe\n    entity: jane-roe\n' +
        '  - id: e2\n    kind: entity\n    text: Roe\n    suffix: " later"\n    entity: jane-roe\n' +
        '  - id: e3\n    kind: entity\n    text: Roe\n    suffix: " spoke"\n    entity: jane-roe\n',
    );
    const all = action(actions, 'Annotate all 4 mentions of Jane Roe in 2 articles');
    assert.deepEqual(all.plan!.files.map((f) => [f.uri, !!f.create]), [[W + 'a.ann.yaml', false], [W + 'b-2026-03-06.ann.yaml', true]]);
    assert.match(result(all, W + 'b-2026-03-06.ann.yaml'), /  - id: e1\n    kind: entity\n    text: Jane Roe\n    entity: jane-roe\n$/);
  });

  test('a CRLF companion gets CRLF lines; a CRLF article gets a CRLF new companion', async () => {
    const crlf = COMPANION.replace(/\n/g, '\r\n');
    const art = ARTICLE.replace(/\n/g, '\r\n');
    const i = await inputsOf({ [W + 'a.txt']: art, [W + 'a.ann.yaml']: crlf, [W + 'c.txt']: art, [W + 'dossier.yaml']: DOSSIER });
    const out = result(action(annotateActions(i, W + 'a.txt', span(art, 'Dock workers')), 'Annotate as claim'), W + 'a.ann.yaml');
    assert.equal(out, crlf + '  - id: c1\r\n    kind: claim\r\n    text: Dock workers\r\n');
    const created = result(action(annotateActions(i, W + 'c.txt', span(art, 'Dock workers')), 'Annotate as claim'), W + 'c.ann.yaml');
    assert.ok(created.endsWith('annotations:\r\n  - id: c1\r\n    kind: claim\r\n    text: Dock workers\r\n'));
    assert.ok(!/[^\r]\n/.test(created));
  });

  test('a companion with a YAML syntax error is never edited: the actions are disabled with the reason', async () => {
    const broken = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: 'source:\n  outlet: [X\nannotations:\n' });
    const actions = annotateActions(broken, W + 'a.txt', span(ARTICLE, 'Dock workers'));
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(a.plan, undefined);
      assert.match(a.disabled ?? '', /YAML syntax error/);
    }
  });
});

/** The corpus's diagnostics of a file as a client would send them back. */
function diagnosticsOf(inputs: EditInputs, uri: string, code?: string): DiagnosticInput[] {
  return inputs.corpus.diagnostics(uri).filter((d) => !code || d.code === code);
}

describe('quick fixes', () => {
  const annotations = (body: string) => COMPANION.replace(/annotations:\n[\s\S]*$/, `annotations:\n${body}`);
  const moved = ARTICLE.indexOf('About 8,000');

  test('anchor-moved: update start; fix all in the file', async () => {
    const text = annotations(`  - id: f1 # first\n    text: About 8,000 workers\n    start: 3\n  - id: f2\n    text: 200 ships\n    start: 0\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const ds = diagnosticsOf(inputs, W + 'a.ann.yaml', 'anchor-moved');
    assert.equal(ds.length, 2);
    const fixes = quickFixes(inputs, W + 'a.ann.yaml', ds);
    const one = action(fixes, `Update start to ${moved}`);
    assert.equal(one.isPreferred, true);
    assert.deepEqual(one.diagnostics, [0]);
    assert.equal(result(one, W + 'a.ann.yaml'), text.replace('start: 3', `start: ${moved}`));
    const both = text.replace('start: 3', `start: ${moved}`).replace('start: 0', `start: ${ARTICLE.indexOf('200 ships')}`);
    assert.equal(result(action(fixes, 'Fix all 2 anchor-moved in this file'), W + 'a.ann.yaml'), both);
    const [fixAll] = fixAllActions(inputs, W + 'a.txt');
    assert.equal(fixAll.kind, 'source.fixAll.corroborate');
    assert.equal(result(fixAll, W + 'a.ann.yaml'), both);
  });

  test('anchor-drifted: re-anchor to the text found, keeping prefix/suffix lengths', async () => {
    const text = annotations(`  - id: f1\n    text: "About 8,200 workers"\n    suffix: ' joinde' # sic\n    start: 1\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const s = span(ARTICLE, 'About 8,000 workers');
    const textLine = text.split('\n').findIndex((l) => l.includes('8,200'));
    const d: DiagnosticInput = { code: 'anchor-drifted', range: { start: { line: textLine, character: 10 }, end: { line: textLine, character: 31 } }, data: { found: 'About 8,000 workers', span: s } };
    const fix = action(quickFixes(inputs, W + 'a.ann.yaml', [d]), 'Re-anchor to what the text says now');
    assert.equal(result(fix, W + 'a.ann.yaml'), text.replace('"About 8,200 workers"', '"About 8,000 workers"').replace("' joinde'", "' joined'").replace(`start: 1`, `start: ${s.start}`));
  });

  test('anchor-ambiguous: pin to each occurrence with the least context', async () => {
    const text = annotations(`  - id: e1\n    kind: entity\n    text: Roe\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const ds = diagnosticsOf(inputs, W + 'a.ann.yaml', 'anchor-ambiguous');
    const fixes = quickFixes(inputs, W + 'a.ann.yaml', ds);
    assert.deepEqual(fixes.map((f) => f.title), ['Pin to occurrence on line 3', 'Pin to occurrence on line 4 (1st on the line)', 'Pin to occurrence on line 4 (2nd on the line)']);
    assert.equal(result(fixes[0], W + 'a.ann.yaml'), text.replace('text: Roe\n', 'text: Roe\n    suffix: .\n'));
    assert.equal(result(fixes[2], W + 'a.ann.yaml'), text.replace('text: Roe\n', 'text: Roe\n    suffix: " spoke"\n'));
  });

  test('anchor-orphaned: delete the annotation lines exactly', async () => {
    const text = annotations(`  - id: f1\n    text: About 8,000 workers\n  # the next one is gone\n  - id: n1 # old\n    kind: note\n    text: nowhere to be found\n    # inner\n  - id: n2\n    text: Dock workers\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const fix = action(quickFixes(inputs, W + 'a.ann.yaml', diagnosticsOf(inputs, W + 'a.ann.yaml', 'anchor-orphaned')), 'Delete this annotation');
    assert.equal(result(fix, W + 'a.ann.yaml'), text.replace('  - id: n1 # old\n    kind: note\n    text: nowhere to be found\n    # inner\n', ''));
  });

  test('duplicate-id: rename to the next free id of the kind', async () => {
    const text = annotations(`  - id: f1\n    kind: figure\n    text: About 8,000 workers\n  - id: f1\n    kind: figure\n    text: 200 ships\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const fix = action(quickFixes(inputs, W + 'a.ann.yaml', diagnosticsOf(inputs, W + 'a.ann.yaml', 'duplicate-id')), "Rename to 'f2'");
    assert.equal(result(fix, W + 'a.ann.yaml'), text.replace('  - id: f1\n    kind: figure\n    text: 200', '  - id: f2\n    kind: figure\n    text: 200'));
  });

  test('unknown-key: change to the suggestion, or add the key to the dossier (from the companion or the article)', async () => {
    const text = annotations(`  - id: e1\n    kind: entity\n    text: Jane Roe\n    entity: jane-rowe\n`);
    const inputs = await inputsOf({ [W + 'dossier.yaml']: DOSSIER, [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const fixes = quickFixes(inputs, W + 'a.ann.yaml', diagnosticsOf(inputs, W + 'a.ann.yaml', 'unknown-key'));
    assert.equal(result(action(fixes, "Change to 'jane-roe'"), W + 'a.ann.yaml'), text.replace('jane-rowe', 'jane-roe'));
    assert.equal(
      result(action(fixes, "Add 'jane-rowe' to the dossier"), W + 'dossier.yaml'),
      DOSSIER.replace('  port-authority: { name: Port Authority, type: organisation }\n', '  port-authority: { name: Port Authority, type: organisation }\n  jane-rowe: { name: Jane Rowe }\n'),
    );
    const mirrored = quickFixes(inputs, W + 'a.txt', diagnosticsOf(inputs, W + 'a.txt', 'unknown-key'));
    assert.equal(result(action(mirrored, "Change to 'jane-roe'"), W + 'a.ann.yaml'), text.replace('jane-rowe', 'jane-roe'));
  });

  test('unknown-key for a section the dossier lacks: the section is created', async () => {
    const text = annotations(`  - id: c1\n    kind: claim\n    text: Dock workers walked out\n    claim: walkout\n`);
    const inputs = await inputsOf({ [W + 'dossier.yaml']: DOSSIER, [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const fixes = quickFixes(inputs, W + 'a.ann.yaml', diagnosticsOf(inputs, W + 'a.ann.yaml', 'unknown-key'));
    assert.equal(result(action(fixes, "Add 'walkout' to the dossier"), W + 'dossier.yaml'), DOSSIER + 'claims:\n  walkout: { label: Walkout }\n');
  });

  test('value-mismatch: set the value to the expected number', async () => {
    const text = annotations(`  - id: f1\n    kind: figure\n    text: About 8,000 workers\n    value: 8200 # typo?\n    approx: about\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const line = text.split('\n').findIndex((l) => l.includes('8200'));
    const d: DiagnosticInput = { code: 'value-mismatch', range: { start: { line, character: 11 }, end: { line, character: 15 } }, data: { expected: 8000 } };
    const fix = action(quickFixes(inputs, W + 'a.ann.yaml', [d]), 'Set value to 8000');
    assert.equal(result(fix, W + 'a.ann.yaml'), text.replace('value: 8200', 'value: 8000'));
  });

  test('no fix is offered on a companion with a YAML syntax error', async () => {
    const text = annotations(`  - id: f1\n    text: About 8,000 workers\n    start: 3\n  - [broken\n`);
    const inputs = await inputsOf({ [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text });
    const d: DiagnosticInput = { code: 'anchor-moved', range: { start: { line: 7, character: 11 }, end: { line: 7, character: 12 } }, data: { start: moved } };
    assert.deepEqual(quickFixes(inputs, W + 'a.ann.yaml', [d]), []);
  });
});

describe('opening a file for edit', () => {
  test('parsed once while its text stays the same, across requests; a changed text is parsed again', async () => {
    const files = { [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: COMPANION };
    const inputs = await inputsOf(files);
    const first = openForEdit(inputs, W + 'a.ann.yaml');
    assert.ok(first);
    assert.equal(openForEdit(inputs, W + 'a.ann.yaml'), first);
    assert.equal(openForEdit({ ...inputs }, W + 'a.ann.yaml'), first, 'another request on the same text uses the same parse');
    // A few recent files are kept, not every file ever opened.
    for (let i = 0; i < 8; i++) openForEdit({ ...inputs, text: () => COMPANION }, W + `other-${i}.ann.yaml`);
    const again = openForEdit(inputs, W + 'a.ann.yaml');
    assert.notEqual(again, first, 'parsed again once eight other files were opened since');
    assert.deepEqual(again?.doc.toJS(), first.doc.toJS());
    // Nor large files beyond a million characters in all: the latest one stays.
    const big = (n: string) => `${COMPANION}# ${n}${'x'.repeat(600_000)}\n`;
    const bigInputs = { ...inputs, text: (uri: string) => big(uri) };
    const bigA = openForEdit(bigInputs, W + 'big-a.ann.yaml');
    assert.equal(openForEdit(bigInputs, W + 'big-a.ann.yaml'), bigA, 'one large file is kept');
    openForEdit(bigInputs, W + 'big-b.ann.yaml');
    assert.notEqual(openForEdit(bigInputs, W + 'big-a.ann.yaml'), bigA, 'two are more than a million characters');
    const huge = { ...inputs, text: () => `${COMPANION}# ${'x'.repeat(1_200_000)}\n` };
    const hugeFile = openForEdit(huge, W + 'huge.ann.yaml');
    assert.equal(openForEdit(huge, W + 'huge.ann.yaml'), hugeFile, 'the latest file is kept, however large');
    files[W + 'a.ann.yaml'] = COMPANION.replace('id: f1', 'id: f9');
    const changed = openForEdit(inputs, W + 'a.ann.yaml');
    assert.notEqual(changed, first);
    assert.equal(changed?.text, files[W + 'a.ann.yaml']);
    files[W + 'a.ann.yaml'] = COMPANION.replace('  - id: f1', '  - [broken');
    assert.equal(openForEdit(inputs, W + 'a.ann.yaml'), undefined);
  });
});

describe('a parse shared between requests', () => {
  test('every fix worked out from it is the same as from a fresh parse, however often it is used', async () => {
    const text = COMPANION.replace(/annotations:\n[\s\S]*$/, `annotations:\n  - id: e1\n    kind: entity\n    text: Jane Roe\n    entity: jane-rowe\n  - id: c1 # a claim\n    kind: claim\n    text: Dock workers walked out\n    claim: walkout\n  - id: f1\n    text: About 8,000 workers\n    start: 3\n`);
    const files = { [W + 'dossier.yaml']: DOSSIER, [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: text };
    const fixesOf = async () => {
      const inputs = await inputsOf(files);
      const out = [];
      for (const uri of [W + 'a.ann.yaml', W + 'a.txt']) {
        out.push(quickFixes(inputs, uri, diagnosticsOf(inputs, uri)), fixAllActions(inputs, uri));
      }
      return JSON.stringify(out);
    };
    const forgetParses = async () => {
      const inputs = await inputsOf(files);
      for (let i = 0; i < 8; i++) openForEdit({ ...inputs, text: () => COMPANION }, W + `other-${i}.ann.yaml`);
    };
    await forgetParses();
    const fresh = await fixesOf();
    assert.match(fresh, /jane-rowe/);
    assert.match(fresh, /walkout/);
    assert.match(fresh, /Update start to/);
    for (let i = 0; i < 3; i++) assert.equal(await fixesOf(), fresh, `request ${i + 2} on the same texts`);
    await forgetParses();
    assert.equal(await fixesOf(), fresh);
  });
});

describe('completion', () => {
  let inputs: EditInputs;
  const today = new Date(2026, 2, 9);
  before(async () => {
    inputs = await inputsOf({ [W + 'dossier.yaml']: DOSSIER, [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: COMPANION });
  });
  const at = (text: string, marker = '|') => ({ text: text.replace(marker, ''), offset: text.indexOf(marker) });
  const labels = (uri: string, src: string) => {
    const { text, offset } = at(src);
    return completions(inputs, uri, text, offset, today).map((c) => c.label);
  };

  test('field names valid for the item\'s kind, minus those written', () => {
    const src = COMPANION + '  - id: q1\n    kind: quote\n    |\n    text: x\n';
    assert.deepEqual(labels(W + 'a.ann.yaml', src), ['prefix', 'suffix', 'start', 'note', 'speaker', 'quote']);
  });
  test('values for kind, approx and stance', () => {
    assert.deepEqual(labels(W + 'a.ann.yaml', COMPANION + '  - kind: |\n'), ['figure', 'quote', 'entity', 'claim', 'date', 'note']);
    assert.deepEqual(labels(W + 'a.ann.yaml', COMPANION + '  - kind: figure\n    approx: ab|\n'), ['exact', 'about', 'nearly', 'over', 'at-least', 'up-to', 'under']);
    assert.deepEqual(labels(W + 'a.ann.yaml', COMPANION + '  - kind: claim\n    stance: |\n'), ['asserts', 'denies', 'questions']);
  });
  test('dossier keys for references, with label and role', () => {
    const { text, offset } = at(COMPANION + '  - kind: quote\n    speaker: |\n');
    const items = completions(inputs, W + 'a.ann.yaml', text, offset, today);
    assert.deepEqual(items.map((i) => i.label), ['jane-roe', 'port-authority']);
    assert.equal(items[0].detail, 'Jane Roe');
    assert.match(items[0].documentation ?? '', /Role: Union leader/);
    assert.deepEqual(labels(W + 'a.ann.yaml', COMPANION + '  - kind: figure\n    quantity: |\n'), ['strikers']);
    assert.deepEqual(labels(W + 'dossier.yaml', DOSSIER + '  other: { label: X, speaker: | }\n'), ['jane-roe', 'port-authority']);
  });
  test('text from the article, not yet annotated, quoted safely', () => {
    const { text, offset } = at(COMPANION + '  - kind: figure\n    text: |\n');
    const items = completions(inputs, W + 'a.ann.yaml', text, offset, today);
    assert.deepEqual(items.map((i) => i.label), ['5', 'more than 200 ships']);
    const quotes = completions(inputs, W + 'a.ann.yaml', ...((s) => [s.text, s.offset] as const)(at(COMPANION + '  - kind: quote\n    text: |\n')), today);
    assert.deepEqual(quotes.map((i) => i.insertText), ['We will not go back until the port pays,']);
  });
  test('dates: today, passed in', () => {
    assert.deepEqual(labels(W + 'a.ann.yaml', 'source:\n  published: |\n'), ['2026-03-09']);
  });
  test('top-level and dossier definition fields', () => {
    assert.deepEqual(labels(W + 'a.ann.yaml', 'so|'), ['source', 'annotations']);
    assert.deepEqual(labels(W + 'dossier.yaml', 'entities:\n  x: { na| }\n'), ['name', 'type', 'role', 'aliases', 'note']);
  });

  describe('field names agree with the schemas (the single source of truth)', () => {
    type Props = { properties?: Record<string, unknown> };
    const schema = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', name), 'utf8'));
    const companion = schema('companion.schema.json') as Props & { properties: { source: Props }; definitions: { annotation: Props & { allOf: Array<{ if: { properties?: { kind?: { const?: string } } }; then: Props }> } } };
    const dossier = schema('dossier.schema.json') as Props & { definitions: Record<string, Props> };
    const names = (p: Props | undefined) => Object.keys(p?.properties ?? {}).sort();
    const sorted = (xs: string[]) => [...xs].sort();

    for (const kind of KINDS) {
      test(`annotation fields of kind ${kind}`, () => {
        const then = companion.definitions.annotation.allOf.find((c) => c.if.properties?.kind?.const === kind)?.then;
        const expected = names(then).filter((n) => n !== 'kind'); // kind is written on the item
        assert.ok(expected.length > 0, `the schema has fields for ${kind}`);
        assert.deepEqual(sorted(labels(W + 'a.ann.yaml', COMPANION + `  - kind: ${kind}\n    |\n`)), expected);
      });
    }
    test('annotation fields before a kind is written: every annotation field', () => {
      const expected = names(companion.definitions.annotation).filter((n) => n !== 'id');
      assert.deepEqual(sorted(labels(W + 'a.ann.yaml', COMPANION + '  - id: x1\n    |\n')), expected);
    });
    test('source fields and top-level keys', () => {
      assert.deepEqual(sorted(labels(W + 'a.ann.yaml', 'source:\n  |\n')), names(companion.properties.source));
      assert.deepEqual(sorted(labels(W + 'a.ann.yaml', '|')), names(companion));
      assert.deepEqual(sorted(labels(W + 'dossier.yaml', '|')), names(dossier));
    });
    const DEFINITIONS = { entities: 'entity', quantities: 'quantity', claims: 'claim', quotes: 'quote' } as const;
    for (const [section, definition] of Object.entries(DEFINITIONS)) {
      test(`dossier ${section} fields, note included`, () => {
        const schemaNames = names(dossier.definitions[definition]);
        assert.ok(schemaNames.includes('note'), 'the schema allows a note on every definition');
        assert.deepEqual(sorted(labels(W + 'dossier.yaml', `${section}:\n  x:\n    |\n`)), schemaNames);
      });
    }
  });
});

describe('rename a dossier key', () => {
  let inputs: EditInputs;
  const companion = COMPANION + '  - id: q1\n    kind: quote\n    text: We will not go back until the port pays\n    speaker: jane-roe # said\n  - id: e1\n    kind: entity\n    text: Jane Roe\n    entity: "jane-roe"\n';
  before(async () => {
    inputs = await inputsOf({ [W + 'dossier.yaml']: DOSSIER, [W + 'a.txt']: ARTICLE, [W + 'a.ann.yaml']: companion, [W + 'sub/b.txt']: 'Roe.\n', [W + 'sub/b.ann.yaml']: 'source:\n  outlet: B\nannotations:\n  - kind: entity\n    text: Roe\n    entity: jane-roe\n' });
  });
  const expectRenamed = (plan: Parameters<typeof applyPlan>[0]) => {
    const out = applyPlan(plan);
    assert.equal(out[W + 'dossier.yaml'], DOSSIER.replace('  jane-roe:', '  j-roe:').replace('speaker: jane-roe', 'speaker: j-roe'));
    assert.equal(out[W + 'a.ann.yaml'], companion.replace('speaker: jane-roe #', 'speaker: j-roe #').replace('entity: "jane-roe"', 'entity: "j-roe"'));
    assert.equal(out[W + 'sub/b.ann.yaml'], 'source:\n  outlet: B\nannotations:\n  - kind: entity\n    text: Roe\n    entity: j-roe\n');
  };
  test('from the definition, a reference, or annotated article words', () => {
    const fromDef = renameKey(inputs, W + 'dossier.yaml', DOSSIER.indexOf('jane-roe') + 2, 'j-roe');
    assert.ok('plan' in fromDef);
    expectRenamed(fromDef.plan);
    const fromRef = renameKey(inputs, W + 'a.ann.yaml', companion.indexOf('"jane-roe"') + 1, 'j-roe');
    assert.ok('plan' in fromRef);
    expectRenamed(fromRef.plan);
    const target = renameTarget(inputs, W + 'a.txt', ARTICLE.indexOf('We will'));
    assert.deepEqual(target?.key, 'jane-roe');
  });
  test('refuses an existing or invalid name, with the reason', () => {
    const at = DOSSIER.indexOf('jane-roe');
    assert.deepEqual(renameKey(inputs, W + 'dossier.yaml', at, 'port-authority'), { error: '"port-authority" is already defined under entities in dossier.yaml.' });
    assert.match((renameKey(inputs, W + 'dossier.yaml', at, 'jane roe') as { error: string }).error, /not a valid key/);
    assert.match((renameKey(inputs, W + 'dossier.yaml', 0, 'x') as { error: string }).error, /no dossier key here/);
  });
});
