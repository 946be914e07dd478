// `npm run bench`: builds the synthetic mesh of the quality bars and prints the figures as JSON.
// The inlining budget meshlock's commands run under, so the steps timed here in-process compile as they do.
import '../src/cli/jit-budget.js';
import { parseArgs } from 'node:util';
import { generateMesh } from './generate-mesh.js';
import { peakRssMb, round, time } from './measure.js';
import { benchCommands } from './scenarios/commands.js';
import { benchConsoleOverview } from './scenarios/console.js';
import { benchEngine } from './scenarios/engine.js';
import { benchGraphBrowser, benchGraphBuild, benchGraphQueries, benchGraphSizes, GRAPH_SIZES, graphWorld } from './scenarios/graph.js';
import { benchHostileValidation } from './scenarios/hostile.js';
import { benchKubeSync } from './scenarios/kube.js';
import { benchLab } from './scenarios/lab.js';
import { benchSave } from './scenarios/save.js';
import { benchValidation } from './scenarios/validation.js';
import { benchWhatIf } from './scenarios/whatif.js';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '2000' },
    'workloads-per-namespace': { type: 'string', default: '10' },
    // `--only graph`: just the graph-speed table; `--only save`: just the save through the store; `--only commands`:
    // whole CLI commands and `serve` start beside the parse floor; `--only whatif`: what-if and readiness.
    only: { type: 'string' },
    // With `--only graph`: just these rows of the graph-speed table by node count, e.g. `--sizes 5000,20000`.
    sizes: { type: 'string' },
  },
});
if (values.only === 'save') {
  const mesh = generateMesh({ namespaces: Number(values.namespaces), workloadsPerNamespace: Number(values['workloads-per-namespace']), seed: 1 });
  process.stdout.write(JSON.stringify({ save: await benchSave(mesh) }, null, 2) + '\n');
  process.exit(0);
}
if (values.only === 'commands') {
  const mesh = generateMesh({ namespaces: Number(values.namespaces), workloadsPerNamespace: Number(values['workloads-per-namespace']), seed: 1 });
  process.stdout.write(JSON.stringify({ commands: await benchCommands(mesh) }, null, 2) + '\n');
  process.exit(0);
}
if (values.only === 'whatif') {
  const mesh = generateMesh({ namespaces: Number(values.namespaces), workloadsPerNamespace: Number(values['workloads-per-namespace']), seed: 1 });
  process.stdout.write(JSON.stringify({ whatIf: benchWhatIf(benchEngine(mesh).snapshot) }, null, 2) + '\n');
  process.exit(0);
}
if (values.only === 'graph') {
  const wanted = values.sizes?.split(',').map(Number);
  const sizes = wanted ? GRAPH_SIZES.filter((s) => wanted.includes(s.nodes)) : GRAPH_SIZES;
  process.stdout.write(JSON.stringify({ machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, graph: { sizes: await benchGraphSizes({ sizes }) } }, null, 2) + '\n');
  process.exit(0);
}
const namespaces = Number(values.namespaces);
const workloadsPerNamespace = Number(values['workloads-per-namespace']);

// Initial sync of the same mesh from a real kube-apiserver, beside the look-alike's figures, must take at most
// 10 s. It runs first, so its steady RSS is the source's and not the other scenarios' leftovers.
const kube = await benchKubeSync({ namespaces, workloadsPerNamespace });
const generated = time(() => generateMesh({ namespaces, workloadsPerNamespace, seed: 1 }));
const engine = benchEngine(generated.value);
const validation = benchValidation(engine.snapshot);
// A console save through the store: validations and locks updated at most 50 ms after the write starts.
const save = await benchSave(generated.value);
// What users wait for: status, validate and serve as whole processes, each as a ratio to parsing the same files.
const commands = await benchCommands(generated.value);
const whatIf = benchWhatIf(engine.snapshot);
// Hostile inputs (one object with 60,000 unknown keys, 5,000 objects of one host) stay linear.
const hostileValidation = benchHostileValidation();
// The overview of the same mesh in headless Chromium must load in at most 2 s.
const consoleOverview = await benchConsoleOverview({ mesh: generated.value });
// The demo lab at 50 requests/s in total must use less than one core.
const lab = await benchLab({ ratePerSecond: 50, seconds: 10 });
// The traffic graph of 5,000 nodes / 25,000 edges: built in at most 300 ms, at most 3 Prometheus queries per
// request whatever the namespace count, and in Chromium its first paint and frame times while panning.
const world = graphWorld();
const graph = { build: benchGraphBuild(world), queries: await benchGraphQueries(world), browser: await benchGraphBrowser({ world }), sizes: await benchGraphSizes() };

const report = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  mesh: { ...generated.value.counts, generateMs: round(generated.ms) },
  engine: engine.figures,
  validation,
  save,
  commands,
  hostileValidation,
  whatIf,
  console: consoleOverview,
  lab,
  kube,
  graph,
  peakRssMb: peakRssMb(),
};
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
