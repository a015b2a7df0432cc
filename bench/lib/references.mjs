// Reference points measured in the same run: the parse floor (read + parse
// the same companions with the fastest JavaScript YAML parsers) and
// yaml-language-server validating the same companions against the companion
// schema, file by file.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LspProcess, elapsedOrMiss, fileUri, now } from './lsp.mjs';
import { companionEditOffsets } from './scenarios.mjs';
import { summary } from './stats.mjs';

const require = createRequire(import.meta.url);

/** Read + parse every companion, once per parser; the fastest is the floor. */
export function parseFloor(corpus) {
  const paths = corpus.files.map((f) => join(corpus.root, f.companion));
  const jsYaml = require('js-yaml');
  const yaml = require('yaml');
  const parsers = {
    'js-yaml load': (s) => jsYaml.load(s),
    'yaml parse': (s) => yaml.parse(s),
    'yaml parseDocument': (s) => yaml.parseDocument(s, { keepSourceTokens: false }),
  };
  const out = {};
  for (const [name, parse] of Object.entries(parsers)) {
    for (const p of paths.slice(0, 50)) parse(readFileSync(p, 'utf8')); // JIT warm-up, untimed
    // parseDocument (what the server uses) is only for comparison: timed on up
    // to 1,000 files and scaled, to keep the 10,000-pair run short.
    const subset = name === 'yaml parseDocument' ? paths.slice(0, 1000) : paths;
    const t0 = now();
    for (const p of subset) parse(readFileSync(p, 'utf8'));
    out[name] = ((now() - t0) * paths.length) / subset.length;
  }
  // Reading the articles too, for the "everything the server reads" floor.
  const t0 = now();
  for (const f of corpus.files) readFileSync(join(corpus.root, f.article), 'utf8');
  out['read articles'] = now() - t0;
  const fastest = Math.min(out['js-yaml load'], out['yaml parse']);
  return { byParser: out, floorMs: fastest, fastest: out['js-yaml load'] <= out['yaml parse'] ? 'js-yaml' : 'yaml' };
}

/**
 * yaml-language-server on a sample of companions: didOpen → that file's
 * publishDiagnostics, one file at a time; then the same one-character edits
 * as for Corroborate (didChange → publishDiagnostics).
 */
export async function yamlLanguageServer(ctx, corpus, { sample, edits, schemaPath }) {
  const bin = join(ctx.repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  if (!existsSync(bin)) return { error: 'yaml-language-server is not installed (npm install)' };
  const schemaUri = fileUri(schemaPath);
  const yamlSettings = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false }, // never fetch the schema catalogue: no network
    schemas: { [schemaUri]: '*.ann.yaml' },
    customTags: [],
    maxItemsComputed: 5000,
  };
  const configuration = (item) => {
    if (item.section === 'yaml') return yamlSettings;
    if (item.section === 'http') return { proxy: '', proxyStrictSSL: false };
    if (item.section === '[yaml]') return {};
    if (item.section === 'editor') return { tabSize: 2, detectIndentation: false };
    if (item.section === 'files') return {};
    return null;
  };
  const srv = new LspProcess([bin, '--stdio'], { label: 'yaml-language-server', configuration });
  try {
    await srv.initialize(corpus.root, {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: {} },
    });
    await srv.initialized();
    srv.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings, http: { proxy: '', proxyStrictSSL: false } } });

    const n = corpus.files.length;
    const count = Math.min(sample, n);
    const step = n / count;
    const picks = [];
    for (let i = 0; i < count; i++) picks.push(Math.floor(i * step));

    // Warm-up: the first open loads and compiles the schema; not counted.
    const warm = n - 1;
    const warmUri = fileUri(join(corpus.root, corpus.files[warm].companion));
    const warmText = readFileSync(join(corpus.root, corpus.files[warm].companion), 'utf8');
    const warmP = srv.nextPublish(warmUri, ctx.timeoutMs);
    srv.notify('textDocument/didOpen', { textDocument: { uri: warmUri, languageId: 'yaml', version: 1, text: warmText } });
    const tw = now();
    const warmDiagnostics = await warmP.then(() => srv.published.get(warmUri)?.diagnostics ?? []);
    const warmupMs = now() - tw;
    srv.notify('textDocument/didClose', { textDocument: { uri: warmUri } });

    const open = [];
    let misses = 0;
    const started = now();
    for (const i of picks) {
      if (now() - started > ctx.yamlLsBudgetMs) break;
      const uri = fileUri(join(corpus.root, corpus.files[i].companion));
      const text = readFileSync(join(corpus.root, corpus.files[i].companion), 'utf8');
      const p = srv.nextPublish(uri, ctx.editTimeoutMs);
      const t0 = now();
      srv.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const took = await elapsedOrMiss(p, t0);
      if (took === null) misses++;
      else open.push(took);
      srv.notify('textDocument/didClose', { textDocument: { uri } });
    }

    // The same kind of one-character edits as Corroborate's companion edits.
    const editFile = corpus.files[Math.floor(n / 2)].companion;
    const uri = fileUri(join(corpus.root, editFile));
    const text = readFileSync(join(corpus.root, editFile), 'utf8');
    const offsets = companionEditOffsets(text);
    const p0 = srv.nextPublish(uri, ctx.editTimeoutMs);
    srv.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await p0.catch(() => undefined);
    const change = [];
    let version = 1;
    for (let i = 0; i < edits; i++) {
      const offset = offsets[Math.floor(i / 2) % offsets.length];
      const before = text.slice(0, offset);
      const line = before.split('\n').length - 1;
      const character = offset - (before.lastIndexOf('\n') + 1);
      const replacement = i % 2 === 0 ? (text[offset] === 'q' ? 'z' : 'q') : text[offset];
      const p = srv.nextPublish(uri, ctx.editTimeoutMs);
      const t0 = now();
      srv.notify('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: replacement }],
      });
      const took = await elapsedOrMiss(p, t0);
      if (took === null) misses++;
      else change.push(took);
    }
    const rss = srv.rssMB();
    return {
      sampled: open.length,
      of: n,
      open: summary(open),
      edit: summary(change),
      warmupMs,
      warmupDiagnostics: warmDiagnostics.length,
      misses,
      rssMB: rss.rss,
    };
  } finally {
    await srv.stop(3000).catch(() => srv.kill());
  }
}
