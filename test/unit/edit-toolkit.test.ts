/** The YAML edit toolkit: safe scalars, and minimal edits that keep every other byte. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { applyChanges, eolOf } from '../../server/src/core/edit/changes';
import { isPlainSafe, yamlString } from '../../server/src/core/edit/scalar';
import { addMapEntry, appendListItems, deleteListItem, replaceScalar, setFields } from '../../server/src/core/edit/structure';
import { annotationItem, editable, pairOf } from '../../server/src/core/edit/yamlDoc';
import { params } from '../support/reliability';

const HOSTILE = [
  'a: b', 'ends with colon:', 'x #not a comment', '# leading hash', '"leading double', "'leading single", "it's",
  '*alias', '&anchor', '!tag', '%directive', '@at', '`tick', '|pipe', '>fold', '- dash', '? question', '[x]', '{y}', 'a, b',
  'true', 'no', 'null', '~', '12', '1e3', '0x1F', '2026-03-05', '', ' leading space', 'trailing space ', 'tab\tinside',
  'line one\nline two', 'crlf\r\nbreak', 'back\\slash', 'naïve café — “curly” ‘quotes’ 😀', '\u2028sep', 'nul\u0000', 'bell\u0007', '\ufeffbom',
];

describe('yamlString', () => {
  for (const s of HOSTILE) {
    test(`reads back exactly: ${JSON.stringify(s)}`, () => {
      assert.equal(parse(`k: ${yamlString(s)}\n`).k, s);
      assert.equal(parse(`m: { k: ${yamlString(s, 'plain', true)} }\n`).m.k, s);
      assert.equal(parse(`k: ${yamlString(s, 'single')}\n`).k, s);
      assert.equal(parse(`k: ${yamlString(s, 'double')}\n`).k, s);
    });
  }
  test('plain when plain is unambiguous, quoted otherwise', () => {
    assert.equal(yamlString('About 8,000 workers'), 'About 8,000 workers');
    assert.equal(yamlString('naïve café'), 'naïve café');
    assert.equal(yamlString('a: b'), '"a: b"');
    assert.equal(yamlString('true'), '"true"');
    assert.equal(yamlString('12'), '"12"');
    assert.equal(yamlString('a\nb'), '"a\\nb"');
    assert.equal(yamlString("it's", 'single'), "'it''s'");
    assert.equal(yamlString('a\nb', 'single'), '"a\\nb"', 'single quotes cannot hold a line break');
    assert.equal(isPlainSafe('a, b', true), false);
  });
  test('what is written plain reads back as itself, in a block and in a flow mapping', () => {
    const FRAGMENTS = ['a', 'Roe', '1', '0', '.', '...', '-', '+', 'e', 'x', 'o', ' ', ':', '#', '~', '_', 'null', 'true', 'No', '.inf', '.NaN', '0x', '0o', "'", '"', ',', '[', '{', '!', '&', '*', '%', '|', '>', '?', ' ', 'é'];
    const value = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(value, (s) => {
        if (isPlainSafe(s)) assert.equal(parse(`k: ${s}\n`).k, s);
        if (isPlainSafe(s, true)) assert.equal(parse(`m: { k: ${s} }\n`).m.k, s);
      }),
      params(2),
    );
  });
});

const COMPANION = [
  '# Strike coverage, checked by A.',
  'source:',
  '  outlet: The Gazette   # the print edition',
  '  published: 2026-03-05',
  '',
  'annotations:',
  '  # figures first',
  '  - id: f1 # keep',
  '    kind: figure',
  "    text: 'About 8,000'",
  '    note: |',
  '      long note',
  '    # inside f1',
  '',
  '  - id: q1',
  '    kind: quote',
  '    text: "We will not go back"',
  '',
  '  # trailing comment',
  '',
].join('\n');

function edit(text: string, f: (y: NonNullable<ReturnType<typeof editable>>) => Parameters<typeof applyChanges>[1] | undefined) {
  const y = editable(text);
  assert.ok(y, 'editable');
  const changes = f(y);
  assert.ok(changes, 'an edit');
  return applyChanges(text, changes);
}

describe('structural edits keep everything else byte for byte', () => {
  test('append an item after the last item, in its layout, before the trailing comments', () => {
    const out = edit(COMPANION, (y) => [appendListItems(y, 'annotations', [[['id', 'n1'], ['kind', 'note'], ['text', 'a: b # c']]])!]);
    assert.equal(out, COMPANION.replace('    text: "We will not go back"\n', '    text: "We will not go back"\n  - id: n1\n    kind: note\n    text: "a: b # c"\n'));
    assert.deepEqual(parse(out).annotations[2], { id: 'n1', kind: 'note', text: 'a: b # c' });
  });

  test('CRLF files get CRLF', () => {
    const crlf = COMPANION.replace(/\n/g, '\r\n');
    assert.equal(eolOf(crlf), '\r\n');
    const out = edit(crlf, (y) => [appendListItems(y, 'annotations', [[['id', 'n1'], ['text', 'x']]])!]);
    assert.equal(out, crlf.replace('    text: "We will not go back"\r\n', '    text: "We will not go back"\r\n  - id: n1\r\n    text: x\r\n'));
    assert.ok(!/[^\r]\n/.test(out));
  });

  test('compact lists (dash at column 0) and 4-space indentation are followed', () => {
    const t = 'source:\n    outlet: X\nannotations:\n- id: a\n  text: b\n';
    assert.equal(edit(t, (y) => [appendListItems(y, 'annotations', [[['id', 'c'], ['text', 'd']]])!]), t + '- id: c\n  text: d\n');
    const t4 = 'source:\n    outlet: X\nannotations:\n    -   id: a\n        text: b\n';
    assert.equal(edit(t4, (y) => [appendListItems(y, 'annotations', [[['id', 'c']]])!]), t4 + '    -   id: c\n');
  });

  test('an empty, bracketed or missing list becomes a block list', () => {
    assert.equal(edit('source:\n  outlet: X\nannotations: [] # none yet\n', (y) => [appendListItems(y, 'annotations', [[['id', 'a']]])!]), 'source:\n  outlet: X\nannotations: # none yet\n  - id: a\n');
    assert.equal(edit('source:\n  outlet: X\nannotations:\n', (y) => [appendListItems(y, 'annotations', [[['id', 'a']]])!]), 'source:\n  outlet: X\nannotations:\n  - id: a\n');
    assert.equal(edit('source:\n  outlet: X', (y) => [appendListItems(y, 'annotations', [[['id', 'a']]])!]), 'source:\n  outlet: X\nannotations:\n  - id: a\n');
  });

  test('a flow list with items is not edited', () => {
    const y = editable('annotations: [{id: a}]\n')!;
    assert.equal(appendListItems(y, 'annotations', [[['id', 'b']]]), undefined);
  });

  test('replace a scalar in its own quoting style', () => {
    const out = edit(COMPANION, (y) => [replaceScalar(y, pairOf(annotationItem(y, 0), 'text')!.value, "About 8,200 it's")!]);
    assert.equal(out, COMPANION.replace("text: 'About 8,000'", "text: 'About 8,200 it''s'"));
    const dq = edit(COMPANION, (y) => [replaceScalar(y, pairOf(annotationItem(y, 1), 'text')!.value, 'We "will"')!]);
    assert.equal(dq, COMPANION.replace('text: "We will not go back"', 'text: "We \\"will\\""'));
    const block = edit(COMPANION, (y) => [replaceScalar(y, pairOf(annotationItem(y, 0), 'note')!.value, 'short')!]);
    assert.equal(block, COMPANION.replace('note: |\n      long note\n', 'note: short\n'));
  });

  test('set fields: replace existing ones, insert missing ones together after a named field', () => {
    const out = edit(COMPANION, (y) => setFields(y, annotationItem(y, 0)!, [['text', 'About 8,200'], ['prefix', '"x'], ['start', 12]], ['text']));
    assert.equal(out, COMPANION.replace("    text: 'About 8,000'\n", "    text: 'About 8,200'\n    prefix: \"\\\"x\"\n    start: 12\n"));
  });

  test('set a field of a flow mapping', () => {
    const t = 'entities:\n  a: { name: A }   # x\n';
    const y = editable(t)!;
    const map = pairOf(y.doc.contents, 'entities')!.value;
    const def = (map as { items: Array<{ value: unknown }> }).items[0].value;
    assert.equal(applyChanges(t, setFields(y, def as never, [['role', 'Leader, union']])!), 'entities:\n  a: { name: A, role: "Leader, union" }   # x\n');
  });

  test('delete an item: its lines and its inner comments; comments above and blank lines stay', () => {
    assert.equal(
      edit(COMPANION, (y) => deleteListItem(y, 'annotations', 0)),
      COMPANION.replace("  - id: f1 # keep\n    kind: figure\n    text: 'About 8,000'\n    note: |\n      long note\n    # inside f1\n", ''),
    );
    assert.equal(edit(COMPANION, (y) => deleteListItem(y, 'annotations', 1)), COMPANION.replace('  - id: q1\n    kind: quote\n    text: "We will not go back"\n', ''));
    assert.equal(edit('annotations:\n  - id: a\n    text: b\n# end\n', (y) => deleteListItem(y, 'annotations', 0)), 'annotations: []\n# end\n');
  });

  test('add a dossier definition in the style of the section, or create the section', () => {
    const d = 'title: T\nentities:\n  a: { name: A }  # first\n\n# claims below\nclaims:\n  c1:\n    label: One\n';
    assert.equal(edit(d, (y) => [addMapEntry(y, 'entities', 'b-c', [['name', 'B, C']])!]), d.replace('# first\n', '# first\n  b-c: { name: "B, C" }\n'));
    assert.equal(edit(d, (y) => [addMapEntry(y, 'claims', 'c2', [['label', 'Two']])!]), d + '  c2:\n    label: Two\n');
    assert.equal(edit(d, (y) => [addMapEntry(y, 'quantities', 'q', [['label', 'Q']], ['entities'])!]), d + 'quantities:\n  q: { label: Q }\n');
    assert.equal(edit('entities: {}\n', (y) => [addMapEntry(y, 'entities', 'x', [['name', 'X']])!]), 'entities:\n  x: { name: X }\n');
  });

  test('a file with a YAML syntax error is never opened for editing', () => {
    assert.equal(editable('annotations:\n  - id: a\n   text: [b\n'), undefined);
  });
});
