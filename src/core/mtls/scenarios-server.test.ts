// Acceptance scenarios, server side: the mode a sidecar enforces on each workload port and the object that
// decided it (istio-mtls-semantics §1.2–1.5), and the namespace/mesh roll-ups built on those modes.
// Each scenario (src/testing/scenarios/server-scenarios.ts) is checked through the library and through
// `meshlock status -o json`.
import { describe, expect, it } from 'vitest';
import { portOf, rollupOf, statusVia, VIAS } from '../../testing/scenario-runner.js';
import { ROLLUP_SCENARIOS, SERVER_SCENARIOS } from '../../testing/scenarios/server-scenarios.js';

describe('server scenarios (§1): mode and decidedBy per workload port', () => {
  it.each(SERVER_SCENARIOS)('$name', async ({ world, options, want }) => {
    for (const via of VIAS) {
      expect(portOf(await statusVia(via, { yaml: world, options }), want.workload, want.port), `via ${via}`).toEqual(want);
    }
  });
});

describe('roll-up scenarios: namespace and mesh mode, lock, Kiali status', () => {
  it.each(ROLLUP_SCENARIOS)('$name', async ({ world, options, want }) => {
    for (const via of VIAS) {
      expect(rollupOf(await statusVia(via, { yaml: world, options }), want), `via ${via}`).toEqual(want);
    }
  });
});
