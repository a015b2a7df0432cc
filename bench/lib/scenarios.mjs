// The measured scenarios, each through a real server over stdio.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LspProcess, TimeoutError, elapsedOrMiss, fileUri, now, sleep } from './lsp.mjs';
import { summary } from './stats.mjs';

export const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: false, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: true },
    references: {},
    completion: { completionItem: { snippetSupport: true } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite', 'source'] } }, resolveSupport: { properties: ['edit'] } }, // as VS Code declares it
  },
};

/** Where the corpus's files are, as URIs. */
export function corpusUris(corpus) {
  const companions = corpus.files.map((f) => fileUri(join(corpus.root, f.companion)));
  const articles = corpus.files.map((f) => fileUri(join(corpus.root, f.article)));
  const dossier = fileUri(join(corpus.root, corpus.dossier));
  return { companions, articles, dossier, all: [dossier, ...companions, ...articles] };
}

/** What VS Code's client sends at initialize: the settings, whether the workspace is trusted, and the storage folder for the warm-start cache. */
function initializationOptions(ctx, storagePath) {
  return { settings: ctx.clientSettings ?? ctx.settings ?? {}, trusted: true, ...(storagePath ? { storagePath } : {}) };
}

/** Starts the Corroborate server with the memory probe preloaded. */
export function startCorroborate(ctx, { cpuProfDir, snapshotPath } = {}) {
  const probeFile = join(ctx.workDir, `probe-${process.pid}-${Math.floor(now())}.json`);
  const argv = ['--expose-gc', '-r', join(ctx.benchDir, 'lib', 'probe.cjs')];
  if (cpuProfDir) argv.push('--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`);
  argv.push(ctx.serverPath, '--stdio');
  const env = { ...process.env, BENCH_PROBE_FILE: probeFile };
  if (snapshotPath) env.BENCH_PROBE_SNAPSHOT = snapshotPath;
  const srv = new LspProcess(argv, { env, label: 'corroborate', configuration: (item) => (item.section === 'corroborate' ? (ctx.clientSettings ?? ctx.settings ?? {}) : null) });
  srv.probeFile = probeFile;
  return srv;
}

/** Asks the probe for the server's memory after a full GC. */
export async function probeMemory(srv, timeoutMs = 60_000) {
  rmSync(srv.probeFile, { force: true });
  process.kill(srv.pid, 'SIGUSR2');
  const deadline = now() + timeoutMs;
  while (now() < deadline) {
    try {
      const m = JSON.parse(readFileSync(srv.probeFile, 'utf8'));
      rmSync(srv.probeFile, { force: true });
      return m;
    } catch {
      await sleep(50);
    }
  }
  return null;
}

/**
 * Cold index: spawn → initialize → initialized → $/progress end → every file
 * published at least once → last publishDiagnostics before a quiet period.
 * Returns the running server with the timings. With `options.storagePath`
 * the server gets that storage folder (its warm-start cache); then files may
 * all be published before the index ends, and `options.hoverDuringIndex`
 * times one hover sent at that moment (it waits for what it needs to be
 * indexed, as any request during an index does).
 */
export async function coldIndex(ctx, corpus, options = {}) {
  const uris = corpusUris(corpus);
  const t0 = now();
  const cap = options.capMs ?? ctx.timeoutMs;
  const left = () => Math.max(1, t0 + cap - now());
  const srv = startCorroborate(ctx, options);
  let progressEnd = null;
  let progressError = null;
  try {
    await srv.initialize(corpus.root, CLIENT_CAPABILITIES, initializationOptions(ctx, options.storagePath));
    // An editor restored with the window: the last companion in indexing order, opened right after initialized.
    let openFirst = null;
    if (options.openOnStart) {
      const i = corpus.files.length - 1;
      const uri = uris.companions[i];
      openFirst = { uri, text: readFileSync(join(corpus.root, corpus.files[i].companion), 'utf8'), seen: [] };
      srv.publishListeners.add((u, t) => {
        if (u === uri) openFirst.seen.push({ t, json: JSON.stringify(srv.published.get(u)?.diagnostics ?? []) });
      });
    }
    await srv.initialized();
    if (openFirst) srv.notify('textDocument/didOpen', { textDocument: { uri: openFirst.uri, languageId: 'yaml', version: 1, text: openFirst.text } });
    const progress = srv.progressEnd(left()).then(
      (t) => (progressEnd = t),
      (e) => (progressError = e),
    );
    await srv.allPublished(uris.all, left());
    const allSeen = now();
    let hoverDuringIndex = null;
    if (options.hoverDuringIndex && progressEnd === null) {
      const t = requestTargets(corpus, uris, 1).findLast((x) => x.languageId === 'yaml');
      const h0 = now();
      try {
        await srv.request('textDocument/hover', { textDocument: { uri: t.uri }, position: positionAt(t.text, t.offset) }, left());
        hoverDuringIndex = { ms: now() - h0, answeredBeforeIndexEnd: progressEnd === null };
      } catch (e) {
        hoverDuringIndex = { error: String(e) };
      }
    }
    await progress;
    if (progressError) {
      if (!(progressError instanceof TimeoutError)) throw progressError;
      if (left() <= 1) throw progressError;
      ctx.log(`  no $/progress end seen; relying on diagnostics alone`);
    }
    // The last publish before a quiet period, counted from when every file had one (on a warm start that is before the index ends).
    const last = await srv.quiet(ctx.quietMs, left() + ctx.quietMs, allSeen);
    // The opened file: its first diagnostics, and the first that are what it ends with (what the index would say).
    let openFirstMs = null;
    let openCompleteMs = null;
    if (openFirst?.seen.length) {
      const final = openFirst.seen[openFirst.seen.length - 1].json;
      openFirstMs = openFirst.seen[0].t - srv.initializedAt;
      openCompleteMs = openFirst.seen.find((p) => p.json === final).t - srv.initializedAt;
    }
    return {
      srv,
      coldMs: last - t0,
      progressEndMs: progressEnd === null ? null : progressEnd - t0,
      allSeenMs: allSeen - t0,
      publishes: srv.publishCount,
      initializedAfterMs: srv.initializedAt - t0,
      openFirstMs,
      openCompleteMs,
      openPublishes: openFirst?.seen.length ?? null,
      hoverDuringIndex,
    };
  } catch (e) {
    if (!(e instanceof TimeoutError) || options.throwOnTimeout) {
      srv.kill();
      throw e;
    }
    // Not finished within the cap: report a lower bound and what the server had done by then.
    const rss = srv.rssMB();
    const result = {
      timedOut: true,
      capMs: cap,
      elapsedMs: now() - t0,
      progressEndMs: progressEnd === null ? null : progressEnd - t0,
      filesPublished: srv.published.size,
      filesExpected: uris.all.length,
      publishes: srv.publishCount,
      rss,
    };
    srv.kill();
    return result;
  }
}

/** didOpen right after `initialized`: time to that file's first (and first sensible) diagnostics. */
export async function firstDiagnostics(ctx, corpus) {
  const uris = corpusUris(corpus);
  const i = corpus.files.length - 1; // the last file in indexing order: the worst case for a sequential indexer
  const uri = uris.companions[i];
  const text = readFileSync(join(corpus.root, corpus.files[i].companion), 'utf8');
  const srv = startCorroborate(ctx);
  try {
    await srv.initialize(corpus.root, CLIENT_CAPABILITIES, initializationOptions(ctx));
    const first = srv.nextPublish(uri, ctx.timeoutMs);
    let sensible = null;
    const sensibleP = new Promise((resolve) => {
      const l = (u, t) => {
        if (u !== uri) return;
        const ds = srv.published.get(u)?.diagnostics ?? [];
        if (!ds.some((d) => d.code === 'companion-without-article')) {
          srv.publishListeners.delete(l);
          sensible = t;
          resolve(t);
        }
      };
      srv.publishListeners.add(l);
    });
    await srv.initialized();
    const t0 = srv.initializedAt;
    srv.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const tFirst = await first;
    await Promise.race([sensibleP, sleep(ctx.timeoutMs)]);
    return { firstMs: tFirst - t0, sensibleMs: sensible === null ? null : sensible - t0, file: corpus.files[i].companion };
  } finally {
    await srv.stop(3000).catch(() => srv.kill());
  }
}

function positionAt(text, offset) {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}

/**
 * One-character edits to an open document, alternately applied and undone, so
 * that every edit changes the diagnostics. Measures didChange → that file's
 * publishDiagnostics, and didChange → the last publishDiagnostics of any file
 * (quiet period excluded).
 */
export async function editSeries(ctx, srv, { uri, languageId, text, offsets, replacement, count, budgetMs }) {
  srv.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await srv.quiet(ctx.quietMs, ctx.timeoutMs);
  let version = 1;
  const own = [];
  const all = [];
  let misses = 0;
  // The collector's pauses during each edit and the quiet after it (corroborate/stats, reset after each).
  const pauses = [];
  await stats(srv, true);
  const started = now();
  for (let i = 0; i < count && now() - started < budgetMs; i++) {
    const offset = offsets[Math.floor(i / 2) % offsets.length];
    const apply = i % 2 === 0;
    const pos = positionAt(text, offset);
    const original = text[offset];
    const inserted = replacement(original);
    // Apply: one character becomes `inserted`; undo: `inserted` becomes the original again.
    const change = apply
      ? { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: inserted }
      : { range: { start: pos, end: { line: pos.line, character: pos.character + inserted.length } }, text: original };
    const published = srv.nextPublish(uri, ctx.editTimeoutMs);
    const t0 = now();
    srv.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
    const took = await elapsedOrMiss(published, t0);
    if (took === null) misses++;
    else own.push(took);
    const last = await srv.quiet(ctx.editQuietMs, ctx.timeoutMs, t0);
    all.push(last - t0);
    if (took !== null) pauses.push({ ms: took, edit: i, offset, gc: (await stats(srv, true))?.gc ?? null });
  }
  srv.notify('textDocument/didClose', { textDocument: { uri } });
  await srv.quiet(ctx.quietMs, ctx.timeoutMs);
  // The slowest edits (which one, 0-based, and where), with the pauses counted around each (null from a server that does not report them).
  const slowest = pauses.sort((a, b) => b.ms - a.ms).slice(0, 3);
  return { own: summary(own), any: summary(all), misses, slowest, samplesOwn: own, samplesAny: all };
}

/** Offsets at which a one-character edit in an article changes anchors: spaces early in the text. */
export function articleEditOffsets(text, rngPick) {
  const out = [];
  const limit = Math.floor(text.length / 3);
  for (let i = text.indexOf(' ', 200); i !== -1 && i < limit; i = text.indexOf(' ', i + 97)) out.push(i);
  return out.length ? out.slice(0, 25) : [Math.floor(text.length / 4)];
}

/** Offsets of a character in the middle of `text:` values of a companion. */
export function companionEditOffsets(text) {
  const out = [];
  const re = /^ {4}text: "(.{12,})"$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const valueStart = m.index + m[0].indexOf('"') + 1;
    const mid = valueStart + Math.floor(m[1].length / 2);
    if (/[a-z]/.test(text[mid])) out.push(mid);
  }
  return out.length ? out.slice(0, 25) : [text.indexOf('outlet: ') + 10];
}

