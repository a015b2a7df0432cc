#!/usr/bin/env node
// Corroborate's performance benchmark (`npm run bench`). Not a test: it
// measures, prints a table against the targets, and exits 0 unless the
// benchmark itself fails. See docs/performance.md.
//
//   npm run bench                          # 1,000 and 10,000 pairs, table on stdout
//   npm run bench -- --pairs 1000 --json   # one JSON object on stdout, progress on stderr
//   npm run bench -- --pairs 10000 --profile   # CPU profile + heap of the indexing server
//
// Options: --pairs N (repeatable, or 1000,10000) --seed S --json --edits N
// --requests N --yaml-ls-sample N --no-yaml-ls --no-warm --no-build
// --profile --keep-heap --cache DIR --timeout-s S --cold-cap-s S --quiet-ms MS
// --closed-files auto|all|warnings|errors|none (the server's corroborate.diagnostics.closedFiles)
//
// A cold index that has not finished within --cold-cap-s (default 180 s) is
// reported as a lower bound ("> 180 s"), and what needs an indexed server
// (memory, requests, edits, warm start) is then reported as n/a.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './lib/corpus.mjs';
import { editorSettings } from './lib/settings.mjs';
import { now } from './lib/lsp.mjs';
import { profileRun } from './lib/profile.mjs';
import { readFloor } from './lib/readFloor.mjs';
import { parseFloor, yamlLanguageServer } from './lib/references.mjs';
import {
  articleEditOffsets,
  coldIndex,
  companionEditOffsets,
  corpusUris,
  editSeries,
  firstDiagnostics,
  probeMemory,
  requestLatencies,
  viewRequests,
} from './lib/scenarios.mjs';
import { ms, round, summary } from './lib/stats.mjs';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, '..');

function parseArgs(argv) {
  const o = {
    pairs: [],
    seed: 20260305,
    json: false,
    edits: 200,
    requests: 100,
    yamlLsSample: 200,
    yamlLs: true,
    warm: true,
    build: true,
    profile: false,
    cache: join(repoRoot, '.cache', 'bench'),
    timeoutS: 300,
    coldCapS: 180,
    quietMs: 500,
    closedFiles: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--pairs') o.pairs.push(...val().split(',').map((s) => Number(s.replace(/[_k]/g, (c) => (c === 'k' ? '000' : '')))));
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--json') o.json = true;
    else if (a === '--edits') o.edits = Number(val());
    else if (a === '--requests') o.requests = Number(val());
    else if (a === '--yaml-ls-sample') o.yamlLsSample = Number(val());
    else if (a === '--no-yaml-ls') o.yamlLs = false;
    else if (a === '--no-warm') o.warm = false;
    else if (a === '--no-build') o.build = false;
    else if (a === '--profile') o.profile = true;
    else if (a === '--keep-heap') o.keepHeap = true;
    else if (a === '--cache') o.cache = val();
    else if (a === '--timeout-s') o.timeoutS = Number(val());
    else if (a === '--cold-cap-s') o.coldCapS = Number(val());
    else if (a === '--quiet-ms') o.quietMs = Number(val());
    else if (a === '--closed-files') o.closedFiles = val();
    else if (a === '--help' || a === '-h') {
      process.stderr.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).join('\n').replace(/^\/\/ ?/gm, '') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!o.pairs.length) o.pairs = [1000, 10000];
  for (const n of o.pairs) if (!Number.isInteger(n) || n < 1) throw new Error(`bad --pairs ${n}`);
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const log = (s) => process.stderr.write(s + '\n');

// Targets from the performance brief. Per-pair scaling where a target is given at one size.
const TARGETS = {
  coldMsPerPair: 1.5, // 1,000 → 1.5 s, 10,000 → 15 s
  warmMsAt10k: 2000,
  firstDiagnosticsMs: 200,
  editP99Ms: 10,
  crossSourceMs: 100,
  hoverP99Ms: 5,
  referencesP99Ms: 10,
  heapMBPer1kPairs: 60,
  yamlLsRatio: 1,
};

/** The collector's pauses as corroborate/stats reports them, in a few words. */
function gcLine(gc) {
  if (!gc) return 'n/a';
  const part = (t, what) => `${t.count} ${what}${t.count ? ` (longest ${ms(t.maxMs)})` : ''}`;
  return `${part(gc.minor, 'scavenges')}, ${part(gc.major, 'other')}${gc.idle ? `; ${part(gc.idle, 'idle scavenges')}` : ''}`;
}

function build() {
  log('building dist/ ...');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    process.stderr.write(String(r.stdout) + String(r.stderr));
    throw new Error('build failed');
  }
}

