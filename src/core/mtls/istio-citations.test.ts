// `meshlock explain` names, for every step, the Istio function that implements the rule, so a reader can
// check the step against Istio's source (istio-source.ts; the commit is pinned in conformance/README.md).
import { describe, expect, it } from 'vitest';
import { cliTextOnWorld } from '../../testing/cli-text-on-world.js';
import { destinationRule, peerAuthentication, workload, world } from '../../testing/world-yaml.js';
import { ISTIO } from './istio-source.js';

const WORLD = world(
  workload('web', 'client'),
  workload('prod', 'api'),
  workload('legacy', 'old', { sidecar: false }),
  peerAuthentication('prod/default', '{mtls: {mode: STRICT}}'),
  peerAuthentication('prod/api', '{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: PERMISSIVE}}}'),
  destinationRule('prod/api', '{host: api, trafficPolicy: {portLevelSettings: [{port: {number: 8080}, tls: {mode: ISTIO_MUTUAL}}]}}'),
);

/** The step lines ("    - …") of `meshlock explain …`. */
async function explain(args: string[]): Promise<string[]> {
  const text = await cliTextOnWorld(['explain', ...args], WORLD);
  return text.split('\n').filter((line) => line.trimStart().startsWith('- '));
}

describe('explain cites Istio for every step', () => {
  it('explain workload: every step of every port names its Istio file and function', async () => {
    const steps = await explain(['workload', 'prod/api']);
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps) expect(step).toMatch(/\[Istio: \S+\.go \S+\]$/);
    expect(steps.join('\n')).toContain(ISTIO.composePolicies);
  });

  it('explain edge: client and server steps name Istio functions (DR lookup, port-level TLS, inbound chains)', async () => {
    const steps = await explain(['edge', '--from', 'web/client', '--to', 'api.prod.svc.cluster.local:8080']);
    for (const step of steps) expect(step).toMatch(/\[Istio: \S+\.go \S+\]$/);
    const text = steps.join('\n');
    for (const source of [ISTIO.destinationRuleLookup, ISTIO.upstreamTlsSettings, ISTIO.composePolicies, ISTIO.inboundChains]) expect(text).toContain(source);
  });

  it('explain edge from a workload without sidecar cites the injector', async () => {
    const steps = await explain(['edge', '--from', 'legacy/old', '--to', 'api.prod.svc.cluster.local:8080']);
    expect(steps.join('\n')).toContain(ISTIO.injectRequired);
  });
});
