#!/usr/bin/env node
// Checks what a packaged .vsix ships, with Node's own modules only (a .vsix is
// a zip: its central directory lists every entry).
//
// Usage: node scripts/vscode/check-vsix.mjs [corroborate.vsix]
// Passes when every entry is one the extension needs at run time or a
// marketplace page shows (package.json, dist/*.js, schemas, syntaxes, README
// and its screenshots, LICENSE, CHANGELOG, media, the icon) plus the two files
// vsce adds, and every file the packaged package.json or README points at is in it. Fails naming the
// offenders otherwise: source maps, node_modules, samples, tests, sources...
import { readFileSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** Entries allowed in the .vsix (paths inside the zip). */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/schemas\/[^/]+\.json$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/(README|CHANGELOG)\.md$/i, // vsce writes readme.md in lower case when it does not rewrite links
  /^extension\/LICENSE(\.txt|\.md)?$/,
  /^extension\/media\/.+$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/docs\/images\/[^/]+\.png$/, // the README's screenshots
];

/** Why an entry is wrong, for the most likely mistakes. */
const REASONS = [
  [/\.map$/, 'a source map'],
  [/(^|\/)node_modules\//, 'node_modules (the bundles need none)'],
  [/^extension\/samples\//, 'the samples'],
  [/^extension\/(test|out)\//, 'tests'],
  [/^extension\/(client|server|scripts)\//, 'sources or scripts'],
  [/\.ts$/, 'TypeScript source'],
];

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip file: name, compression method, sizes, local header offset. */
export function zipEntries(buf) {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== CENTRAL) throw new Error(`bad central directory entry ${n} at ${p}`);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The content of one entry (stored or deflated). */
export function zipRead(buf, entry) {
  const p = entry.offset;
  if (buf.readUInt32LE(p) !== LOCAL) throw new Error(`bad local header for ${entry.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name}: unsupported compression method ${entry.method}`);
}

/** Problems with the .vsix at `file` (empty when it is fine), and its entries. */
export function checkVsix(file) {
  const buf = readFileSync(file);
  const entries = zipEntries(buf);
  const names = new Set(entries.map((e) => e.name));
  const problems = [];
  for (const name of names) {
    if (ALLOWED.some((re) => re.test(name)) && !REASONS.some(([re]) => re.test(name))) continue;
    const why = REASONS.find(([re]) => re.test(name))?.[1] ?? 'not on the list of what the extension ships';
    problems.push(`${name}: ${why}`);
  }
  const pkgEntry = entries.find((e) => e.name === 'extension/package.json');
  if (!pkgEntry) return { problems: [...problems, 'extension/package.json is missing'], entries };
  const pkg = JSON.parse(zipRead(buf, pkgEntry).toString('utf8'));
  // Every file the manifest points at, and the server the client starts.
  const c = pkg.contributes ?? {};
  const wanted = [
    pkg.main && (pkg.main.endsWith('.js') ? pkg.main : `${pkg.main}.js`),
    './dist/server.js',
    ...(c.languages ?? []).map((l) => l.configuration),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.yamlValidation ?? []).map((v) => v.url),
    ...(c.jsonValidation ?? []).map((v) => v.url),
  ].filter((p) => p && !/^[a-z]+:/.test(p));
  for (const rel of new Set(wanted)) {
    const name = posix.join('extension', rel);
    if (!names.has(name)) problems.push(`${name} is referenced by package.json but not in the package`);
  }
  // The README is shown from the package (links are not rewritten): its images must be in it.
  const readme = entries.find((e) => /^extension\/readme\.md$/i.test(e.name));
  if (readme) {
    for (const m of zipRead(buf, readme).toString('utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) {
      if (/^[a-z]+:/i.test(m[1])) continue;
      const name = posix.join('extension', m[1]);
      if (!names.has(name)) problems.push(`${name} is shown by the README but not in the package`);
    }
  }
  return { problems, entries };
}

if (process.argv[1] && basename(process.argv[1]) === 'check-vsix.mjs') {
  const file = process.argv[2] ?? 'corroborate.vsix';
  try {
    const { problems, entries } = checkVsix(file);
    const bytes = entries.reduce((n, e) => n + e.size, 0);
    console.log(`${file}: ${entries.length} entries, ${(bytes / 1024).toFixed(0)} KB unpacked`);
    for (const e of entries) console.log(`  ${e.name} (${(e.size / 1024).toFixed(1)} KB)`);
    if (problems.length) {
      console.error(`\n${file} ships what it should not (or lacks what it needs):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      console.error('Fix .vscodeignore (check with: npx vsce ls --no-dependencies).');
      process.exit(1);
    }
    console.log('vsix contents: ok');
  } catch (e) {
    console.error(`check-vsix: ${file}: ${e.message}`);
    process.exit(1);
  }
}
