// The lab against the engine on the demo (also with travel-agency moved to ambient, behind a waypoint) and on
// every scenario world of the core acceptance tests (src/testing/scenarios/, the ambient ones included): for every client (outside, workloads with and without sidecar) → Service port →
// endpoint that `meshlock edges` lists, one probe through real handshakes (what `meshlock lab probe` does)
// must end with the outcome and client transport the engine predicts (istio-mtls-semantics §1.6, §4.2).
// A pair is left out only by a named rule below, and the number left out is bounded, so that nothing
// drops out of the comparison unnoticed.
import { describe, expect, it } from 'vitest';
import { clientName, queryEdges, type EdgeResult, type MtlsEngine } from '../core/index.js';
import { AMBIENT_DEMO_FILES } from '../testing/ambient-demo.js';
import { loadDemo, objectsFromYaml } from '../testing/demo-mesh.js';
import { meshFromYaml } from '../testing/mesh-from-yaml.js';
import { AMBIENT_EDGE_SCENARIOS, AMBIENT_WORKLOAD_SCENARIOS } from '../testing/scenarios/ambient-scenarios.js';
import { AUTO_MTLS_SCENARIOS, DESTINATION_RULE_SCENARIOS } from '../testing/scenarios/client-scenarios.js';
import { MATRIX_SCENARIOS } from '../testing/scenarios/matrix-scenarios.js';
import type { Scenario } from '../testing/scenarios/scenario.js';
import { ROLLUP_SCENARIOS, SERVER_SCENARIOS } from '../testing/scenarios/server-scenarios.js';
import { Lab } from './lab.js';
import { probeResult } from './probe.js';

interface LabWorld {
  readonly name: string;
  readonly engine: () => Promise<MtlsEngine>;
}

const fromTable = (table: string, scenarios: readonly Scenario<unknown>[]): LabWorld[] =>
  scenarios.map((s) => ({ name: `${table}: ${s.name}`, engine: () => Promise.resolve(meshFromYaml(s.world, s.options)) }));

/** The demo with travel-agency in ambient under STRICT, bound to its waypoint; travel-portal keeps its sidecars. */
async function ambientDemo(): Promise<MtlsEngine> {
  const changes = objectsFromYaml(Object.values(AMBIENT_DEMO_FILES).join('---\n')).map((object) => ({ type: 'upsert' as const, object }));
  return (await loadDemo()).with(changes);
}

const DEMO = 'demo: fixtures/demo';

const WORLDS: readonly LabWorld[] = [
  { name: DEMO, engine: loadDemo },
  { name: 'demo with travel-agency in ambient (src/testing/ambient-demo.ts)', engine: ambientDemo },
  ...fromTable('ambient data plane', AMBIENT_WORKLOAD_SCENARIOS),
  ...fromTable('ambient edge', AMBIENT_EDGE_SCENARIOS),
  ...fromTable('server', SERVER_SCENARIOS),
  ...fromTable('roll-up', ROLLUP_SCENARIOS),
  ...fromTable('DestinationRule', DESTINATION_RULE_SCENARIOS),
  ...fromTable('auto mTLS', AUTO_MTLS_SCENARIOS),
  ...fromTable('matrix', MATRIX_SCENARIOS),
];

interface ExclusionRule {
  readonly name: string;
  /** Why the lab cannot run such a pair, in one line. */
  readonly reason: string;
  readonly applies: (edge: EdgeResult) => boolean;
}

const EXCLUSIONS: readonly ExclusionRule[] = [
  {
    name: 'no-known-endpoint',
    reason: 'no workload stands behind the host (DNS-resolved or MESH_EXTERNAL ServiceEntry, Service without selector): the lab has nothing to run there',
    applies: (edge) => edge.endpoint.workload === undefined,
  },
];

/**
 * Today 6: outside and web/client → pay.example.com:443, the MESH_EXTERNAL ServiceEntry of §3.2, and outside and
 * web/client → payments.example.com:443 in the two ambient worlds of a ServiceEntry's inline endpoint (an IP the
 * lab does not run). The bound leaves room for one more such scenario, not for a rule that quietly swallows pairs.
 */
const EXCLUDED_BELOW = 9;

