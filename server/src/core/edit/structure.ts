/**
 * Minimal structural edits on a YAML file: each returns the smallest text
 * changes that make it, computed from node ranges, so everything outside the
 * edited node (comments, blank lines, quoting, indentation, line breaks)
 * stays byte for byte. Each returns undefined when the file's shape is one
 * it does not know how to edit safely; callers then offer no edit.
 */
import { isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { columnAt, indentOfLine, lineEndAt, lineStartAt, nextLineAt, trimEnd, type TextChange } from './changes';
import { yamlValue, type ScalarStyle } from './scalar';
import { pairOf, topPair, type EditableYaml } from './yamlDoc';

export type FieldValue = string | number;
/** Fields of a new entry, in the order they are written. Values are raw (quoted here). */
export type Fields = ReadonlyArray<readonly [string, FieldValue]>;

const DEFAULT_INDENT = 2;

function range(node: unknown): [number, number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1], r[2]] : undefined;
}

/** The end of the last line that holds content of a node (after any comment on it, before the break). */
function contentLineEnd(y: EditableYaml, node: unknown): number | undefined {
  const r = range(node);
  if (!r) return undefined;
  return lineEndAt(y.text, trimEnd(y.text, r[1], r[0]) - 1);
}

/** The quoting style of an existing scalar. */
function styleOf(node: unknown): ScalarStyle {
  if (!isScalar(node)) return 'plain';
  if (node.type === Scalar.QUOTE_SINGLE) return 'single';
  if (node.type === Scalar.QUOTE_DOUBLE) return 'double';
  return 'plain';
}

/** Whether a node sits inside a flow collection (where `,[]{}` end a plain scalar). */
function inFlow(y: EditableYaml, offset: number): boolean {
  let flow = false;
  const walk = (node: unknown, inside: boolean): void => {
    const r = range(node);
    if (!r || offset < r[0] || offset > r[1]) return;
    const here = inside || ((isMap(node) || isSeq(node)) && !!(node as YAMLMap).flow);
    if (isScalar(node)) {
      flow = inside;
      return;
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of (node as YAMLMap).items as unknown[]) {
        const p = item as Pair;
        if (p && typeof p === 'object' && 'key' in p) {
          walk(p.key, here);
          walk(p.value, here);
        } else walk(item, here);
      }
    }
  };
  walk(y.doc.contents, false);
  return flow;
}

/**
 * Replaces a scalar (a value or a key) with a new value, in the scalar's own
 * quoting style when it can hold the value. A block scalar (`|`, `>`) is
 * replaced by a quoted one on the same line. An empty value gets one.
 */
export function replaceScalar(y: EditableYaml, node: unknown, value: FieldValue, prefer?: ScalarStyle): TextChange | undefined {
  const r = range(node);
  if (!r || !isScalar(node)) return undefined;
  const flow = inFlow(y, r[0]);
  const style = prefer ?? styleOf(node);
  const newText = yamlValue(value, style, flow);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    return { start: r[0], end: trimEnd(y.text, r[1], r[0]), newText };
  }
  if (r[0] === r[1] && (node as Scalar).value === null) {
    // `key:` with nothing after it: the range sits after the colon (or on the next line).
    return undefined;
  }
  return { start: r[0], end: r[1], newText };
}

/** Sets the value of a pair, whether or not it has one yet. */
function setPairValue(y: EditableYaml, pair: Pair, value: FieldValue): TextChange | undefined {
  const v = pair.value;
  if (isScalar(v) && !(v.value === null && range(v)?.[0] === range(v)?.[1])) return replaceScalar(y, v, value);
  if (v !== null && v !== undefined && !isScalar(v)) return undefined; // a collection: not a scalar field
  const k = range(pair.key);
  if (!k) return undefined;
  const colon = y.text.indexOf(':', k[1]);
  if (colon === -1 || colon > lineEndAt(y.text, k[1])) return undefined;
  return { start: colon + 1, end: colon + 1, newText: ' ' + yamlValue(value, 'plain', inFlow(y, k[0])) };
}

/** The column at which a block map's keys stand. */
function keyColumn(y: EditableYaml, map: YAMLMap): number | undefined {
  const first = map.items[0];
  const r = first ? range(first.key) : undefined;
  return r ? columnAt(y.text, r[0]) : undefined;
}

/**
 * Sets fields of a mapping: existing ones are replaced in place; missing ones
 * are written together, in the order given, after the pair named by `after`
 * (the first of them that exists) or else after the last pair.
 */
export function setFields(y: EditableYaml, map: YAMLMap, fields: Fields, after: readonly string[] = []): TextChange[] | undefined {
  const changes: TextChange[] = [];
  const missing: Array<readonly [string, FieldValue]> = [];
  for (const [name, value] of fields) {
    const pair = pairOf(map, name);
    if (!pair) {
      missing.push([name, value]);
      continue;
    }
    const c = setPairValue(y, pair, value);
    if (!c) return undefined;
    changes.push(c);
  }
  if (missing.length === 0) return changes;
  const insert = insertPairs(y, map, missing, after);
  if (!insert) return undefined;
  return [...changes, insert];
}

