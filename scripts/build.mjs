#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI into dist/.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/**
 * The JSON Schemas' validators as code (ajv's standalone output), in place of
 * server/src/core/schemaPrecompiled.ts: the bundled server and CLI never
 * compile a schema at run time, nor load ajv's compiler. The options must
 * be the ones the module compiles with from source (AJV_OPTIONS).
 */
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]core[\\/]schemaPrecompiled\.ts$/ }, () => {
      const require = createRequire(join(root, 'package.json'));
      const Ajv = require('ajv').default;
      const standaloneCode = require('ajv/dist/standalone').default;
      const schema = (name) => JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true } });
      ajv.addSchema(schema('companion'), 'companion');
      ajv.addSchema(schema('dossier'), 'dossier');
      const code = standaloneCode(ajv, { companion: 'companion', dossier: 'dossier' });
      return {
        contents: `${code}\nconst compiled = { companion: exports.companion, dossier: exports.dossier };\nexports.validators = () => compiled;\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

/**
 * js-yaml's CommonJS build in place of its ES module build, which esbuild
 * would otherwise pick for an `import`. The two are the same code, but the
 * ES module build's parser runs about 4.5 times slower on Node 20 (its
 * functions deoptimise on the parser state's shape: "wrong map"), and the
 * server reads every companion through it. Measured on the 1,000 bench
 * companions: parseEvents 470 ms from the ES build, 102 ms from the
 * CommonJS one. The tests, run through tsx, load the CommonJS build too.
 */
const COMMONJS_BUILDS = ['js-yaml'];
const preferCommonJs = {
  name: 'prefer-commonjs',
  setup(build) {
    const require = createRequire(join(root, 'package.json'));
    const filter = new RegExp(`^(?:${COMMONJS_BUILDS.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: require.resolve(args.path) }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [precompiledValidators, preferCommonJs],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (!watch) rmSync(join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes...');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built dist/ in ${Date.now() - started} ms`);
}
