import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', '.bench/'] },
  js.configs.recommended,
  // The dependency-cruiser config is CommonJS, as that tool loads it.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // With `import * as z`, esbuild leaves the parts of zod that nothing calls out of the CLI's bundle: its
    // locales and JSON Schema reader, 550 KB that `serve` would compile at every start.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: "ImportDeclaration[source.value='zod'][importKind='value'] > :matches(ImportSpecifier, ImportDefaultSpecifier)", message: "Write `import * as z from 'zod'`: the bundle then keeps only what is used." },
      ],
    },
  },
  {
    // core/ is pure: no I/O, no clock, no process globals.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', '../../sources/*', '../../cli/*'], message: 'core/ is pure; do I/O in an adapter.' }] }],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now' }, { object: 'Math', property: 'random' }],
    },
  },
  {
    // The web app talks to the server only through src/api (schemas, routes, client); it never computes policy.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '**/src/core/*', '**/src/server/*', '**/src/sources/*', '**/src/cli/*', '**/src/lab/*'], message: 'web/ uses src/api only.' }] }],
    },
  },
  {
    // The server answers through core and the presenters; it never reaches into the CLI.
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/validation.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../cli/*', '../../cli/*'], message: 'src/server never imports the CLI.' }] }],
    },
  },
  {
    files: ['bin/*.js', 'bin/kubectl-meshlock', 'scripts/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Tool configuration files are loaded through their default export.
    files: ['*.config.js', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