function insertPairs(y: EditableYaml, map: YAMLMap, fields: Fields, after: readonly string[]): TextChange | undefined {
  if (map.flow) {
    const r = range(map);
    if (!r) return undefined;
    const body = fields.map(([k, v]) => `${k}: ${yamlValue(v, 'plain', true)}`).join(', ');
    const last = map.items[map.items.length - 1];
    if (!last) {
      const close = trimEnd(y.text, r[1], r[0]) - 1;
      if (y.text[close] !== '}') return undefined;
      return { start: close, end: close, newText: ` ${body} ` };
    }
    const end = range(last.value)?.[1] ?? range(last.key)?.[1];
    if (end === undefined) return undefined;
    return { start: trimEnd(y.text, end), end: trimEnd(y.text, end), newText: `, ${body}` };
  }
  const column = keyColumn(y, map);
  if (column === undefined) return undefined;
  const anchorPair = after.map((n) => pairOf(map, n)).find((p) => p !== undefined) ?? map.items[map.items.length - 1];
  const at = contentLineEnd(y, anchorPair.value ?? anchorPair.key) ?? contentLineEnd(y, anchorPair.key);
  if (at === undefined) return undefined;
  const pad = ' '.repeat(column);
  const text = fields.map(([k, v]) => `${y.eol}${pad}${k}: ${yamlValue(v)}`).join('');
  return { start: at, end: at, newText: text };
}

/** Lines of a new block-map list item: `- a: 1` then `  b: 2`, without a final line break. */
function renderItem(fields: Fields, dashColumn: number, contentColumn: number, eol: string): string {
  const dash = ' '.repeat(dashColumn) + '-' + ' '.repeat(Math.max(1, contentColumn - dashColumn - 1));
  const pad = ' '.repeat(contentColumn);
  return fields.map(([k, v], i) => `${i === 0 ? dash : pad}${k}: ${yamlValue(v)}`).join(eol);
}

/** How the items of a block list are laid out: the dash column and the column of their keys. */
function listLayout(y: EditableYaml, seq: unknown): { dash: number; content: number } | undefined {
  if (!isSeq(seq) || seq.items.length === 0) return undefined;
  const first = seq.items[0];
  const r = range(first);
  if (!r) return undefined;
  const lineStart = lineStartAt(y.text, r[0]);
  const before = y.text.slice(lineStart, r[0]);
  const m = /^( *)-( +)$/.exec(before);
  if (!m) return undefined; // an item that does not start its own line: unusual, not edited
  return { dash: m[1].length, content: r[0] - lineStart };
}

/** The indentation the file uses for a top-level section's children (2 if nothing says otherwise). */
function fileIndent(y: EditableYaml): number {
  const root = y.doc.contents;
  if (isMap(root)) {
    for (const p of root.items) {
      const v = p.value;
      if (isMap(v) && !v.flow && v.items.length) return keyColumn(y, v) ?? DEFAULT_INDENT;
      if (isSeq(v) && !v.flow && v.items.length) {
        const l = listLayout(y, v);
        if (l) return l.dash || DEFAULT_INDENT;
      }
    }
  }
  return DEFAULT_INDENT;
}

/** Text to insert at the end of the file: starts on a fresh line. */
function atEnd(y: EditableYaml, lines: string): TextChange {
  const t = y.text;
  const needsBreak = t.length > 0 && !t.endsWith('\n') && !t.endsWith('\r');
  return { start: t.length, end: t.length, newText: (needsBreak ? y.eol : '') + lines + y.eol };
}

/**
 * Appends items to the top-level list `name` (creating the key at the end of
 * the file when missing, turning `name:` or `name: []` into a block list).
 * New items go after the last item's last content line, in the layout of the
 * existing items.
 */
export function appendListItems(y: EditableYaml, name: string, items: readonly Fields[]): TextChange | undefined {
  if (items.length === 0) return undefined;
  const pair = topPair(y, name);
  const eol = y.eol;
  if (!pair) {
    const indent = fileIndent(y);
    const body = items.map((f) => renderItem(f, indent, indent + 2, eol)).join(eol);
    return atEnd(y, `${name}:${eol}${body}`);
  }
  const v = pair.value;
  if (isSeq(v) && !v.flow && v.items.length > 0) {
    const layout = listLayout(y, v);
    const at = contentLineEnd(y, v.items[v.items.length - 1]);
    if (!layout || at === undefined) return undefined;
    return { start: at, end: at, newText: items.map((f) => eol + renderItem(f, layout.dash, layout.content, eol)).join('') };
  }
  const indent = fileIndent(y);
  return fillEmptyValue(y, pair, items.map((f) => eol + renderItem(f, indent, indent + 2, eol)).join(''));
}

/**
 * For `name:`, `name: []` or `name: {}` (maybe with a comment after it): a
 * change that writes `body` (which starts with a line break) as the block
 * under the key, dropping the empty brackets. Undefined for anything else.
 */