async function runOne(n) {
  mkdirSync(opts.cache, { recursive: true });
  const corpus = ensureCorpus(opts.cache, opts.seed, n, log);
  const totalBytes = corpus.articleBytes + corpus.companionBytes + corpus.dossierBytes;
  log(`corpus: ${n} pairs, ${(totalBytes / 1048576).toFixed(1)} MB (articles ${(corpus.articleBytes / 1048576).toFixed(1)} MB), ${corpus.annotations} annotations, ${corpus.approximate} needing approximate anchoring`);
  const ctx = {
    repoRoot,
    benchDir,
    serverPath: join(repoRoot, 'dist', 'server.js'),
    workDir: opts.cache,
    timeoutMs: opts.timeoutS * 1000,
    quietMs: opts.quietMs,
    editQuietMs: 200,
    editTimeoutMs: Math.max(5000, n * 2),
    yamlLsBudgetMs: 120_000,
    // What was set besides the declared defaults (printed with the results).
    settings: opts.closedFiles ? { diagnostics: { closedFiles: opts.closedFiles } } : {},
    // What the bench's client sends as the `corroborate` settings, as VS Code does: every declared default, and the above.
    clientSettings: editorSettings(repoRoot, opts.closedFiles ? { diagnostics: { closedFiles: opts.closedFiles } } : {}),
    log,
  };
  const r = {
    pairs: n,
    seed: opts.seed,
    corpusMB: round(totalBytes / 1048576, 2),
    annotations: corpus.annotations,
    approximateAnchors: corpus.approximate,
    machine: { cpus: cpus().length, loadAvgBefore: loadavg().map((x) => round(x, 2)) },
    settings: ctx.settings,
  };

  if (opts.profile) {
    r.profile = await profileRun(ctx, corpus, { edits: Math.min(opts.edits, 20), keepHeap: opts.keepHeap });
    return r;
  }

  // The server's storage folder (its warm-start cache), as an editor gives one: fresh for this run, shared by the cold and the warm start.
  const storagePath = mkdtempSync(join(tmpdir(), 'corroborate-bench-storage-'));
  try {
    return await measure(n, corpus, totalBytes, ctx, r, storagePath);
  } finally {
    rmSync(storagePath, { recursive: true, force: true });
  }
}