/** Probed pairs per world, pairs left out (by rule), the send × outcome cells the probes reached, and the ambient paths taken. */
const compared = new Map<string, number>();
const excluded: string[] = [];
const reached = new Set<string>();
const ambientPaths = new Set<string>();
/** The ambient paths the plain demo's probes took (its travel-payments namespace). */
const demoAmbientPaths = new Set<string>();

/** Well above a world's time (tens of ms; the demo about 1 s), below the config's 30 s; each probe has its own timeouts. */
const WORLD_TIMEOUT_MS = 15_000;

/** Starts the lab on the world, probes every pair `meshlock edges` lists; returns the disagreements. */
async function disagreements(world: LabWorld): Promise<string[]> {
  // Free ports (like `--any-port`), so the test runs beside a lab or anything else on the declared ports.
  const lab = await Lab.start(await world.engine(), { declaredPorts: false });
  try {
    const result = queryEdges(lab.engine, {});
    if ('error' in result) throw new Error(result.error);
    const wrong: string[] = [];
    let probed = 0;
    for (const edge of result.edges) {
      const from = clientName(edge.client);
      const to = `${edge.destination.hostname}:${edge.destination.servicePort.port}`;
      const rule = EXCLUSIONS.find((r) => r.applies(edge));
      if (rule) {
        excluded.push(`${world.name}: ${from} → ${to}: ${rule.name}, ${rule.reason}`);
        continue;
      }
      const endpoint = edge.endpoint.workload;
      const probe = probeResult(await lab.call(from, to, { endpoint: endpoint && `${endpoint.namespace}/${endpoint.name}` }));
      probed++;
      reached.add(`${probe.clientSends} ${probe.outcome}`);
      const path = `${clientDataplane(edge)} → ${edge.decision.waypoint ? 'waypoint → ' : ''}${endpoint?.dataplane ?? 'none'} ${probe.outcome}`;
      if (edge.decision.hbone) ambientPaths.add(path);
      if (world.name === DEMO && (edge.decision.hbone || clientDataplane(edge) === 'ambient')) demoAmbientPaths.add(path);
      if (probe.outcome !== edge.outcome.outcome || probe.clientSends !== edge.decision.sends) {
        wrong.push(
          `${from} → ${to} (${endpoint?.name ?? '?'}): edges says ${edge.decision.sends} → ${edge.serverMode} = ${edge.outcome.outcome}; ` +
            `lab: ${probe.clientSends} = ${probe.outcome} ${probe.error ?? ''} ${probe.responseFlags}`,
        );
      }
    }
    compared.set(world.name, probed);
    return wrong;
  } finally {
    await lab.stop();
  }
}

describe('probe outcome equals `meshlock edges` for every client → service endpoint of every world', () => {
  // One `it` per world by hand: it.each's `$name` would cut the long scenario names short.
  for (const world of WORLDS) {
    it(world.name, async () => expect(await disagreements(world)).toEqual([]), WORLD_TIMEOUT_MS);
  }

  it('probed every world, reached every cell of the matrix, and left out fewer pairs than the bound', () => {
    expect(new Set(WORLDS.map((w) => w.name)).size).toBe(WORLDS.length);
    expect(WORLDS.filter((w) => !(compared.get(w.name) ?? 0)).map((w) => w.name)).toEqual([]);
    for (const cell of ['ISTIO_MUTUAL mtls', 'ISTIO_MUTUAL fail', 'PLAINTEXT plaintext', 'PLAINTEXT fail', 'SIMPLE tls', 'SIMPLE fail', 'MUTUAL tls', 'MUTUAL fail']) {
      expect(reached).toContain(cell);
    }
    expect(excluded.length, excluded.join('\n')).toBeLessThan(EXCLUDED_BELOW);
    // HBONE from each kind of client, and through a waypoint, with the outcome on the wire.
    for (const path of ['ambient → ambient mtls', 'sidecar → ambient mtls', 'ambient → sidecar mtls', 'ambient → waypoint → ambient mtls', 'ambient → waypoint → ambient tls']) {
      expect(ambientPaths).toContain(path);
    }
    // The demo as shipped carries each kind of ambient traffic its call graph has (fixtures/demo/README.md).
    for (const path of ['sidecar → ambient mtls', 'ambient → waypoint → ambient mtls', 'ambient → sidecar mtls']) {
      expect(demoAmbientPaths).toContain(path);
    }
  });
});

function clientDataplane(edge: EdgeResult): string {
  return edge.client.type === 'workload' ? edge.client.workload.dataplane : 'outside';
}