function fillEmptyValue(y: EditableYaml, pair: Pair, body: string): TextChange | undefined {
  const v = pair.value;
  const keyEnd = range(pair.key)?.[1];
  if (keyEnd === undefined) return undefined;
  if ((isSeq(v) || isMap(v)) && v.flow && v.items.length === 0) {
    const r = range(v)!;
    const lineEnd = lineEndAt(y.text, r[1]);
    const colon = y.text.indexOf(':', keyEnd);
    return { start: colon + 1, end: lineEnd, newText: y.text.slice(r[1], lineEnd) + body };
  }
  if (v === null || v === undefined || (isScalar(v) && v.value === null && y.text.slice(range(v)?.[0], range(v)?.[1]).trim() === '')) {
    const lineEnd = lineEndAt(y.text, keyEnd);
    return { start: lineEnd, end: lineEnd, newText: body };
  }
  return undefined; // a flow collection with items, or not a collection at all
}

/**
 * Deletes item `index` of the top-level list `name`: the lines from its dash
 * to its last content line, plus comment lines right after it that are
 * indented deeper than its dash (they are inside the item). Comments above
 * the item and blank lines are kept. Deleting the only item leaves `name: []`.
 */
export function deleteListItem(y: EditableYaml, name: string, index: number): TextChange[] | undefined {
  const pair = topPair(y, name);
  const seq = pair?.value;
  if (!pair || !isSeq(seq) || seq.flow) return undefined;
  const item = seq.items[index];
  const r = range(item);
  if (!r) return undefined;
  const lineStart = lineStartAt(y.text, r[0]);
  if (!/^ *- *$/.test(y.text.slice(lineStart, r[0]))) return undefined;
  const dashColumn = indentOfLine(y.text, r[0]);
  let end = nextLineAt(y.text, trimEnd(y.text, r[1], r[0]) - 1);
  // Comment lines inside the item (deeper than its dash) go with it.
  for (;;) {
    if (end >= y.text.length) break;
    const lineEnd = lineEndAt(y.text, end);
    const line = y.text.slice(end, lineEnd);
    const m = /^( *)#/.exec(line);
    if (!m || m[1].length <= dashColumn) break;
    end = nextLineAt(y.text, end);
  }
  const changes: TextChange[] = [{ start: lineStart, end, newText: '' }];
  if (seq.items.length === 1) {
    const keyEnd = range(pair.key)?.[1];
    const colon = keyEnd === undefined ? -1 : y.text.indexOf(':', keyEnd);
    if (colon === -1) return undefined;
    changes.push({ start: colon + 1, end: colon + 1, newText: ' []' });
  }
  return changes;
}

/** How definitions of a dossier-like map are written: `key: { ... }` on one line, or as a block. */
type EntryStyle = 'flow' | 'block';

/** The style of the entries of a map: flow when its first entry with a mapping value is a flow mapping. */
function entryStyle(y: EditableYaml, map: unknown): { style: EntryStyle; inner: number } | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) {
    const v = p.value;
    if (isMap(v)) {
      if (v.flow) return { style: 'flow', inner: 0 };
      const inner = keyColumn(y, v);
      const outer = keyColumn(y, map);
      if (inner !== undefined && outer !== undefined) return { style: 'block', inner: inner - outer };
    }
  }
  return undefined;
}

function renderEntry(key: string, fields: Fields, column: number, style: EntryStyle, inner: number, eol: string): string {
  const pad = ' '.repeat(column);
  const k = yamlValue(key, 'plain', style === 'flow');
  if (style === 'flow') return `${pad}${k}: { ${fields.map(([n, v]) => `${n}: ${yamlValue(v, 'plain', true)}`).join(', ')} }`;
  return `${pad}${k}:` + fields.map(([n, v]) => `${eol}${pad}${' '.repeat(inner)}${n}: ${yamlValue(v)}`).join('');
}

/**
 * Adds `key: {fields}` to the top-level map `section` (creating the section at
 * the end of the file when missing), in the style of the entries already in
 * that section, else of any other section, else flow.
 */
export function addMapEntry(y: EditableYaml, section: string, key: string, fields: Fields, styleFrom: readonly string[] = []): TextChange | undefined {
  const pair = topPair(y, section);
  const eol = y.eol;
  const v = pair?.value;
  const sample =
    entryStyle(y, v) ?? styleFrom.map((s) => entryStyle(y, topPair(y, s)?.value)).find((s) => s !== undefined) ?? { style: 'flow' as const, inner: 0 };
  const inner = sample.inner || DEFAULT_INDENT;
  if (isMap(v) && !v.flow && v.items.length > 0) {
    const column = keyColumn(y, v);
    const at = contentLineEnd(y, v.items[v.items.length - 1].value ?? v.items[v.items.length - 1].key);
    if (column === undefined || at === undefined) return undefined;
    return { start: at, end: at, newText: eol + renderEntry(key, fields, column, sample.style, inner, eol) };
  }
  const indent = fileIndent(y);
  const entry = renderEntry(key, fields, indent, sample.style, inner, eol);
  if (!pair) return atEnd(y, `${section}:${eol}${entry}`);
  return fillEmptyValue(y, pair, eol + entry);
}