async function measure(n, corpus, totalBytes, ctx, r, storagePath) {
  let published = null;
  // 1. Cold index, then memory, requests and edits on the same server.
  log('cold index ...');
  const cold = await coldIndex(ctx, corpus, { capMs: opts.coldCapS * 1000, storagePath });
  if (cold.timedOut) {
    r.coldIndexMs = null;
    r.coldIndexTimedOut = true;
    r.coldIndexLowerBoundMs = round(cold.elapsedMs);
    r.coldProgressEndMs = round(cold.progressEndMs);
    r.coldFilesPublished = `${cold.filesPublished}/${cold.filesExpected}`;
    r.rssMB = round(cold.rss.rss);
    r.rssPeakMB = round(cold.rss.peak);
    r.rssNote = 'at the cap, while still indexing';
    for (const k of ['viewsSourcesP50Ms', 'viewsReportP50Ms', 'viewsReportServerP50Ms', 'viewsReportMB', 'heapMB', 'hoverP99Ms', 'definitionP99Ms', 'referencesP99Ms', 'completionP99Ms', 'codeActionP99Ms', 'editP50Ms', 'editP99Ms', 'articleEditP99Ms', 'companionEditP50Ms', 'companionEditP99Ms', 'crossSourceUpdateMs', 'crossSourceUpdateP50Ms', 'mbPerS']) r[k] = null;
    log(`  cold index did not finish within ${opts.coldCapS} s (${cold.filesPublished}/${cold.filesExpected} files published, progress end ${ms(cold.progressEndMs)}); skipping what needs an indexed server`);
  }
  const srv = cold.srv;
  if (srv) try {
    r.coldIndexMs = round(cold.coldMs);
    r.coldProgressEndMs = round(cold.progressEndMs);
    r.coldAllSeenMs = round(cold.allSeenMs);
    r.coldPublishes = cold.publishes;
    // What closed files reported: the setting, or what the server's `auto` came to for this corpus.
    r.closedFilesShown = srv.closedFiles?.shown ?? null;
    r.mbPerS = round(totalBytes / 1048576 / (cold.coldMs / 1000), 2);
    log(`  cold index ${ms(cold.coldMs)} (progress end ${ms(cold.progressEndMs)}, ${cold.publishes} publishDiagnostics)`);
    // What each file ends the index with, for the read floor (later edits replace the arrays, not these).
    if (!cold.timedOut) published = new Map([...srv.published].map(([uri, e]) => [uri, e.diagnostics]));

    // Memory once the server has settled after the index: the warm-start cache it writes a few seconds
    // after the index ends holds what was sent until then (see docs/performance-history.md, thirteenth round).
    const cacheWritten = storagePath ? srv.nextLog(/warm-start cache written/, 120_000) : null;
    const heapNow = async () => {
      let stats = null;
      try {
        stats = await srv.request('corroborate/stats', {}, 5000);
      } catch {
        stats = null;
      }
      r.statsRequest = stats ? 'corroborate/stats' : 'n/a';
      const mem = stats?.heapUsed ? { heapUsed: stats.heapUsed } : await probeMemory(srv);
      r.heapSource = stats?.heapUsed ? 'corroborate/stats' : mem ? 'bench probe (after full GC)' : null;
      return mem?.heapUsed ? round(mem.heapUsed / 1048576) : null;
    };
    r.heapAfterIndexMB = await heapNow();
    if (cacheWritten) {
      const t0 = now();
      r.cacheWriteLog = await cacheWritten;
      r.cacheWrittenAfterMs = round(now() - t0);
    }
    r.heapMB = cacheWritten ? await heapNow() : r.heapAfterIndexMB;
    const rss = srv.rssMB();
    r.rssMB = round(rss.rss);
    r.rssPeakMB = round(rss.peak);
    log(`  RSS ${r.rssMB} MB (peak ${r.rssPeakMB} MB), heap ${r.heapMB} MB` + (cacheWritten ? ` once the warm-start cache was written (${r.heapAfterIndexMB} MB right after the index; ${r.cacheWriteLog ?? 'not written within 120 s'})` : ''));

    log('requests ...');
    const req = await requestLatencies(ctx, srv, corpus, opts.requests);
    r.requests = req;
    r.hoverP99Ms = round(req.hover?.p99, 2);
    r.definitionP99Ms = round(req.definition?.p99, 2);
    r.referencesP99Ms = round(req.references?.p99, 2);
    r.completionP99Ms = round(req.completion?.p99, 2);
    r.codeActionP99Ms = round(req.codeAction?.p99, 2);
    // The issue's hover and references targets are server-side: the handler's own time (corroborate/stats).
    r.hoverServerP99Ms = round(req.hover?.server?.p99, 2);
    r.referencesServerP99Ms = round(req.references?.server?.p99, 2);

    const uris = corpusUris(corpus);
    const mid = Math.floor(n / 2);
    const budgetMs = 90_000;
    const series = {};
    for (const kind of ['article', 'companion']) {
      log(`${kind} edits ...`);
      const file = corpus.files[mid][kind];
      const text = readFileSync(join(corpus.root, file), 'utf8');
      const s = await editSeries(ctx, srv, {
        uri: kind === 'article' ? uris.articles[mid] : uris.companions[mid],
        languageId: kind === 'article' ? 'news-article' : 'yaml',
        text,
        // An article space becomes two (every later anchor moves); a companion letter becomes q (that annotation is orphaned).
        offsets: kind === 'article' ? articleEditOffsets(text) : companionEditOffsets(text),
        replacement: kind === 'article' ? () => '  ' : (c) => (c === 'q' ? 'z' : 'q'),
        count: opts.edits,
        budgetMs,
      });
      log(`  ${kind} edit: own p50 ${ms(s.own.p50)} p99 ${ms(s.own.p99)}; last publish p99 ${ms(s.any.p99)} (${s.own.n} edits, ${s.misses} without a publish)`);
      series[kind] = s;
    }
    const { article: art, companion: comp } = series;
    r.edits = { article: strip(art), companion: strip(comp) };
    const ownAll = [...art.samplesOwn, ...comp.samplesOwn];
    const anyAll = [...art.samplesAny, ...comp.samplesAny];
    r.editP50Ms = round(summary(ownAll).p50, 2);
    // The worse of the two series' p99 (each p99 over its own edits).
    r.editP99Ms = round(Math.max(art.own.p99 ?? 0, comp.own.p99 ?? 0), 2);
    r.articleEditP99Ms = round(art.own.p99, 2);
    r.companionEditP50Ms = round(comp.own.p50, 2);
    r.companionEditP99Ms = round(comp.own.p99, 2);
    r.crossSourceUpdateMs = round(Math.max(art.any.p99 ?? 0, comp.any.p99 ?? 0), 2);
    r.crossSourceUpdateP50Ms = round(summary(anyAll).p50, 2);

    // Last on this server: a report's garbage (100 MB at 10,000 pairs) would weigh on the edits above.
    log('views ...');
    const views = await viewRequests(ctx, srv, 3);
    r.views = views;
    const sources = views['corroborate/sources'];
    const report = views['corroborate/report'];
    r.viewsSourcesP50Ms = round(sources?.p50, 1);
    r.viewsReportP50Ms = round(report?.p50, 1);
    r.viewsReportServerP50Ms = round(report?.server?.p50, 1);
    r.viewsReportMB = report?.bytes == null ? null : round(report.bytes / 1048576, 1);
    log(`  sources p50 ${ms(sources?.p50)} (server ${ms(sources?.server?.p50)}), report of every scope p50 ${ms(report?.p50)} (server ${ms(report?.server?.p50)}), ${r.viewsReportMB} MB`);
  } finally {
    await srv.stop(5000).catch(() => srv.kill());
  }

  // The read floor: a stock client reading what the cold index published, from a process that does nothing else.
  if (published) {
    log(`read floor (${published.size} files) ...`);
    try {
      const f = await readFloor(published, { workDir: ctx.workDir, timeoutMs: ctx.timeoutMs });
      r.publishedMB = round(f.bytes / 1048576, 1);
      r.readFloorMs = round(f.ms);
      log(`  ${r.publishedMB} MB published (one message per file) read in ${ms(f.ms)}`);
    } catch (e) {
      r.readFloorMs = null;
      r.readFloorError = String(e);
      log(`  read floor: ${e}`);
    }
    published = null;
  }

  // 2. Warm start: a second start on the same workspace and storage folder (the cold server wrote its cache there when it shut down).
  const cacheFile = join(storagePath, 'warm-start.json');
  r.warmCacheMB = existsSync(cacheFile) ? round(statSync(cacheFile).size / 1048576, 2) : null;
  if (cold.timedOut) {
    r.warmIndexMs = null;
    r.warmNote = 'not measured: the cold index did not finish within the cap (so no cache was written)';
  } else if (opts.warm) {
    log(`warm start (second start, cache ${r.warmCacheMB ?? 'missing'} MB) ...`);
    const warm = await coldIndex(ctx, corpus, { capMs: opts.coldCapS * 1000, storagePath, hoverDuringIndex: true, openOnStart: true });
    if (warm.timedOut) {
      r.warmIndexMs = null;
      r.warmIndexLowerBoundMs = round(warm.elapsedMs);
      r.warmIndexCompleteMs = round(warm.progressEndMs);
    } else {
      r.warmIndexMs = round(warm.coldMs);
      r.warmAllSeenMs = round(warm.allSeenMs);
      r.warmIndexCompleteMs = round(warm.progressEndMs);
      r.warmFirstDiagnosticsMs = round(warm.openFirstMs);
      r.warmOpenCompleteMs = round(warm.openCompleteMs);
      r.warmOpenPublishes = warm.openPublishes;
      r.warmPublishes = warm.publishes;
      r.warmLog = warm.srv.logMessages.find((m) => m.includes('warm start:')) ?? null;
      if (warm.hoverDuringIndex) r.warmHoverDuringIndex = { ...warm.hoverDuringIndex, ms: round(warm.hoverDuringIndex.ms, 1) };
      await warm.srv.stop(5000).catch(() => warm.srv.kill());
    }
    if (r.warmIndexMs && r.readFloorMs) r.warmReadFloorRatio = round(r.warmIndexMs / r.readFloorMs, 1);
    log(`  warm start: every file published ${warm.timedOut ? '> cap' : ms(warm.coldMs)}, background index done ${ms(warm.progressEndMs)}, the file opened at the start: first diagnostics ${ms(warm.openFirstMs)}, its final ones ${ms(warm.openCompleteMs)} (${warm.openPublishes} publishes)`);
    if (r.warmLog) log(`  ${r.warmLog}`);
    if (r.warmHoverDuringIndex) log(`  a hover during the background index: ${JSON.stringify(r.warmHoverDuringIndex)}`);
  } else {
    r.warmIndexMs = r.coldIndexMs;
    r.warmNote = 'not measured (--no-warm): reported as equal to cold';
  }

  // 3. An open file's first diagnostics while the rest indexes.
  log('first diagnostics for a file opened right after initialized ...');
  const first = await firstDiagnostics(ctx, corpus);
  r.firstDiagnosticsMs = round(first.firstMs);
  r.firstSensibleDiagnosticsMs = round(first.sensibleMs);
  log(`  first diagnostics ${ms(first.firstMs)} (without a transient companion-without-article: ${ms(first.sensibleMs)})`);

  // 4. References: the parse floor and yaml-language-server.
  log('parse floor ...');
  const floor = parseFloor(corpus);
  r.floor = { ...Object.fromEntries(Object.entries(floor.byParser).map(([k, v]) => [k, round(v)])), fastest: floor.fastest };
  r.floorMs = round(floor.floorMs);
  r.floorRatio = r.coldIndexMs === null ? null : round(r.coldIndexMs / floor.floorMs, 1);
  if (r.coldIndexMs === null) r.floorRatioLowerBound = round(r.coldIndexLowerBoundMs / floor.floorMs, 1);
  log(`  floor ${ms(floor.floorMs)} (${floor.fastest}); cold index is ${r.floorRatio ?? `> ${r.floorRatioLowerBound}`}× the floor`);

  if (opts.yamlLs) {
    log(`yaml-language-server on ${Math.min(opts.yamlLsSample, n)} companions ...`);
    const y = await yamlLanguageServer(ctx, corpus, {
      sample: opts.yamlLsSample,
      edits: Math.min(opts.edits, 50),
      schemaPath: join(repoRoot, 'schemas', 'companion.schema.json'),
    });
    r.yamlLs = y;
    if (!y.error) {
      r.yamlLsOpenP50Ms = round(y.open.p50, 2);
      r.yamlLsEditP50Ms = round(y.edit.p50, 2);
      // yaml-language-server waits a fixed validationDelayMs (200 ms, not a setting) before validating.
      r.yamlLsEditWorkP50Ms = y.edit.p50 === null ? null : round(y.edit.p50 - 200, 2);
      r.yamlLsRatio = r.companionEditP50Ms !== null && y.edit.p50 ? round(r.companionEditP50Ms / y.edit.p50, 2) : null;
      log(`  yaml-language-server: open p50 ${ms(y.open.p50)} (${y.sampled} files), edit p50 ${ms(y.edit.p50)}; our companion edit p50 ${ms(r.companionEditP50Ms)} → ratio ${r.yamlLsRatio}`);
    } else {
      r.yamlLsRatio = null;
      log(`  yaml-language-server: ${y.error}`);
    }
  } else r.yamlLsRatio = null;
  r.machine.loadAvgAfter = loadavg().map((x) => round(x, 2));
  return r;
}