/** Positions worth asking about: dossier keys, key values in companions, annotated words in articles. */
function requestTargets(corpus, uris, sampleCount) {
  const targets = [];
  const step = Math.max(1, Math.floor(corpus.files.length / sampleCount));
  for (let i = 0; i < corpus.files.length && targets.length < sampleCount * 3; i += step) {
    const companionText = readFileSync(join(corpus.root, corpus.files[i].companion), 'utf8');
    const articleText = readFileSync(join(corpus.root, corpus.files[i].article), 'utf8');
    const m = /^ {4}quantity: "([^"]+)"$/m.exec(companionText) ?? /^ {4}entity: "([^"]+)"$/m.exec(companionText);
    if (m) {
      const valueOffset = m.index + m[0].indexOf('"') + 2;
      targets.push({ uri: uris.companions[i], text: companionText, languageId: 'yaml', offset: valueOffset, endOfValue: m.index + m[0].length - 1 });
    }
    const s = /^ {4}start: (\d+)$/m.exec(companionText);
    if (s) targets.push({ uri: uris.articles[i], text: articleText, languageId: 'news-article', offset: Number(s[1]) + 2 });
  }
  return targets;
}

/**
 * Latency of hover, definition, references, completion and code actions, for
 * whatever the server advertises; `null` (n/a) for what it does not.
 */
