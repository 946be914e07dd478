// Acceptance scenarios for ambient mode (src/testing/scenarios/ambient-scenarios.ts): each workload's data plane
// and waypoint, the mode ztunnel enforces, what every kind of client sends to every kind of server, and the
// locks — checked through the library and `meshlock status|edges -o json`.
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../index.js';
import { edgesAs, edgesVia, rollupOf, statusVia, VIAS } from '../../testing/scenario-runner.js';
import { AMBIENT_EDGE_SCENARIOS, AMBIENT_ROLLUP_SCENARIOS, AMBIENT_WORKLOAD_SCENARIOS, type DataplaneExpectation } from '../../testing/scenarios/ambient-scenarios.js';

function dataplaneOf(report: StatusReport, want: DataplaneExpectation): DataplaneExpectation | undefined {
  const row = report.workloads.find((w) => `${w.namespace}/${w.name}` === want.workload);
  const port = row?.ports.find((p) => p.port === want.port);
  return row && port ? { workload: want.workload, dataplane: row.dataplane, waypoint: row.waypoint, port: port.port, mode: port.mode, decidedBy: port.decidedBy } : undefined;
}

describe('ambient scenarios: data plane, waypoint and the mode ztunnel enforces', () => {
  it.each(AMBIENT_WORKLOAD_SCENARIOS)('$name', async ({ world, want }) => {
    for (const via of VIAS) expect(dataplaneOf(await statusVia(via, { yaml: world }), want), `via ${via}`).toEqual(want);
  });
});

describe('ambient scenarios: what each kind of client sends to each kind of server', () => {
  it.each(AMBIENT_EDGE_SCENARIOS)('$name', async ({ world, want }) => {
    for (const via of VIAS) expect(edgesAs(await edgesVia(via, { yaml: world }, want.from, want.to), want), `via ${via}`).toEqual([want]);
  });
});

describe('ambient scenarios: namespace locks', () => {
  it.each(AMBIENT_ROLLUP_SCENARIOS)('$name', async ({ world, want }) => {
    for (const via of VIAS) expect(rollupOf(await statusVia(via, { yaml: world }), want), `via ${via}`).toEqual(want);
  });
});
