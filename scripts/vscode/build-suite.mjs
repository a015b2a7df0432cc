// Bundles the integration suite (test/integration/**/*.ts) into out/integration/:
// index.js (the module VS Code loads as extensionTestsPath, exporting run())
// and one *.test.js per test file. `vscode` is provided by the extension host
// and `mocha` is loaded from node_modules at run time, so both stay external.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function buildIntegrationSuite(root) {
  const src = join(root, 'test', 'integration');
  const outdir = join(root, 'out', 'integration');
  const entryPoints = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts') || p === join(src, 'index.ts')) entryPoints.push(relative(root, p));
    }
  };
  walk(src);
  if (!entryPoints.some((p) => p.endsWith('.test.ts'))) throw new Error(`no *.test.ts files under ${relative(root, src)}`);
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outbase: relative(root, src),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { outdir, index: join(outdir, 'index.js'), files: entryPoints.length - 1 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { outdir, files } = await buildIntegrationSuite(root);
  console.log(`built ${files} integration test file(s) into ${relative(root, outdir)}/`);
}
