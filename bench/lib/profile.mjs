// `npm run bench -- --profile`: runs the server under `node --cpu-prof` while
// it indexes the corpus and then takes one-character companion and article edits, and
// summarises where the time goes (self and inclusive time per function,
// mapped back to TypeScript sources through dist/server.js.map), split by
// phase. For small corpora it also writes a heap snapshot after indexing and
// summarises what the retained heap is made of.

import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileUri } from './lsp.mjs';
import { articleEditOffsets, coldIndex, companionEditOffsets, corpusUris, editSeries, probeMemory } from './scenarios.mjs';
import { ms, round } from './stats.mjs';

const micros = () => Number(process.hrtime.bigint() / 1000n);

export async function profileRun(ctx, corpus, { edits, keepHeap = false }) {
  const dir = join(ctx.workDir, 'profiles', `n${corpus.pairs}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const snapshotPath = corpus.pairs <= 2000 ? join(dir, 'after-index.heapsnapshot') : undefined;
  const marks = { spawn: micros() };
  ctx.log(`profiling the server (profiles in ${dir}) ...`);
  const cold = await coldIndex(ctx, corpus, { cpuProfDir: dir, snapshotPath });
  marks.indexed = micros();
  const srv = cold.srv;
  let mem = null;
  let edit = null;
  let articleEdit = null;
  try {
    mem = await probeMemory(srv, 300_000);
    marks.editsStart = micros();
    const uris = corpusUris(corpus);
    const mid = Math.floor(corpus.pairs / 2);
    const text = readFileSync(join(corpus.root, corpus.files[mid].companion), 'utf8');
    edit = await editSeries(ctx, srv, {
      uri: uris.companions[mid],
      languageId: 'yaml',
      text,
      offsets: companionEditOffsets(text),
      replacement: (c) => (c === 'q' ? 'z' : 'q'),
      count: edits,
      budgetMs: 120_000,
    });
    marks.editsEnd = micros();
    // The same edits as the bench's article series: a space of the middle article becomes two.
    const articleText = readFileSync(join(corpus.root, corpus.files[mid].article), 'utf8');
    articleEdit = await editSeries(ctx, srv, {
      uri: uris.articles[mid],
      languageId: 'news-article',
      text: articleText,
      offsets: articleEditOffsets(articleText),
      replacement: () => '  ',
      count: edits,
      budgetMs: 120_000,
    });
    marks.articleEditsEnd = micros();
  } finally {
    await srv.stop(60_000).catch(() => srv.kill());
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const mapper = sourceMapper(ctx.serverPath);
  const phases = {
    index: summarise(profile, mapper, marks.spawn, marks.indexed),
    'companion edits': summarise(profile, mapper, marks.editsStart, marks.editsEnd),
    'article edits': summarise(profile, mapper, marks.editsEnd, marks.articleEditsEnd ?? marks.editsEnd),
  };
  let heap = null;
  if (snapshotPath && mem?.snapshot) {
    try {
      heap = heapSummary(mem.snapshot);
    } catch (e) {
      heap = { error: String(e) };
    }
    if (!keepHeap) rmSync(mem.snapshot, { force: true }); // large; the summary is what we keep
  }
  const summaryPath = join(dir, 'summary.json');
  const result = { pairs: corpus.pairs, coldMs: cold.coldMs, heapUsedMB: mem ? mem.heapUsed / 1048576 : null, edit, articleEdit, phases, heap, cpuprofile: join(dir, file) };
  writeFileSync(summaryPath, JSON.stringify(result, null, 1));
  return { ...result, report: report(result, dir) };
}

/** Maps bundle positions to original TypeScript (or package) sources. */
function sourceMapper(serverPath) {
  let map = null;
  try {
    map = new SourceMap(JSON.parse(readFileSync(serverPath + '.map', 'utf8')));
  } catch {
    map = null;
  }
  const cache = new Map();
  return (frame) => {
    const name = frame.functionName || '(anonymous)';
    if (!frame.url) return name;
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${name}`;
    let v = cache.get(key);
    if (v) return v;
    if (map && frame.url.endsWith('server.js') && frame.lineNumber >= 0) {
      const e = map.findEntry(frame.lineNumber, frame.columnNumber);
      if (e && e.originalSource) {
        const src = e.originalSource.replace(/^.*?(node_modules\/|server\/src\/)/, '$1');
        v = `${name} ${src}:${e.originalLine + 1}`;
      }
    }
    if (!v) v = `${name} ${frame.url.startsWith('node:') ? frame.url : basename(frame.url)}:${frame.lineNumber + 1}`;
    cache.set(key, v);
    return v;
  };
}

