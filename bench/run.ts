// `npm run bench`: builds the synthetic mesh of the quality bars and prints the figures as JSON.
import { parseArgs } from 'node:util';
import { generateMesh } from './generate-mesh.js';
import { peakRssMb, round, time } from './measure.js';
import { benchConsoleOverview } from './scenarios/console.js';
import { benchEngine } from './scenarios/engine.js';
import { benchLab } from './scenarios/lab.js';
import { benchValidation } from './scenarios/validation.js';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '2000' },
    'workloads-per-namespace': { type: 'string', default: '10' },
  },
});
const namespaces = Number(values.namespaces);
const workloadsPerNamespace = Number(values['workloads-per-namespace']);

const generated = time(() => generateMesh({ namespaces, workloadsPerNamespace, seed: 1 }));
const engine = benchEngine(generated.value);
const validation = benchValidation(engine.snapshot);
// The overview of the same mesh in headless Chromium must load in at most 2 s.
const consoleOverview = await benchConsoleOverview({ mesh: generated.value });
// The demo lab at 50 requests/s in total must use less than one core.
const lab = await benchLab({ ratePerSecond: 50, seconds: 10 });

const report = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  mesh: { ...generated.value.counts, generateMs: round(generated.ms) },
  engine: engine.figures,
  validation,
  console: consoleOverview,
  lab,
  peakRssMb: peakRssMb(),
};
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