/** `corroborate/stats` (handler times per request method), or null from a server without it. */
async function stats(srv, reset) {
  try {
    return await srv.request('corroborate/stats', { reset }, 5000);
  } catch {
    return null;
  }
}

export async function requestLatencies(ctx, srv, corpus, count) {
  const caps = srv.serverCapabilities ?? {};
  const uris = corpusUris(corpus);
  const targets = requestTargets(corpus, uris, 10);
  const dossierText = readFileSync(join(corpus.root, corpus.dossier), 'utf8');
  const qm = /^quantities:\n {2}([a-z0-9-]+):/m.exec(dossierText);
  if (qm) targets.push({ uri: uris.dossier, text: dossierText, languageId: 'yaml', offset: qm.index + 'quantities:\n  '.length + 2 });

  const wants = {
    hover: caps.hoverProvider,
    definition: caps.definitionProvider,
    references: caps.referencesProvider,
    completion: caps.completionProvider,
    codeAction: caps.codeActionProvider,
  };
  const results = {};
  if (!Object.values(wants).some(Boolean)) {
    for (const k of Object.keys(wants)) results[k] = null;
    return results;
  }
  // Open the target files, as an editor would before asking.
  const opened = new Set();
  for (const t of targets) {
    if (opened.has(t.uri)) continue;
    opened.add(t.uri);
    srv.notify('textDocument/didOpen', { textDocument: { uri: t.uri, languageId: t.languageId, version: 1, text: t.text } });
  }
  await srv.quiet(ctx.quietMs, ctx.timeoutMs);

  const make = {
    hover: (t) => ['textDocument/hover', { textDocument: { uri: t.uri }, position: positionAt(t.text, t.offset) }],
    definition: (t) => ['textDocument/definition', { textDocument: { uri: t.uri }, position: positionAt(t.text, t.offset) }],
    references: (t) => ['textDocument/references', { textDocument: { uri: t.uri }, position: positionAt(t.text, t.offset), context: { includeDeclaration: true } }],
    completion: (t) => ['textDocument/completion', { textDocument: { uri: t.uri }, position: positionAt(t.text, t.endOfValue ?? t.offset) }],
    codeAction: (t) => {
      const ds = srv.published.get(t.uri)?.diagnostics ?? [];
      const d = ds[0];
      const range = d ? d.range : { start: positionAt(t.text, t.offset), end: positionAt(t.text, t.offset + 3) };
      return ['textDocument/codeAction', { textDocument: { uri: t.uri }, range, context: { diagnostics: d ? [d] : [] } }];
    },
  };
  for (const [name, supported] of Object.entries(wants)) {
    if (!supported) {
      results[name] = null;
      continue;
    }
    const samples = [];
    let errors = 0;
    let empty = 0;
    const pool = name === 'completion' ? targets.filter((t) => t.endOfValue !== undefined) : targets;
    let server = null;
    for (let i = 0; i < count + 5; i++) {
      const t = pool[i % pool.length];
      const [method, params] = make[name](t);
      // The server's own handler times (corroborate/stats), for the same requests as the round trips.
      if (i === 5) await stats(srv, true);
      const t0 = now();
      try {
        const r = await srv.request(method, params, ctx.editTimeoutMs);
        if (i >= 5) samples.push(now() - t0);
        if (r === null || (Array.isArray(r) && r.length === 0)) empty++;
      } catch {
        errors++;
      }
    }
    const after = await stats(srv, false);
    server = after?.requests?.[make[name](pool[0])[0]] ?? null;
    // The collector's pauses over the same requests (null from a server that does not report them).
    results[name] = { ...summary(samples), errors, empty, server, gc: after?.gc ?? null };
  }
  for (const uri of opened) srv.notify('textDocument/didClose', { textDocument: { uri } });
  await srv.quiet(ctx.quietMs, ctx.timeoutMs);
  return results;
}

/**
 * What the Corroborate views cost the server: `corroborate/sources` (the
 * Sources view) and `corroborate/report` of every scope (the Quantities,
 * Quotes and Claims views, which VS Code's client asks for once the corpus
 * settles after a change). Each asked `count` times after one to warm up;
 * round trips, the handler's own time (corroborate/stats) and the size of
 * the answer as JSON. Null for a server without them.
 */
export async function viewRequests(ctx, srv, count) {
  const results = {};
  for (const method of ['corroborate/sources', 'corroborate/report']) {
    const samples = [];
    let bytes = null;
    try {
      for (let i = 0; i <= count; i++) {
        if (i === 1) await stats(srv, true);
        const t0 = now();
        const answer = await srv.request(method, {}, ctx.timeoutMs);
        if (i >= 1) samples.push(now() - t0);
        else bytes = Buffer.byteLength(JSON.stringify(answer));
      }
    } catch {
      results[method] = null;
      continue;
    }
    const after = await stats(srv, false);
    results[method] = { ...summary(samples), server: after?.requests?.[method] ?? null, bytes };
  }
  await srv.quiet(ctx.quietMs, ctx.timeoutMs);
  return results;
}
