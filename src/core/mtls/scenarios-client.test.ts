// Acceptance scenarios, client side: which DestinationRule a client uses and what it sends (istio-mtls-semantics
// §2.2–2.7), the auto mTLS decision (§3.2–3.4), and the edge outcome that follows. Each scenario
// (src/testing/scenarios/client-scenarios.ts) is checked through the library and through
// `meshlock edges --from X --to Y -o json`.
import { describe, expect, it } from 'vitest';
import { edgesAs, edgesVia, VIAS, type EdgeExpectation } from '../../testing/scenario-runner.js';
import { AUTO_MTLS_SCENARIOS, DESTINATION_RULE_SCENARIOS } from '../../testing/scenarios/client-scenarios.js';
import type { Scenario } from '../../testing/scenarios/scenario.js';

async function expectEdge({ world, options, want }: Scenario<EdgeExpectation>): Promise<void> {
  for (const via of VIAS) {
    const edges = edgesAs(await edgesVia(via, { yaml: world, options }, want.from, want.to), want);
    expect(edges.length, `via ${via}: edges to ${want.to}`).toBeGreaterThan(0);
    expect(edges, `via ${via}`).toEqual(edges.map(() => want));
  }
}

describe('DestinationRule scenarios (§2.2–2.7)', () => {
  it.each(DESTINATION_RULE_SCENARIOS)('$name', expectEdge);
});

describe('auto mTLS scenarios (§3.2–3.4)', () => {
  it.each(AUTO_MTLS_SCENARIOS)('$name', expectEdge);
});