function strip(series) {
  const { samplesOwn, samplesAny, ...rest } = series;
  return rest;
}

// ---------------------------------------------------------------------------
// Output

function verdict(measured, target) {
  if (measured === null || measured === undefined) return 'n/a';
  if (target === null || target === undefined) return '—';
  const ratio = measured / target;
  return ratio <= 1 ? `ok (${ratio.toFixed(2)})` : `MISS ×${ratio.toFixed(1)}`;
}

function rows(r) {
  const n = r.pairs;
  const per1k = n / 1000;
  const coldTarget = TARGETS.coldMsPerPair * n;
  const warmTarget = (TARGETS.warmMsAt10k / 10000) * n;
  const out = [
    r.coldIndexTimedOut
      ? [`Cold index, ${n.toLocaleString('en-US')} pairs (${r.corpusMB} MB)`, `> ${ms(r.coldIndexLowerBoundMs)} (cap; ${r.coldFilesPublished} files published)`, `≤ ${ms(coldTarget)}`, `MISS > ×${(r.coldIndexLowerBoundMs / coldTarget).toFixed(0)}`]
      : [`Cold index, ${n.toLocaleString('en-US')} pairs (${r.corpusMB} MB)`, ms(r.coldIndexMs), `≤ ${ms(coldTarget)}`, verdict(r.coldIndexMs, coldTarget)],
    ['  throughput', r.mbPerS === null ? 'n/a' : `${r.mbPerS} MB/s`, `≥ ${round(r.corpusMB / (coldTarget / 1000), 1)} MB/s`, '—'],
    ['  $/progress end (indexing alone)', ms(r.coldProgressEndMs), '', ''],
    [`  read floor: a stock client reading what was published (${r.publishedMB ?? 'n/a'} MB, a message per file) from an idle sender`, ms(r.readFloorMs), '', ''],
    ['First diagnostics, file opened after initialized', ms(r.firstDiagnosticsMs), `≤ ${ms(TARGETS.firstDiagnosticsMs)}`, verdict(r.firstDiagnosticsMs, TARGETS.firstDiagnosticsMs)],
    [`Warm start (second start, cache in the storage folder): every file published`, ms(r.warmIndexMs), `≤ ${ms(warmTarget)}${n === 10000 ? '' : ' (2 s at 10k, scaled)'}`, verdict(r.warmIndexMs, warmTarget)],
    ['  warm start / read floor', r.warmReadFloorRatio ? `${r.warmReadFloorRatio}×` : 'n/a', r.readFloorMs > warmTarget ? `the floor alone misses the target ×${(r.readFloorMs / warmTarget).toFixed(1)}` : '', ''],
    [`  background index done ($/progress end); cache ${r.warmCacheMB ?? 'n/a'} MB`, ms(r.warmIndexCompleteMs), '', ''],
    ['  file opened after initialized: first diagnostics', ms(r.warmFirstDiagnosticsMs), `≤ ${ms(TARGETS.firstDiagnosticsMs)}`, verdict(r.warmFirstDiagnosticsMs, TARGETS.firstDiagnosticsMs)],
    ['  … and its final ones (the cache\'s, or the index\'s)', ms(r.warmOpenCompleteMs), '', ''],
    ['Article 1-char edit → its diagnostics, p99', ms(r.articleEditP99Ms), `≤ ${ms(TARGETS.editP99Ms)}`, verdict(r.articleEditP99Ms, TARGETS.editP99Ms)],
    ['Companion 1-char edit → its diagnostics, p99', ms(r.companionEditP99Ms), `≤ ${ms(TARGETS.editP99Ms)}`, verdict(r.companionEditP99Ms, TARGETS.editP99Ms)],
    ['Edit → last diagnostics of any file, p99', ms(r.crossSourceUpdateMs), `≤ ${ms(TARGETS.crossSourceMs)}`, verdict(r.crossSourceUpdateMs, TARGETS.crossSourceMs)],
    ['Hover p99, round trip', ms(r.hoverP99Ms), `≤ ${ms(TARGETS.hoverP99Ms)}`, verdict(r.hoverP99Ms, TARGETS.hoverP99Ms)],
    ['  server-side (the handler, corroborate/stats)', ms(r.hoverServerP99Ms), `≤ ${ms(TARGETS.hoverP99Ms)}`, verdict(r.hoverServerP99Ms, TARGETS.hoverP99Ms)],
    [`  collector's pauses over those hovers: ${gcLine(r.requests?.hover?.gc)}`, '', '', ''],
    ['Definition p99', ms(r.definitionP99Ms), '', verdict(r.definitionP99Ms, null)],
    ['References p99, round trip', ms(r.referencesP99Ms), `≤ ${ms(TARGETS.referencesP99Ms)}`, verdict(r.referencesP99Ms, TARGETS.referencesP99Ms)],
    ['  server-side (the handler, corroborate/stats)', ms(r.referencesServerP99Ms), `≤ ${ms(TARGETS.referencesP99Ms)}`, verdict(r.referencesServerP99Ms, TARGETS.referencesP99Ms)],
    [`  collector's pauses over those requests: ${gcLine(r.requests?.references?.gc)}`, '', '', ''],
    ['Completion p99', ms(r.completionP99Ms), '', verdict(r.completionP99Ms, null)],
    ['Code action p99', ms(r.codeActionP99Ms), '', verdict(r.codeActionP99Ms, null)],
    ['Views: Sources p50, round trip (server-side)', r.viewsSourcesP50Ms == null ? 'n/a' : `${ms(r.viewsSourcesP50Ms)} (${ms(r.views?.['corroborate/sources']?.server?.p50)})`, '', '—'],
    ['Views: a report of every scope p50, round trip (server-side), size', r.viewsReportP50Ms == null ? 'n/a' : `${ms(r.viewsReportP50Ms)} (${ms(r.viewsReportServerP50Ms)}), ${r.viewsReportMB} MB`, '', '—'],
    ['Heap after indexing, cache written (after full GC)', r.heapMB === null ? 'n/a' : `${r.heapMB} MB` + (r.heapAfterIndexMB !== undefined && r.heapAfterIndexMB !== r.heapMB ? ` (${r.heapAfterIndexMB} MB before)` : ''), `≤ ${round(TARGETS.heapMBPer1kPairs * per1k)} MB`, verdict(r.heapMB, TARGETS.heapMBPer1kPairs * per1k)],
    [r.rssNote ? `RSS (peak), ${r.rssNote}` : 'RSS after indexing (peak)', r.rssMB === null ? 'n/a' : `${r.rssMB} MB (${r.rssPeakMB} MB)`, '', '—'],
    ['Parse floor (read + parse companions)', `${ms(r.floorMs)} (${r.floor?.fastest})`, '', ''],
    ['floorRatio = cold index / floor', r.floorRatio === null ? (r.floorRatioLowerBound ? `> ${r.floorRatioLowerBound}×` : 'n/a') : `${r.floorRatio}×`, '', '—'],
  ];
  if (r.yamlLs && !r.yamlLs.error) {
    out.push(
      [`yaml-language-server didOpen → diagnostics, p50 (${r.yamlLs.sampled} of ${n})`, ms(r.yamlLs.open.p50), '', ''],
      ['yaml-language-server 1-char edit → diagnostics, p50', ms(r.yamlLs.edit.p50), '', ''],
      ['  of which its fixed 200 ms validation delay', `${ms(200)} (work ≈ ${ms(r.yamlLsEditWorkP50Ms)})`, '', ''],
      ['Our companion 1-char edit → diagnostics, p50', ms(r.companionEditP50Ms), '', ''],
      ['yamlLsRatio = our companion edit p50 / theirs', r.yamlLsRatio === null ? 'n/a' : `${r.yamlLsRatio}`, `≤ ${TARGETS.yamlLsRatio}`, verdict(r.yamlLsRatio, TARGETS.yamlLsRatio)],
    );
  } else out.push(['yamlLsRatio', 'n/a', '≤ 1', 'n/a']);
  return out;
}

