/**
 * Where a parsed field says its key and value are written: the parser keeps
 * most fields' spans packed in two numbers and the rest as four offsets
 * (yamlTree.ts `packedField`); either way `key` and `node` must be the
 * places in the text, for keys and values short or long, near their key or
 * far from it, early in a file or megabytes into it, on both parse paths.
 *
 * Case counts: CORROBORATE_PROPERTY_RUNS, as the reliability suites.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCompanion } from '../../server/src/core/parse/companion';
import { params } from '../support/reliability';

const URI = 'file:///w/a.ann.yaml';

/** A companion whose one annotation has the field `name: value`, `between` written between the colon and the value, after `padding`. */
function companion(padding: string, name: string, between: string, value: string): { text: string; keyAt: number; valueAt: number } {
  const head = `${padding}source:\n  outlet: Wire\nannotations:\n  - kind: note\n    `;
  const text = `${head}${name}:${between}${value}\n    note: after\n`;
  return { text, keyAt: head.length, valueAt: head.length + name.length + 1 + between.length };
}

function check(padding: string, name: string, between: string, value: string, forceFallback: boolean): void {
  const { text, keyAt, valueAt } = companion(padding, name, between, value);
  const c = parseCompanion(URI, text, { forceFallback });
  const field = c.annotations[0]?.fields[name];
  assert.ok(field, `the field ${name.slice(0, 20)}… is read (${c.problems.map((p) => p.message).join('; ')})`);
  assert.deepEqual(field.key, { start: keyAt, end: keyAt + name.length });
  assert.deepEqual(field.node, { start: valueAt, end: valueAt + value.length });
  assert.equal(field.value, value);
  const after = c.annotations[0].fields.note;
  assert.equal(text.slice(after.node.start, after.node.end), 'after');
}

test('a field’s key and value are where they are written, whatever their length and distance', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 1, max: 400 }),
      fc.oneof(
        fc.integer({ min: 1, max: 300 }).map((n) => ' '.repeat(n)),
        fc.integer({ min: 0, max: 300 }).map((n) => ` # ${'c'.repeat(n)}\n      `),
      ),
      fc.integer({ min: 1, max: 500 }),
      fc.boolean(),
      (pad, keyLength, between, valueLength, forceFallback) => {
        const padding = pad ? `# ${'p'.repeat(pad)}\n` : '';
        check(padding, `k${'e'.repeat(keyLength - 1)}`, between, `v${'a'.repeat(valueLength - 1)}`, forceFallback);
      },
    ),
    params(200),
  );
});

test('a field megabytes into a file, or with a value megabytes long, is where it is written', () => {
  const far = `# ${'p'.repeat(4.5 * 2 ** 20)}\n`;
  check(far, 'text', ' ', 'far into the file', false);
  check('', 'text', ' ', `v${'a'.repeat(8.5 * 2 ** 20)}`, false);
  check(far, `k${'e'.repeat(300)}`, ` # ${'c'.repeat(200)}\n      `, 'every part past the packed ranges', false);
});

test('an annotation’s typed readings: what its fields say when of the right type, else nothing', () => {
  const text = [
    'source:',
    '  outlet: Wire',
    'annotations:',
    '  - { id: 12, kind: figure, text: "40 ships", prefix: "counted ", suffix: " in", start: 7, note: checked }',
    '  - { id: a1, kind: fgure, text: 40, prefix: [x], suffix: {a: 1}, start: -1, note: 5 }',
    '  - { kind: quote, start: 1.5 }',
    '',
  ].join('\n');
  const [a, b, c] = parseCompanion(URI, text).annotations;
  const typed = (x: typeof a) => ({ id: x.id, kind: x.kind, text: x.text, prefix: x.prefix, suffix: x.suffix, start: x.start, note: x.note });
  assert.deepEqual(typed(a), { id: '12', kind: 'figure', text: '40 ships', prefix: 'counted ', suffix: ' in', start: 7, note: 'checked' });
  assert.deepEqual(typed(b), { id: 'a1', kind: undefined, text: undefined, prefix: undefined, suffix: undefined, start: undefined, note: undefined });
  assert.deepEqual(typed(c), { id: undefined, kind: 'quote', text: undefined, prefix: undefined, suffix: undefined, start: undefined, note: undefined });
  assert.deepEqual([a.index, b.index, c.index], [0, 1, 2]);
});
