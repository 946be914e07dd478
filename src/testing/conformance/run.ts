// `npm run conformance`: meshlock against Istio's own control-plane code (the Go oracle in conformance/) on
// every scenario world, the demo and seeded random worlds. Ends with "N worlds, M disagreements"; exit 0 only
// when M is 0. CONFORMANCE_WORLDS sets the number of random worlds (default 2000), CONFORMANCE_SEED the first seed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeWorld } from '../mesh-from-yaml.js';
import { AMBIENT_EDGE_SCENARIOS, AMBIENT_ROLLUP_SCENARIOS, AMBIENT_WORKLOAD_SCENARIOS } from '../scenarios/ambient-scenarios.js';
import { AUTO_MTLS_SCENARIOS, DESTINATION_RULE_SCENARIOS } from '../scenarios/client-scenarios.js';
import { MATRIX_SCENARIOS } from '../scenarios/matrix-scenarios.js';
import { ROLLUP_SCENARIOS, SERVER_SCENARIOS } from '../scenarios/server-scenarios.js';
import type { Scenario } from '../scenarios/scenario.js';
import { crossCheck } from './check-contradictions.js';
import { compare, meshlockView, type Disagreement } from './compare.js';
import { buildOracle, CONFORMANCE_DIR, runOracle, type WorldInput } from './oracle-process.js';
import { randomWorld } from './random-world.js';

const DEMO_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'demo');
const SHOWN = Number(process.env.CONFORMANCE_SHOW ?? 20);

function scenarioWorlds(): WorldInput[] {
  const tables: [string, readonly Scenario<unknown>[]][] = [
    ['server', SERVER_SCENARIOS],
    ['rollup', ROLLUP_SCENARIOS],
    ['destination-rule', DESTINATION_RULE_SCENARIOS],
    ['auto-mtls', AUTO_MTLS_SCENARIOS],
    ['matrix', MATRIX_SCENARIOS],
    ['ambient', AMBIENT_WORKLOAD_SCENARIOS],
    ['ambient-edge', AMBIENT_EDGE_SCENARIOS],
    ['ambient-rollup', AMBIENT_ROLLUP_SCENARIOS],
  ];
  return tables.flatMap(([table, scenarios]) => scenarios.map((s) => ({ id: `scenario ${table}: ${s.name}`, yaml: completeWorld(s.world, s.options) })));
}

function demoWorld(): WorldInput {
  const files = readdirSync(DEMO_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
  return { id: 'demo', yaml: files.map((f) => readFileSync(join(DEMO_DIR, f), 'utf8')).join('\n---\n') };
}

async function main(): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const randomCount = Number(process.env.CONFORMANCE_WORLDS ?? 2000);
  const firstSeed = Number(process.env.CONFORMANCE_SEED ?? 1);
  const binary = buildOracle(log);
  log(binary.buildSeconds > 0 ? `oracle built in ${binary.buildSeconds.toFixed(1)} s` : `oracle: cached ${binary.path.slice(CONFORMANCE_DIR.length + 1)}`);

  const worlds: WorldInput[] = [...scenarioWorlds(), demoWorld()];
  for (let seed = firstSeed; seed < firstSeed + randomCount; seed++) worlds.push({ id: `seed ${seed}`, yaml: randomWorld(seed).yaml });

  // Istio judges in child processes while meshlock judges here; several oracle processes keep both cores
  // busy while Istio's harness waits on its informers.
  const started = performance.now();
  const judged = runOracle(binary.path, worlds, Number(process.env.CONFORMANCE_SHARDS ?? 8));
  const views = new Map(worlds.map((w) => [w.id, meshlockView(w.yaml)]));
  const results = await judged;
  log(`Istio judged ${results.size} worlds in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const report: string[] = [];
  let disagreements = 0;
  let contradictions = 0;
  let rejected = 0;
  let worldsWithDisagreement = 0;
  let ambientWorlds = 0;
  for (const world of worlds) {
    const oracle = results.get(world.id);
    let found: Disagreement[];
    let checkProblems: string[] = [];
    if (!oracle || oracle.error) {
      found = [{ kind: 'edge', subject: 'the whole world', meshlock: 'judged', istio: `the oracle could not judge it: ${oracle?.error ?? 'no result'}` }];
    } else {
      // Objects Istio's validation refuses never reach a cluster: meshlock judges the world without them too.
      const view = oracle.rejected.length > 0 ? meshlockView(world.yaml, oracle.rejected) : (views.get(world.id) ?? meshlockView(world.yaml));
      rejected += oracle.rejected.length;
      found = compare(view, oracle);
      if (oracle.workloads.some((w) => w.dataplane === 'ambient')) ambientWorlds++;
      checkProblems = crossCheck(view, oracle);
    }
    contradictions += checkProblems.length;
    if (found.length === 0 && checkProblems.length === 0) continue;
    disagreements += found.length;
    if (found.length > 0) worldsWithDisagreement++;
    const lines = [`### ${world.id}`, ...found.map((d) => `- ${d.kind} ${d.subject}\n    meshlock: ${d.meshlock}\n    istio:    ${d.istio}`), ...checkProblems.map((c) => `- check ${c}`)];
    const entry = [...lines, '```yaml', world.yaml, '```'].join('\n');
    report.push(entry);
    // The first ones in full, with the world's YAML (a random world is also `randomWorld(seed)`); all go to the file.
    if (report.length <= SHOWN) log(entry);
  }
  const reportFile = join(CONFORMANCE_DIR, '.cache', 'disagreements.md');
  writeFileSync(reportFile, report.join('\n\n') + '\n');
  if (report.length > 0) log(`every disagreement with the YAML that reproduces it: ${reportFile}`);
  log(`${rejected} objects left out of their worlds because Istio's validation refuses them`);
  log(`${contradictions} check contradictions`);
  log(`${worldsWithDisagreement} of the worlds disagree`);
  log(`${ambientWorlds} of the worlds have ambient workloads (as Istio enrolls them)`);
  log(`${worlds.length} worlds, ${disagreements} disagreements`);
  return disagreements === 0 && contradictions === 0 ? 0 : 1;
}

process.exitCode = await main();
