/**
 * Data safety and security of the core:
 * - every edit proposed (quick fixes, fix-all, annotate, rename) on files with
 *   comments, blank lines, mixed quoting and CRLF leaves everything outside
 *   the edited node as it was (comments, line breaks, the other annotations'
 *   data), and reads back as valid YAML;
 * - a companion or dossier with a YAML syntax error is never offered an edit;
 * - YAML alias expansion is bounded (billion laughs, and a wide anchor
 *   aliased many times) in time and memory;
 * - hover Markdown escapes hostile article and companion text;
 * - no module of the server or client imports a network API.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { applyChanges, type EditPlan } from '../../server/src/core/edit/changes';
import { Corpus } from '../../server/src/core/corpus';
import { annotateActions } from '../../server/src/core/features/annotate';
import { hover } from '../../server/src/core/features/hover';
import type { CoreCodeAction, EditInputs } from '../../server/src/core/features/inputs';
import { spanLink } from '../../server/src/core/features/markdown';
import { fixAllActions, quickFixes } from '../../server/src/core/features/quickfix';
import { renameKey } from '../../server/src/core/features/rename';
import { InMemoryWorkspace } from '../../server/src/core/workspace';

const W = 'file:///safe/';

const DOSSIER = [
  '# Dossier: port strike  (kept by the desk)',
  'title: "Port strike"',
  '',
  'entities:',
  "  jane-roe: { name: 'Jane Roe', type: person, aliases: [Roe] }   # union",
  '  port-authority:',
  '    name: "Port Authority"   # official name',
  '    type: organisation',
  '',
  'quantities:',
  '  strikers: { label: Workers on strike, unit: workers }',
  'quotes:',
  '  not-back: { label: "Will not go back", speaker: jane-roe }',
  '',
].join('\r\n');

const ARTICLE = [
  'PORT CITY - About 8,000 workers walked out, the Port Authority said.',
  '"We will not go back until the port pays," said Jane Roe. Roe spoke at noon; Roe left at one.',
  'Later, about 8,000 workers marched.',
  '',
].join('\r\n');

const COMPANION = [
  '# Checked by A. on 5 March',
  'source:',
  "  outlet: 'The Gazette'   # print",
  '  published: 2026-03-05',
  '',
  'annotations:',
  '  # the headline figure',
  '  - id: f1',
  '    kind: figure',
  '    text: "About 8,000 workers"',
  '    quantity: strikers',
  '    value: 9000     # wrong on purpose',
  '    start: 3',
  '',
  "  - id: e1  # the speaker",
  '    kind: entity',
  "    text: 'Jane Roe'",
  '    entity: jane-roe',
  '  - id: e1',
  '    kind: entity',
  '    text: Roe',
  '    entity: jane-roe',
  '  - { id: q1, kind: quote, text: "We will not go bak untill the port pays", quote: not-back, speaker: jane-roe }',
  '  - id: x1',
  '    kind: claim',
  '    text: "nothing like this is in the article at all"',
  '    claim: ghost-claim',
  '  - id: a1',
  '    kind: entity',
  '    text: Port Authorty',
  '    entity: port-autority',
  '',
].join('\r\n');

interface Setup {
  corpus: Corpus;
  inputs: EditInputs;
  files: Record<string, string>;
}

async function setup(files: Record<string, string>): Promise<Setup> {
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  return { corpus, files, inputs: { corpus, text: (uri) => files[uri], canCreateFiles: true } };
}

const S = { dossier: W + 'dossier.yaml', article: W + 'strike.txt', companion: W + 'strike.ann.yaml' };
const FILES = { [S.dossier]: DOSSIER, [S.article]: ARTICLE, [S.companion]: COMPANION };

/** Every action the core proposes for these files. */
function allActions(s: Setup): CoreCodeAction[] {
  const out: CoreCodeAction[] = [];
  for (const uri of [S.companion, S.article, S.dossier]) {
    out.push(...quickFixes(s.inputs, uri, s.corpus.diagnostics(uri)), ...fixAllActions(s.inputs, uri));
  }
  for (const words of ['About 8,000 workers', 'Port Authority', 'Jane Roe', 'Roe', 'noon', 'marched']) {
    const start = ARTICLE.indexOf(words);
    out.push(...annotateActions(s.inputs, S.article, { start, end: start + words.length }));
  }
  return out;
}