/** Self and inclusive time per function for the samples between two monotonic instants (µs). */
function summarise(profile, label, fromUs, toUs) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  const byFile = new Map();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) continue;
    total += dt;
    const leaf = nodes.get(profile.samples[i]);
    const leafLabel = label(leaf.callFrame);
    self.set(leafLabel, (self.get(leafLabel) ?? 0) + dt);
    const file = leafLabel.includes(' ') ? leafLabel.slice(leafLabel.lastIndexOf(' ') + 1).replace(/:\d+$/, '') : leafLabel;
    byFile.set(file, (byFile.get(file) ?? 0) + dt);
    const seen = new Set();
    for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
      const l = label(nodes.get(id).callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  }
  const top = (m, k) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({ name, ms: round(us / 1000), pct: total ? round((100 * us) / total) : 0 }));
  return { totalMs: round(total / 1000), self: top(self, 30), inclusive: top(inclusive, 40), byFile: top(byFile, 15) };
}

/** What the retained heap is made of: self size by node type and constructor name. */
function heapSummary(path) {
  const size = statSync(path).size;
  if (size > 400 * 1048576) return { error: `snapshot too large to summarise here (${(size / 1048576).toFixed(0)} MB)` };
  const snap = JSON.parse(readFileSync(path, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const agg = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    const bytes = snap.nodes[i + iSize];
    total += bytes;
    let key;
    if (type === 'object' || type === 'closure') key = `${type} ${snap.strings[snap.nodes[i + iName]]}`;
    else key = `(${type})`;
    const e = agg.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += bytes;
    agg.set(key, e);
  }
  const top = [...agg.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, 25)
    .map(([name, e]) => ({ name, count: e.count, MB: round(e.bytes / 1048576, 2), pct: round((100 * e.bytes) / total) }));
  return { totalMB: round(total / 1048576, 1), top };
}

function report(r, dir) {
  const lines = [`# CPU profile, ${r.pairs.toLocaleString('en-US')} pairs`, '', `cold index ${ms(r.coldMs)}; heap after indexing ${round(r.heapUsedMB)} MB; profile ${r.cpuprofile}`, ''];
  for (const [phase, s] of Object.entries(r.phases)) {
    lines.push(`## ${phase}: ${ms(s.totalMs)} of samples`, '', '### self time', '', '| function (source) | ms | % |', '|---|---|---|');
    for (const e of s.self.slice(0, 20)) lines.push(`| ${e.name} | ${e.ms} | ${e.pct} |`);
    lines.push('', '### inclusive time', '', '| function (source) | ms | % |', '|---|---|---|');
    for (const e of s.inclusive.slice(0, 30)) lines.push(`| ${e.name} | ${e.ms} | ${e.pct} |`);
    lines.push('', '### self time by file', '', '| file | ms | % |', '|---|---|---|');
    for (const e of s.byFile) lines.push(`| ${e.name} | ${e.ms} | ${e.pct} |`);
    lines.push('');
  }
  if (r.edit) lines.push(`companion edits: own p50 ${ms(r.edit.own.p50)}, p99 ${ms(r.edit.own.p99)}; last publish p99 ${ms(r.edit.any.p99)}`, '');
  if (r.articleEdit) lines.push(`article edits: own p50 ${ms(r.articleEdit.own.p50)}, p99 ${ms(r.articleEdit.own.p99)}; last publish p99 ${ms(r.articleEdit.any.p99)}`, '');
  if (r.heap) {
    lines.push(`## heap after indexing (snapshot, ${r.heap.totalMB ?? '?'} MB)`, '');
    if (r.heap.error) lines.push(r.heap.error);
    else {
      lines.push('| node type / constructor | count | MB | % |', '|---|---|---|---|');
      for (const e of r.heap.top) lines.push(`| ${e.name} | ${e.count} | ${e.MB} | ${e.pct} |`);
    }
  }
  lines.push('', `summary: ${relative(process.cwd(), join(dir, 'summary.json'))}`);
  return lines.join('\n');
}

export { fileUri };
