// The folder rules of docs/architecture.md, checked on every folder (`npm run lint:deps`, part of `npm run lint`).
// No exceptions by file name: a rule that needs one is a design problem to fix, not to list.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Folders and files import one way; a cycle means two modules own one fact.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core/ imports nothing of the project outside core/, and no Node built-in (no I/O).',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^src/core/', '^node_modules/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-tests-use-testing-only',
      severity: 'error',
      comment: 'Tests of core/ reach other folders only through the test builders of src/testing/.',
      from: { path: '^src/core/.*\\.test\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/testing/'] },
    },
    {
      name: 'documents-are-text-only',
      severity: 'error',
      comment: 'documents/ handles YAML text over core; it reads no files and knows no source or front door.',
      from: { path: '^src/documents/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(sources|server|cli|lab|reports|telemetry|testing)/' },
    },
    {
      name: 'reports-serve-both-doors',
      severity: 'error',
      comment: 'reports/ is shared by the CLI and the server, so it imports neither, nor an adapter.',
      from: { path: '^src/reports/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(server|cli|sources|lab)/' },
    },
    {
      name: 'sources-know-no-front-door',
      severity: 'error',
      from: { path: '^src/sources/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(server|cli|lab|reports|web)/' },
    },
    {
      name: 'telemetry-knows-no-lab',
      severity: 'error',
      comment: 'The lab writes into telemetry/embedded; telemetry never reaches into the lab.',
      from: { path: '^src/telemetry/' },
      to: { path: '^src/(lab|server|cli|sources)/' },
    },
    {
      name: 'server-never-imports-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-starts-the-server-only-from-serve',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: ['^src/cli/commands/(serve-network|start-console)\\.ts$', '\\.test\\.ts$'] },
      to: { path: '^src/server/' },
    },
    {
      name: 'api-is-wire-types',
      severity: 'error',
      comment: 'src/api (zod schemas, routes, client) is shared with the browser: core data only.',
      from: { path: '^src/api/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/api/', '^src/core/'] },
    },
    {
      name: 'web-uses-api-only',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: '^src/api/' },
    },
    {
      name: 'test-builders-stay-out-of-production',
      severity: 'error',
      comment: 'src/testing/ is not built into dist/; only tests (and the bench, which is not shipped) use it.',
      from: { path: '^(src|web/src)/', pathNot: ['\\.test\\.tsx?$', '^src/testing/'] },
      to: { path: '^src/testing/' },
    },
    {
      name: 'production-never-imports-the-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^bench/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|conformance|tools)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
