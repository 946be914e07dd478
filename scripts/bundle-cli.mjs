// Builds the CLI and server into dist/cli: one bundle with its dependencies, split where a command loads code
// lazily (the demo lab, the API schemas). Node then reads a few files instead of resolving and compiling
// about 250 modules for `status` and 650 for `serve`: about 0.1 s less on every command.
// Types are checked by `npm run typecheck`, not here.
//
// `--outdir DIR --entry FILE…` bundles more entry points beside the CLI into DIR instead: the bench times
// its steps from the same kind of bundle the commands run, not through tsx's loader.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string' }, entry: { type: 'string', multiple: true } } });
const outdir = values.outdir === undefined ? `${root}dist/cli` : resolve(values.outdir);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The reading worker is its own entry: parallel-reading.ts starts it as ./yaml-json-worker.js beside itself,
  // so every chunk stays in one folder.
  entryPoints: ['src/cli/run.ts', 'src/sources/files/yaml-json-worker.ts', ...(values.entry ?? [])],
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Fastify requires its schema compilers (Ajv, fast-json-stringify: a third of serve's code) only when a
  // route has a schema; meshlock's have none (requests are parsed with zod), so they stay out of the bundle
  // and Node would load them from node_modules on the first such route.
  external: ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as meshlockRequire } from 'node:module'; const require = meshlockRequire(import.meta.url);" },
  logLevel: 'warning',
});
