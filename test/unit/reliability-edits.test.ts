/**
 * Anchoring under real edits: the edit scripts of test/fixtures/edits/*.json
 * (insert a paragraph, fix a typo, curly quotes, CRLF, reflow, reorder,
 * delete a sentence, paste a new web version) applied to realistic articles,
 * each annotation re-anchored and compared with the expected state and place.
 * Every script runs twice: annotations without `start`, and with `start` at
 * the original place (stale after the edits). Prints the accuracy table and
 * asserts that nothing is ever attached to the wrong words.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { anchorAll } from '../../server/src/core/anchoring';
import type { AnchorQuery, AnchorState } from '../../server/src/core/model';
import { reflow } from '../support/reliability';

const DIR = join(__dirname, '..', 'fixtures', 'edits');

type Step =
  | { op: 'insertBefore'; find: string; text: string }
  | { op: 'replace'; find: string; with: string }
  | { op: 'replaceAll'; pairs: [string, string][] }
  | { op: 'curly' }
  | { op: 'crlf' }
  | { op: 'reflow'; width: number }
  | { op: 'reorder'; order: number[] }
  | { op: 'deleteSentence'; containing: string };

interface Expectation {
  readonly state: AnchorState | AnchorState[];
  /** The article words the annotation must be attached to (default: its own text). */
  readonly at?: string;
  /** A different expectation when the annotation carries its (stale) `start`. */
  readonly withStart?: Expectation;
}

interface Script {
  readonly article: string;
  readonly description: string;
  readonly steps: Step[];
  readonly expect: Record<string, Expectation>;
}

function find(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `edit script: "${needle}" not in the article`);
  return i;
}

function apply(text: string, step: Step): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  switch (step.op) {
    case 'insertBefore': {
      const i = find(text, step.find);
      return text.slice(0, i) + step.text.replace(/\n/g, eol) + text.slice(i);
    }
    case 'replace': {
      const i = find(text, step.find);
      return text.slice(0, i) + step.with + text.slice(i + step.find.length);
    }
    case 'replaceAll':
      return step.pairs.reduce((t, [a, b]) => apply(t, { op: 'replace', find: a, with: b }), text);
    case 'curly':
      return text
        .replace(/"([^"]*)"/g, '\u201c$1\u201d')
        .replace(/'/g, '\u2019')
        .replace(/ - /g, ' \u2013 ');
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'reflow':
      return reflow(text, step.width) + eol;
    case 'reorder': {
      const paras = text.split(eol + eol);
      return step.order.map((k) => paras[k]).join(eol + eol);
    }
    case 'deleteSentence': {
      const i = find(text, step.containing);
      let s = i;
      while (s > 0 && !/[.!?]\s/.test(text.slice(s - 2, s))) s--;
      let e = i;
      while (e < text.length && !/[.!?]/.test(text[e])) e++;
      e = Math.min(text.length, e + 1);
      while (e < text.length && text[e] === ' ') e++;
      return text.slice(0, s) + text.slice(e);
    }
  }
}

interface Tally {
  correct: number;
  falsePlacements: number;
  correctOrphans: number;
  missed: number;
  total: number;
}

test('anchoring under real edit scripts: no false placements', () => {
  const scripts = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.annotations.json')).sort();
  assert.ok(scripts.length >= 8, 'the edit corpus is there');
  const rows: string[][] = [];
  const all: Tally = { correct: 0, falsePlacements: 0, correctOrphans: 0, missed: 0, total: 0 };
  const failures: string[] = [];
  for (const file of scripts) {
    const script = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Script;
    const original = readFileSync(join(DIR, `${script.article}.txt`), 'utf8');
    const annotations = JSON.parse(readFileSync(join(DIR, `${script.article}.annotations.json`), 'utf8')) as Array<AnchorQuery & { id: string }>;
    const edited = script.steps.reduce(apply, original);
    for (const withStart of [false, true]) {
      const tally: Tally = { correct: 0, falsePlacements: 0, correctOrphans: 0, missed: 0, total: 0 };
      const queries = annotations.map((a) => ({ ...a, start: withStart ? find(original, a.text) : undefined }));
      const results = anchorAll(edited, queries);
      results.forEach((r, k) => {
        const a = annotations[k];
        const given = script.expect[a.id] ?? script.expect['*'];
        const want = (withStart && given.withStart) || given;
        const states = Array.isArray(want.state) ? want.state : [want.state];
        const orphanExpected = states.includes('orphaned');
        const at = want.at ?? a.text;
        tally.total++;
        const found = r.span ? edited.slice(r.span.start, r.span.end) : undefined;
        const label = `${file}${withStart ? ' (start)' : ''} ${a.id}: expected ${states.join('|')}${orphanExpected ? '' : ` at ${JSON.stringify(at)}`}, got ${r.state}${found !== undefined ? ` at ${JSON.stringify(found)}` : ''}`;
        if (found !== undefined) {
          const norm = (s: string) => s.replace(/[\u201c\u201d]/g, '"').replace(/\u2019/g, "'").replace(/\s+/g, ' ');
          if (!orphanExpected && norm(found) === norm(at)) {
            tally.correct++;
            if (!states.includes(r.state)) failures.push(`state: ${label}`);
          } else {
            tally.falsePlacements++;
            failures.push(`FALSE PLACEMENT: ${label}`);
          }
        } else if (orphanExpected) {
          tally.correctOrphans++;
          if (r.state !== 'orphaned') failures.push(`state: ${label}`);
        } else {
          tally.missed++;
          failures.push(`missed: ${label}`);
        }
      });
      rows.push([file.replace(/\.json$/, '') + (withStart ? ' +start' : ''), ...[tally.total, tally.correct, tally.correctOrphans, tally.missed, tally.falsePlacements].map(String)]);
      for (const key of Object.keys(all) as (keyof Tally)[]) all[key] += tally[key];
    }
  }
  rows.push(['TOTAL', ...[all.total, all.correct, all.correctOrphans, all.missed, all.falsePlacements].map(String)]);
  const header = ['script', 'annotations', 'correct placements', 'correct orphans', 'missed', 'false placements'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(['', 'Anchoring under real edits', line(header), ...rows.map(line), ''].join('\n'));
  if (failures.length) console.log(failures.join('\n'));
  assert.equal(all.falsePlacements, 0, 'an annotation was attached to the wrong words');
  assert.deepEqual(failures, [], 'every annotation in its expected state and place');
});
