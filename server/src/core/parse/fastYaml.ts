/**
 * The fast path of the read path: builds the plain tree of tree.ts from
 * js-yaml's parser events (several times faster than the `yaml` package's
 * parseDocument), giving exactly the ranges and values the `yaml` package
 * would. (js-yaml 5 has no `listener` option; `parseEvents` gives the same
 * positions as a flat list.)
 *
 * It answers only for files it can vouch for: anything it does not model —
 * a js-yaml error, several documents, anchors, aliases, tags, merge keys,
 * explicit `?` keys, duplicate keys, tabs, directives, unusual block scalar
 * headers, a flow pair in a sequence — makes it answer `undefined`, and the
 * caller parses with the `yaml` package instead (which also gives the error
 * messages users see). js-yaml only finds the nodes: the gaps between them
 * are checked character by character, plain scalars are resolved with the
 * `yaml` package's core schema rules, and the ranges that depend on where
 * the `yaml` package attaches comments and blank lines are worked out here.
 */
import * as jsYaml from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import { keyName, type YMap, type YNode, type YPair, type YScalar, type YSeq } from './tree';

// Taken once: the bundle loads js-yaml's CommonJS build (see scripts/build.mjs),
// whose exports it reaches through a getter at every use (0.5 s of a
// 10,000-pair index when read inside the loops below).
const { CHOMPING_MODE, COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } = jsYaml;

/**
 * Text the fast path leaves to the `yaml` package outright: tabs (the two
 * libraries treat them differently around indentation), byte order marks,
 * a carriage return not followed by a line feed, and lines that start with a
 * directive or a document marker. False alarms only cost speed.
 */
const UNSUPPORTED_TEXT = /[\t\uFEFF]|\r(?!\n)|^(?:%|---|\.\.\.)/m;

/** js-yaml's own nesting limit (it throws beyond, and the `yaml` package takes over). */
const MAX_DEPTH = 100;

/** Thrown inside the builder when the result cannot be vouched for. */
const UNSURE: unique symbol = Symbol('unsure');