function table(results) {
  const lines = [];
  for (const r of results) {
    const data = [['Figure', 'Measured', 'Target', 'Ratio / verdict'], ...rows(r)];
    const widths = data[0].map((_, c) => Math.max(...data.map((row) => String(row[c]).length)));
    const fmt = (row) => '| ' + row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ') + ' |';
    lines.push('', `## ${r.pairs.toLocaleString('en-US')} pairs (seed ${r.seed}, ${r.annotations} annotations, ${r.approximateAnchors} approximate; ${r.machine.cpus} CPUs, load average ${r.machine.loadAvgBefore[0]} before, ${r.machine.loadAvgAfter?.[0]} after${r.settings?.diagnostics ? `; settings ${JSON.stringify(r.settings)}` : ''}${r.closedFilesShown ? `; closed files report ${r.closedFilesShown === 'all' ? 'every finding' : r.closedFilesShown === 'warnings' ? 'errors and warnings' : r.closedFilesShown}` : ''})`, '', fmt(data[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
    for (const row of data.slice(1)) lines.push(fmt(row));
  }
  return lines.join('\n') + '\n';
}

function jsonOf(r) {
  const keys = ['pairs', 'coldIndexMs', 'firstDiagnosticsMs', 'warmIndexMs', 'editP99Ms', 'crossSourceUpdateMs', 'hoverP99Ms', 'hoverServerP99Ms', 'referencesP99Ms', 'referencesServerP99Ms', 'heapMB', 'rssMB', 'floorRatio', 'yamlLsRatio'];
  const out = {};
  for (const k of keys) out[k] = r[k] ?? null;
  return { ...out, ...r };
}

// ---------------------------------------------------------------------------

const started = now();
try {
  if (opts.build || !existsSync(join(repoRoot, 'dist', 'server.js'))) build();
  const results = [];
  for (const n of opts.pairs) {
    log(`\n=== ${n} pairs ===`);
    results.push(await runOne(n));
  }
  if (opts.json) {
    const objs = results.map(jsonOf);
    process.stdout.write(JSON.stringify(objs.length === 1 ? objs[0] : { runs: objs }) + '\n');
  } else if (opts.profile) {
    for (const r of results) process.stdout.write(r.profile.report + '\n');
  } else {
    process.stdout.write(table(results));
  }
  log(`\nbenchmark finished in ${ms(now() - started)}`);
  process.exit(0);
} catch (e) {
  log(`benchmark failed: ${e?.stack ?? e}`);
  process.exit(1);
}