function plain(text: string): unknown {
  const doc = parseDocument(text);
  assert.deepEqual(doc.errors.map((e) => e.message), [], 'the edited file reads back as valid YAML');
  return doc.toJS();
}

function comments(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => /(^|\s)#/.test(l)).map((l) => l.slice(l.search(/(^|\s)#/)).trim());
}

/** Checks one planned file edit; returns the edited text. */
function checkFileEdit(uri: string, base: string, changes: EditPlan['files'][number]['changes'], what: string): string {
  const after = applyChanges(base, changes);
  // Line breaks: a CRLF file gets no lone \n.
  if (base.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(after), `${what}: a lone LF in a CRLF file`);
  // Bytes outside the changes are kept: the text between and around them is copied verbatim.
  const sorted = [...changes].sort((a, b) => a.start - b.start);
  let at = 0;
  let cursor = 0;
  for (const c of sorted) {
    const kept = base.slice(at, c.start);
    assert.equal(after.slice(cursor, cursor + kept.length), kept, `${what}: bytes before a change were altered`);
    cursor += kept.length + c.newText.length;
    at = c.end;
  }
  assert.equal(after.slice(cursor), base.slice(at), `${what}: bytes after the last change were altered`);
  // Every change stays within the lines of one YAML node: comments outside the changed lines all survive.
  const removed = sorted.map((c) => base.slice(c.start, c.end)).join('\n');
  for (const cm of comments(base)) if (!removed.includes(cm)) assert.ok(after.includes(cm), `${what}: comment "${cm}" lost`);
  plain(after);
  return after;
}

describe('data safety', () => {
  test('every proposed edit keeps everything outside the edited node byte for byte', async () => {
    const s = await setup(FILES);
    const actions = allActions(s);
    const titles = actions.map((a) => a.title);
    // The fixture exercises every kind of fix.
    for (const t of [/^Update start/, /^Set value/, /^Rename to/, /^Re-anchor/, /^Delete this annotation/, /^Change to 'port-authority'/, /^Add 'ghost-claim'/, /^Annotate as figure/, /^Fix all/]) {
      assert.ok(titles.some((x) => t.test(x)), `an action ${t} among ${titles.join(' | ')}`);
    }
    let edits = 0;
    for (const a of actions) {
      for (const f of a.plan?.files ?? []) {
        assert.equal(f.base, f.create ? f.base : FILES[f.uri], `${a.title}: computed on the current text`);
        const after = checkFileEdit(f.uri, f.base, f.changes, `${a.title} on ${f.uri}`);
        edits++;
        if (f.uri !== S.companion || a.kind.startsWith('refactor.annotate')) continue;
        // A fix of one annotation leaves the others' data as they were.
        const before = (plain(f.base) as { annotations: unknown[]; source: unknown }).annotations;
        const now = plain(after) as { annotations: unknown[]; source: unknown };
        assert.deepEqual(now.source, (plain(f.base) as { source: unknown }).source, `${a.title}: source changed`);
        const differing = before.filter((x, i) => JSON.stringify(x) !== JSON.stringify(now.annotations[i]));
        if (!a.title.startsWith('Fix all')) assert.ok(differing.length <= (a.title.startsWith('Delete') ? before.length : 1), `${a.title}: changed ${differing.length} annotations`);
      }
    }
    // Rename of every dossier key: only that key changes, everywhere.
    const dossierText = FILES[S.dossier];
    for (const key of ['jane-roe', 'port-authority', 'strikers', 'not-back']) {
      const r = renameKey(s.inputs, S.dossier, dossierText.indexOf(`${key}:`) + 1, `${key}-2`);
      assert.ok('plan' in r, `rename ${key}: ${'error' in r ? r.error : ''}`);
      for (const f of r.plan.files) {
        const after = checkFileEdit(f.uri, f.base, f.changes, `rename ${key} in ${f.uri}`);
        const expected = JSON.stringify(plain(f.base)).split(`"${key}"`).join(`"${key}-2"`);
        assert.equal(JSON.stringify(plain(after)), expected, `rename ${key}: only the key changed in ${f.uri}`);
        edits++;
      }
    }
    assert.ok(edits >= 20, `${edits} edits checked`);
  });

  test('a companion or dossier with a YAML syntax error is never offered an edit', async () => {
    const broken = COMPANION.replace('    kind: figure', '    kind: [figure');
    const brokenDossier = DOSSIER.replace('  strikers: {', '  strikers: {{');
    for (const files of [
      { ...FILES, [S.companion]: broken },
      { ...FILES, [S.dossier]: brokenDossier },
    ]) {
      const s = await setup(files);
      const brokenUri = files[S.companion] === broken ? S.companion : S.dossier;
      assert.ok(s.corpus.getCompanion(brokenUri)?.hasSyntaxError || s.corpus.getDossier(brokenUri)?.hasSyntaxError);
      for (const a of allActions(s)) {
        for (const f of a.plan?.files ?? []) assert.notEqual(f.uri, brokenUri, `"${a.title}" edits ${brokenUri}, which has a syntax error`);
      }
      for (const key of ['jane-roe', 'strikers']) {
        const r = renameKey(s.inputs, S.companion, files[S.companion].indexOf(key), 'renamed');
        if ('plan' in r) for (const f of r.plan.files) assert.notEqual(f.uri, brokenUri);
      }
    }
  });
});

