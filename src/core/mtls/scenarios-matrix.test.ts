// Acceptance scenarios for the compatibility matrix (istio-mtls-semantics §4.2): every cell the model can
// express (src/testing/scenarios/matrix-scenarios.ts), as client → api.prod:8080, checked through the
// library and `meshlock edges -o json`.
import { describe, expect, it } from 'vitest';
import { edgesAs, edgesVia, VIAS } from '../../testing/scenario-runner.js';
import { MATRIX_SCENARIOS } from '../../testing/scenarios/matrix-scenarios.js';

describe('compatibility matrix scenarios (§4.2)', () => {
  it.each(MATRIX_SCENARIOS)('$name', async ({ world, want }) => {
    for (const via of VIAS) {
      const edges = edgesAs(await edgesVia(via, { yaml: world }, want.from, want.to), want);
      expect(edges, `via ${via}`).toEqual([want]);
    }
  });
});
