// The comparison the conformance run prints: a difference in a port's mode or an edge's outcome is reported
// with both answers; worlds from the generator are reproducible from their seed and load without problems.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../core/index.js';
import { parseText } from '../../documents/parse.js';
import { completeWorld } from '../mesh-from-yaml.js';
import { peerAuthentication, workload, world } from '../world-yaml.js';
import { compare, meshlockView, type OracleResult } from './compare.js';
import { randomWorld } from './random-world.js';

const YAML = completeWorld(world(workload('web', 'client'), workload('prod', 'api'), peerAuthentication('prod/default', '{mtls: {mode: STRICT}}')));

/** Istio's answer as the oracle prints it, built from meshlock's own so a test can change one field. */
function agreeingOracle(): OracleResult {
  const view = meshlockView(YAML);
  return {
    id: 'w',
    rejected: [],
    workloads: view.status.workloads.map((w) => ({ ...w, sidecarReason: '', ports: w.ports.map((p) => ({ port: p.port, mode: p.mode })) })),
    edges: view.edges.map((e) => ({ source: e.source, destination: e.destination, clientSends: e.clientSends, serverMode: e.serverMode, outcome: e.outcome, reason: '' })),
  };
}

describe('conformance comparison', () => {
  it('reports nothing when Istio agrees', () => {
    expect(compare(meshlockView(YAML), agreeingOracle())).toEqual([]);
  });

  it("reports a port whose mode differs, with meshlock's and Istio's answer", () => {
    const oracle = agreeingOracle();
    const api = oracle.workloads.find((w) => w.name === 'api');
    if (!api?.ports[0]) throw new Error('the world has prod/api:8080');
    api.ports[0].mode = 'PERMISSIVE';
    expect(compare(meshlockView(YAML), oracle)).toEqual([
      { kind: 'port', subject: 'prod/api:8080', meshlock: 'STRICT (PeerAuthentication/prod/default)', istio: 'PERMISSIVE' },
    ]);
  });

  it('reports an edge whose outcome differs and an edge only one side has', () => {
    const oracle = agreeingOracle();
    const edges = oracle.edges.filter((e) => e.source !== 'outside');
    const first = edges[0];
    if (!first) throw new Error('the world has edges');
    const found = compare(meshlockView(YAML), { ...oracle, edges: [{ ...first, outcome: 'fail' }, ...edges.slice(1)] });
    expect(found.filter((d) => d.kind === 'edge' && d.istio === 'no such edge').length).toBeGreaterThan(0);
    expect(found.some((d) => d.kind === 'edge' && d.istio.startsWith(`${first.clientSends} → ${first.serverMode} → fail`))).toBe(true);
  });

  it('leaves out the objects Istio refuses before judging', () => {
    const withRefused = YAML + '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: api, namespace: prod}\nspec: {host: api, trafficPolicy: {tls: {mode: DISABLE}}}\n';
    const kept = meshlockView(withRefused);
    const left = meshlockView(withRefused, [{ kind: 'DestinationRule', namespace: 'prod', name: 'api', reason: 'refused' }]);
    const toApi = (v: typeof kept) => v.edges.find((e) => e.source === 'web/client' && e.destination.workload === 'api')?.clientSends;
    expect([toApi(kept), toApi(left)]).toEqual(['PLAINTEXT', 'ISTIO_MUTUAL']);
  });
});

describe('random worlds', () => {
  it('are the same for the same seed and differ between seeds', () => {
    expect(randomWorld(7).yaml).toBe(randomWorld(7).yaml);
    expect(randomWorld(7).yaml).not.toBe(randomWorld(8).yaml);
  });

  it('load without problems in meshlock', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { objects, problems } = parseText(randomWorld(seed).yaml, 'world.yaml');
      expect([...problems, ...buildSnapshot(objects, problems).problems], `seed ${seed}`).toEqual([]);
    }
  });
});