describe('security', () => {
  const laughs = (levels: number, width: number) => {
    const lines = [`l0: &l0 "${'lol'.repeat(10)}"`];
    for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
    return lines;
  };
  /** A billion-laughs companion and dossier (10^9 expansions), and a wide anchor aliased thousands of times. */
  const HOSTILE: Record<string, string> = {
    'billion laughs companion': [...laughs(9, 10), 'source: { outlet: *l9 }', 'annotations:', '  - { kind: note, text: lol, note: *l9 }', '  - *l9'].join('\n'),
    'billion laughs dossier': [...laughs(9, 10), 'title: *l9', 'entities:', '  e: { name: x, aliases: *l9 }', 'quantities: *l9'].join('\n'),
    'wide anchor aliased 2,000 times': [
      `big: &big [${Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(', ')}]`,
      'source: { outlet: Gazette }',
      'annotations:',
      ...Array.from({ length: 2000 }, () => '  - { kind: note, text: lol, note: *big }'),
    ].join('\n'),
  };
  for (const [name, yaml] of Object.entries(HOSTILE)) {
    test(`YAML alias expansion is bounded: ${name}`, async () => {
      const uri = name.includes('dossier') ? W + 'dossier.yaml' : W + 'lol.ann.yaml';
      global.gc?.();
      const heap = process.memoryUsage().heapUsed;
      const t = performance.now();
      const cpu = process.cpuUsage();
      const c = new Corpus(new InMemoryWorkspace({ [uri]: yaml, [W + 'lol.txt']: 'lol lol lol\n' }));
      await c.indexAll();
      for (const u of [uri, W + 'lol.txt']) c.diagnostics(u);
      hover(c, uri, 5);
      const ms = performance.now() - t;
      // The work is bounded by the CPU time it takes: on a shared machine the wall clock also counts
      // time the process waited for a core (7.6 s once, against about 1 s of work).
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const mb = (process.memoryUsage().heapUsed - heap) / 1048576;
      console.log(`${name}: ${yaml.length} bytes indexed in ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), heap +${mb.toFixed(1)} MB`);
      assert.ok(cpuMs < 6000, `indexing took ${cpuMs.toFixed(0)} ms of CPU (${ms.toFixed(0)} ms)`);
      assert.ok(mb < 150, `heap grew by ${mb.toFixed(1)} MB`);
    });
  }

  test('hover Markdown escapes hostile article, companion and dossier text', async () => {
    const evil = [
      '<script>alert(1)</script>',
      '[click](javascript:alert(1))',
      '![img](https://evil.example/x.png)',
      '&lt;b&gt; &amp; &#x3C;',
      '<img src=x onerror=alert(1)>',
      '`code` **bold** _it_ ~~s~~ | pipe',
    ];
    const article = evil.map((e, i) => `Line ${i}: ${e} said Jane Roe.`).join('\n') + '\n';
    const dossier = [
      'entities:',
      `  jane-roe: { name: ${JSON.stringify(evil[0])}, role: ${JSON.stringify(evil[1])}, aliases: [${JSON.stringify(evil[4])}] }`,
      'quotes:',
      `  q: { label: ${JSON.stringify(evil[2])}, speaker: jane-roe }`,
      '',
    ].join('\n');
    const companion = [
      'source: { outlet: "<b>Gazette</b> [x](javascript:y)", published: 2026-03-05 }',
      'annotations:',
      ...evil.map((e, i) => `  - { kind: ${['quote', 'entity', 'note', 'figure', 'claim', 'date'][i]}, text: ${JSON.stringify(e)}, note: ${JSON.stringify(evil[(i + 1) % evil.length])}, entity: jane-roe, speaker: jane-roe, quote: q, claim: ${JSON.stringify(evil[3])}, claimant: jane-roe }`),
      '',
    ].join('\n');
    const dir = 'file:///evil/a%29%20%5Bx%5D(javascript:alert(1))/';
    const c = new Corpus(new InMemoryWorkspace({ [dir + 'dossier.yaml']: dossier, [dir + 's.txt']: article, [dir + 's.ann.yaml']: companion }));
    await c.indexAll();
    const hovers: string[] = [];
    for (const [uri, text] of [[dir + 's.txt', article], [dir + 's.ann.yaml', companion], [dir + 'dossier.yaml', dossier]]) {
      for (let o = 0; o <= text.length; o += 3) {
        const h = hover(c, uri, o);
        if (h) hovers.push(h.markdown);
      }
    }
    assert.ok(hovers.length > 20, `${hovers.length} hovers`);
    for (const md of new Set(hovers)) {
      // Raw HTML never survives (entities and tags are escaped).
      assert.ok(!/<(script|img|b)\b/i.test(md), `raw HTML in hover: ${md}`);
      // Every & is an escape the server wrote: an entity in the text (&lt;) shows as written.
      assert.ok(!/&(?!amp;|lt;|gt;)/.test(md), `an entity from the text rendered as markup: ${md}`);
      // Every link is one the server built: to a file of the corpus, never javascript: or an image.
      for (const m of md.matchAll(/(?<!\\)(!?)\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)/g)) {
        assert.equal(m[1], '', `an image in hover: ${m[0]}`);
        assert.ok(m[3].startsWith('file:///evil/'), `a link to ${m[3]} in hover: ${md}`);
        assert.ok(!/[()\s]/.test(m[3]), `a link target that breaks out of its parentheses: ${m[3]}`);
      }
      assert.ok(!/(?<!\\)\](\(javascript:)/i.test(md), `javascript: link in ${md}`);
    }
    // The link builder itself: a hostile URI cannot end the link early.
    const link = spanLink('[x](y)', 'file:///a) [b](javascript:c)', [0], { start: 0, end: 1 });
    assert.match(link, /^\[\\\[x\\\]\(y\)\]\(file:\/\/\/a%29%20%5Bb%5D%28javascript:c%29#L1,1\)$/);
  });

  test('no module of the server or client imports a network API', () => {
    const banned = /^(node:)?(http|https|http2|net|dgram|tls|dns)(\/.*)?$|^(node-fetch|undici|axios|got|ws)$/;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|js|mjs|cjs)$/.test(name)) {
          const src = readFileSync(p, 'utf8');
          for (const m of src.matchAll(/(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|export\s[^'"]*?from\s*)['"]([^'"]+)['"]/g)) {
            if (banned.test(m[1])) offenders.push(`${p}: ${m[1]}`);
          }
          if (/\bfetch\s*\(|\bXMLHttpRequest\b|\bWebSocket\b/.test(src)) offenders.push(`${p}: fetch/XMLHttpRequest/WebSocket`);
        }
      }
    };
    const root = join(__dirname, '..', '..');
    walk(join(root, 'server', 'src'));
    walk(join(root, 'client', 'src'));
    assert.deepEqual(offenders, []);
  });
});