/** The tree of `text`, or `undefined` if only the `yaml` package may read it. */
export function fastTree(text: string): { readonly root: YNode | null } | undefined {
  if (UNSUPPORTED_TEXT.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  try {
    return { root: new Builder(text, events).document() };
  } catch (e) {
    if (e === UNSURE) return undefined;
    throw e;
  }
}

function unsure(): never {
  throw UNSURE;
}

/** How a node ends, which decides where the `yaml` package ends its parent. */
const enum Tail {
  /** A plain or quoted scalar or a flow collection: its line's end (and comment) follow it. */
  Inline,
  /** A block scalar: its range already runs to the end of its last kept line. */
  BlockScalar,
  /** An empty value: what follows it belongs to its pair or item. */
  Empty,
  /** A block collection, with its own outer end worked out. */
  Block,
}

interface Built {
  readonly node: YNode;
  readonly tail: Tail;
  /** The end of the node's range (`node.end`). */
  readonly end: number;
  /**
   * Where the `yaml` package ends the node together with what it attaches
   * after it (block collections only; `end` for the others).
   */
  readonly outer: number;
}

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;

class Builder {
  private i = 0;
  private readonly n: number;
  /** Set by `trivia`: whether it passed a comment, and the largest comment column. */
  private sawComment = false;
  private maxCommentColumn = -1;

  constructor(
    private readonly text: string,
    private readonly events: Event[],
  ) {
    this.n = text.length;
  }

  document(): YNode | null {
    const { events } = this;
    if (events.length === 0) {
      // No document: only blank lines and comments, which the `yaml` package reads as empty.
      if (this.trivia(0) !== this.n) unsure();
      return null;
    }
    const doc = events[0];
    if (doc.type !== EVENT_ID.DOCUMENT || doc.explicitStart || doc.explicitEnd || doc.directives.length > 0) unsure();
    this.i = 1;
    const root = this.node(0, false, 0);
    if (root.tail === Tail.Empty) unsure();
    if (this.i !== events.length - 1 || events[this.i].type !== EVENT_ID.POP) unsure(); // several documents
    if (this.trivia(root.tail === Tail.Block ? root.outer : root.end) !== this.n) unsure();
    return root.node;
  }

  private node(after: number, inFlow: boolean, depth: number): Built {
    if (depth > MAX_DEPTH) unsure();
    const ev = this.events[this.i++];
    switch (ev?.type) {
      case EVENT_ID.SCALAR:
        return this.scalar(ev, after, inFlow);
      case EVENT_ID.MAPPING:
        if (ev.anchorStart !== -1 || ev.tagStart !== -1) unsure();
        return ev.style === COLLECTION_STYLE.FLOW ? this.flowMap(ev.start, after, depth) : this.blockMap(ev.start, after, inFlow, depth);
      case EVENT_ID.SEQUENCE:
        if (ev.anchorStart !== -1 || ev.tagStart !== -1) unsure();
        return ev.style === COLLECTION_STYLE.FLOW ? this.flowSeq(ev.start, after, depth) : this.blockSeq(ev.start, after, inFlow, depth);
      default:
        return unsure(); // an alias, or events out of order
    }
  }

  // ---- scalars ----

  private scalar(ev: ScalarEvent, after: number, inFlow: boolean): Built {
    if (ev.anchorStart !== -1 || ev.tagStart !== -1) unsure();
    const { text } = this;
    if (ev.valueStart === -1) {
      // An empty value: the `yaml` package puts it after the indicator and the spaces that follow.
      const at = this.spaces(after);
      return { node: scalarNode(null, at, at), tail: Tail.Empty, end: at, outer: at };
    }
    switch (ev.style) {
      case SCALAR_STYLE.PLAIN: {
        if (this.trivia(after) !== ev.valueStart) unsure();
        // Below its indicator, after a comment line: the `yaml` package reads such a scalar on into
        // the lines after it when the comment is no more indented than the collection that holds it
        // ("-\n#c\n  on\n- y" is one item, "on - y", to it). Left to the package whatever the column.
        if (this.sawComment) unsure();
        const value = resolvePlain(getScalarValue(text, ev));
        return inline(scalarNode(value, ev.valueStart, ev.valueEnd));
      }
      case SCALAR_STYLE.SINGLE_QUOTED:
      case SCALAR_STYLE.DOUBLE_QUOTED: {
        const start = ev.valueStart - 1;
        const end = ev.valueEnd + 1;
        const quote = ev.style === SCALAR_STYLE.SINGLE_QUOTED ? 0x27 : 0x22;
        if (this.trivia(after) !== start || text.charCodeAt(start) !== quote || text.charCodeAt(end - 1) !== quote) unsure();
        return inline(scalarNode(getScalarValue(text, ev), start, end));
      }
      case SCALAR_STYLE.LITERAL_BLOCK:
      case SCALAR_STYLE.FOLDED_BLOCK:
        if (inFlow) unsure();
        return this.blockScalar(ev, after);
      default:
        return unsure();
    }
  }

  /**
   * A block scalar: from its header to where the `yaml` package's lexer ends
   * it — after the last line that belongs to it, less trailing blank lines
   * unless it keeps them (`|+`).
   */
  private blockScalar(ev: ScalarEvent, after: number): Built {
    const { text, n } = this;
    const header = this.trivia(after);
    const indicator = ev.style === SCALAR_STYLE.LITERAL_BLOCK ? 0x7c /* | */ : 0x3e; /* > */
    if (text.charCodeAt(header) !== indicator) unsure();
    let p = header + 1;
    let keep = false;
    const c = text.charCodeAt(p);
    if (c === 0x2b /* + */) {
      keep = true;
      p++;
    } else if (c === 0x2d /* - */) p++;
    // Only `|`, `|-` and `|+` (and the same with `>`): no indentation indicator.
    const afterHeader = this.spaces(p);
    if (afterHeader === p && afterHeader < n && !isBreak(text.charCodeAt(afterHeader))) unsure();
    p = this.lineEnd(afterHeader, afterHeader > p);
    const contentIndent = ev.indent;
    if (p !== ev.valueStart || contentIndent < 1 || ev.valueEnd <= ev.valueStart) unsure();
    if (keep !== (ev.chomping === CHOMPING_MODE.KEEP)) unsure();

    // The lines that belong to the scalar: blank ones, and those indented at least as far as its first.
    let nl = p - 1; // the line break before the line being looked at
    let line = p;
    for (;;) {
      let q = line;
      while (text.charCodeAt(q) === SPACE) q++;
      if (q >= n) {
        if (q - line >= contentIndent) nl = n;
        break;
      }
      const ch = text.charCodeAt(q);
      if (ch === LF || (ch === CR && text.charCodeAt(q + 1) === LF)) {
        nl = ch === LF ? q : q + 1;
      } else if (q - line >= contentIndent) {
        const next = text.indexOf('\n', q);
        if (next === -1) {
          nl = n;
          break;
        }
        nl = next;
      } else break;
      line = nl + 1;
    }
    if (!keep) {
      // Trailing lines of no more than the content's indentation in spaces are not part of it.
      for (;;) {
        let i = nl - 1;
        if (text.charCodeAt(i) === CR) i--;
        const lastChar = i;
        while (text.charCodeAt(i) === SPACE) i--;
        if (text.charCodeAt(i) === LF && i >= p && i + 1 + contentIndent > lastChar) nl = i;
        else break;
      }
    }
    const end = Math.min(nl + 1, n);
    return { node: scalarNode(getScalarValue(text, ev), header, end), tail: Tail.BlockScalar, end, outer: end };
  }

  // ---- block collections ----

  private blockMap(start: number, after: number, inFlow: boolean, depth: number): Built {
    if (inFlow || this.trivia(after) !== start) unsure();
    const { text, events } = this;
    const indent = this.column(start);
    const pairs: YPair[] = [];
    const names = new Set<string>();
    let cursor = start;
    let last: Built | undefined;
    while (events[this.i]?.type !== EVENT_ID.POP) {
      const kev = events[this.i++];
      if (kev?.type !== EVENT_ID.SCALAR) return unsure(); // a collection as key
      const key = this.key(kev);
      if (last === undefined ? key.start !== start : this.trivia(cursor) !== key.start || this.column(key.start) !== indent) unsure();
      this.checkName(names, key);
      const colon = this.spaces(key.end);
      if (text.charCodeAt(colon) !== 0x3a /* : */) unsure();
      last = this.node(colon + 1, false, depth + 1);
      pairs.push({ key, value: last.node });
      cursor = last.outer;
    }
    this.i++;
    if (!last) return unsure();
    const map: YMap = { kind: 'map', pairs, start, end: 0 };
    return this.closeBlock(map, indent, last, last.end);
  }

  private blockSeq(start: number, after: number, inFlow: boolean, depth: number): Built {
    if (inFlow || this.trivia(after) !== start) unsure();
    const { text, events } = this;
    const indent = this.column(start);
    const items: Array<YNode | null> = [];
    let cursor = start;
    let last: Built | undefined;
    let previous: Built | undefined;
    let dash = start;
    while (events[this.i]?.type !== EVENT_ID.POP) {
      dash = last === undefined ? start : this.trivia(cursor);
      if (text.charCodeAt(dash) !== 0x2d /* - */ || (last !== undefined && this.column(dash) !== indent)) unsure();
      const next = text.charCodeAt(dash + 1);
      if (dash + 1 < this.n && next !== SPACE && !isBreak(next)) unsure();
      previous = last;
      last = this.node(dash + 1, false, depth + 1);
      items.push(last.node);
      cursor = last.outer;
    }
    this.i++;
    if (!last) return unsure();
    const seq: YSeq = { kind: 'seq', items, start, end: 0 };
    return this.closeBlock(seq, indent, last, last.tail === Tail.Empty ? this.itemStart(previous, dash, indent) : 0);
  }

  /**
   * Where the `yaml` package starts the sequence item whose dash is at
   * `dash`: comments between the previous item and the dash belong to it
   * (unless they went with the previous item's value).
   */
  private itemStart(previous: Built | undefined, dash: number, indent: number): number {
    switch (previous?.tail) {
      case undefined:
      case Tail.Empty:
        return dash;
      case Tail.Inline:
        return this.inlineEnd(previous.end, indent);
      case Tail.BlockScalar:
        return previous.end;
      case Tail.Block:
        return previous.outer;
    }
  }

  /**
   * Where a block collection ends. Its range runs to the end of its last
   * value with what the `yaml` package attaches to that value; blank lines
   * and comments after that stay with the collection (as its outer end)
   * only if one of those comments is indented at least as far as the
   * collection itself (and it is not at column 0). An empty last value
   * ends after all of that if its pair or item (from `emptyFrom`) has a
   * comment.
   */
  private closeBlock(node: YMap | YSeq, indent: number, last: Built, emptyFrom: number): Built {
    let end: number;
    switch (last.tail) {
      case Tail.Inline:
        end = this.inlineEnd(last.end, indent);
        break;
      case Tail.Empty: {
        const next = this.trivia(last.end);
        let comment = this.sawComment;
        if (!comment && emptyFrom < last.end) {
          this.trivia(emptyFrom);
          comment = this.sawComment;
        }
        end = comment ? next : last.end;
        break;
      }
      case Tail.BlockScalar:
        end = last.end;
        break;
      case Tail.Block:
        end = last.outer;
        break;
    }
    const next = this.trivia(end);
    const outer = indent !== 0 && this.maxCommentColumn >= indent ? next : end;
    (node as { end: number }).end = end;
    return { node, tail: Tail.Block, end, outer };
  }

  /**
   * The end of a plain or quoted scalar or flow collection that is the last
   * value of a block collection with keys (or dashes) at column `indent`:
   * the rest of its line, then any comment lines indented deeper than
   * `indent` (with blank lines before them) that follow.
   */
  private inlineEnd(from: number, indent: number): number {
    const { text, n } = this;
    const sp = this.spaces(from);
    let end = this.lineEnd(sp, sp > from);
    for (;;) {
      let line = end;
      let q = line;
      for (;;) {
        while (text.charCodeAt(q) === SPACE) q++;
        const ch = text.charCodeAt(q);
        if (ch === LF) line = q = q + 1;
        else if (ch === CR && text.charCodeAt(q + 1) === LF) line = q = q + 2;
        else break;
      }
      if (q >= n || text.charCodeAt(q) !== HASH || q - line <= indent) return end;
      const nl = text.indexOf('\n', q);
      end = nl === -1 ? n : nl + 1;
    }
  }

  // ---- flow collections ----

  private flowSeq(start: number, after: number, depth: number): Built {
    const { text, events } = this;
    if (this.trivia(after) !== start || text.charCodeAt(start) !== 0x5b /* [ */) unsure();
    const items: Array<YNode | null> = [];
    let cursor = start + 1;
    while (events[this.i]?.type !== EVENT_ID.POP) {
      const item = this.node(cursor, true, depth + 1);
      if (item.tail === Tail.Empty) unsure();
      items.push(item.node);
      cursor = this.afterFlowEntry(item.end);
    }
    this.i++;
    const close = this.trivia(cursor);
    if (text.charCodeAt(close) !== 0x5d /* ] */) unsure();
    return inline({ kind: 'seq', items, start, end: close + 1 });
  }

  private flowMap(start: number, after: number, depth: number): Built {
    const { text, events } = this;
    // A flow mapping not opened by `{` is a single pair in a flow sequence (`[a: 1]`).
    if (this.trivia(after) !== start || text.charCodeAt(start) !== 0x7b /* { */) unsure();
    const pairs: YPair[] = [];
    const names = new Set<string>();
    let cursor = start + 1;
    while (events[this.i]?.type !== EVENT_ID.POP) {
      const kev = events[this.i++];
      if (kev?.type !== EVENT_ID.SCALAR) return unsure();
      const key = this.key(kev);
      if (this.trivia(cursor) !== key.start) unsure();
      this.checkName(names, key);
      const colon = this.trivia(key.end);
      if (text.charCodeAt(colon) !== 0x3a /* : */) unsure(); // a key without a value
      const value = this.node(colon + 1, true, depth + 1);
      pairs.push({ key, value: value.node });
      cursor = this.afterFlowEntry(value.end);
    }
    this.i++;
    const close = this.trivia(cursor);
    if (text.charCodeAt(close) !== 0x7d /* } */) unsure();
    return inline({ kind: 'map', pairs, start, end: close + 1 });
  }

  /** Past the comma after a flow entry, or at the closing bracket. */
  private afterFlowEntry(end: number): number {
    const q = this.trivia(end);
    return this.text.charCodeAt(q) === 0x2c /* , */ ? q + 1 : q;
  }

  // ---- keys ----

  private key(ev: ScalarEvent): YScalar {
    if (ev.valueStart === -1 || ev.style === SCALAR_STYLE.LITERAL_BLOCK || ev.style === SCALAR_STYLE.FOLDED_BLOCK) unsure();
    const built = this.scalar(ev, ev.style === SCALAR_STYLE.PLAIN ? ev.valueStart : ev.valueStart - 1, true);
    return built.node as YScalar;
  }

  /** Duplicate keys (as keyName sees them) and merge keys are the `yaml` package's to report or resolve. */
  private checkName(names: Set<string>, key: YScalar): void {
    const name = keyName({ key, value: null });
    if (name === undefined || name === '<<' || names.has(name)) unsure();
    names.add(name);
  }

  // ---- text ----

  /** Past spaces (not line breaks). */
  private spaces(p: number): number {
    while (this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /**
   * From the end of a line's content: past an optional comment (`spaced`
   * tells whether white space precedes `p`) and the line break.
   */
  private lineEnd(p: number, spaced: boolean): number {
    const { text, n } = this;
    if (text.charCodeAt(p) === HASH) {
      if (!spaced) unsure();
      const nl = text.indexOf('\n', p);
      return nl === -1 ? n : nl + 1;
    }
    if (p >= n) return n;
    const ch = text.charCodeAt(p);
    if (ch === LF) return p + 1;
    if (ch === CR && text.charCodeAt(p + 1) === LF) return p + 2;
    return unsure();
  }

  /**
   * Past white space, line breaks and comments: the offset of the next
   * token (or the end of the text). Notes whether it passed a comment and
   * the largest column one started at.
   */
  private trivia(p: number): number {
    const { text, n } = this;
    this.sawComment = false;
    this.maxCommentColumn = -1;
    let lineStart = -1; // unknown until a line break is passed
    while (p < n) {
      const ch = text.charCodeAt(p);
      if (ch === SPACE) p++;
      else if (ch === LF) lineStart = ++p;
      else if (ch === CR && text.charCodeAt(p + 1) === LF) lineStart = p += 2;
      else if (ch === HASH && (p === 0 || isWhite(text.charCodeAt(p - 1)))) {
        this.sawComment = true;
        const column = lineStart === -1 ? this.column(p) : p - lineStart;
        if (column > this.maxCommentColumn) this.maxCommentColumn = column;
        const nl = text.indexOf('\n', p);
        if (nl === -1) return n;
        lineStart = p = nl + 1;
      } else break;
    }
    return p;
  }

  private column(p: number): number {
    const { text } = this;
    let q = p;
    while (q > 0 && text.charCodeAt(q - 1) !== LF) q--;
    return p - q;
  }
}

function inline(node: YNode): Built {
  return { node, tail: Tail.Inline, end: node.end, outer: node.end };
}

function scalarNode(value: unknown, start: number, end: number): YScalar {
  return { kind: 'scalar', value, start, end };
}

function isBreak(ch: number): boolean {
  return ch === LF || ch === CR;
}

function isWhite(ch: number): boolean {
  return ch === SPACE || ch === LF || ch === CR;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * A plain scalar's value under the `yaml` package's default (YAML 1.2 core)
 * schema, tried in its order: null, bool, int (octal, decimal, hex), float
 * (.inf/.nan, exponent, decimal); anything else is a string. So
 * `2026-03-05` and `1_000` stay strings.
 */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Most values start with a letter no core tag starts with: skip the patterns.
  const maybeTagged = !((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46;
  if (!maybeTagged) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return c === 0x74 || c === 0x54;
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}
