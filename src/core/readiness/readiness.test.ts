// STRICT readiness on the demo: the migration of the seeds (istio-mtls-semantics §5.6, §5.7). travel-agency
// is not ready while the sidecar-less legacy-client calls travels; once legacy joins the mesh (namespace
// label, so its pod gets a sidecar and auto mTLS, §3.2) it is. Predicted failures come from the what-if of
// the generated policy; observed callers from the traffic rows.
import { describe, expect, it } from 'vitest';
import { loadDemo, objectsFromYaml } from '../../testing/demo-mesh.js';
import { strictPolicyYaml } from '../../testing/seed-changes.js';
import { trafficRow, type RowSpec } from '../../testing/traffic-rows.js';
import { buildSnapshot, MtlsEngine, readiness, type ScopeReadiness } from '../index.js';

const WINDOW = 600;
/** The demo's traffic as the lab produces it: legacy-client's plaintext arrives without identity. */
const DEMO_TRAFFIC: RowSpec[] = [
  { from: 'outside', to: 'travel-agency/travels', mtls: false, rate: 0.6, first: 1_000, last: 1_590 },
  { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true, rate: 2 },
  { from: 'travel-agency/travels', to: 'travel-agency/hotels', mtls: true, rate: 2 },
];

function one(engine: MtlsEngine, scope: { namespace: string; workload?: string }, traffic?: RowSpec[]): ScopeReadiness {
  const [result] = readiness(engine, [scope], { traffic: traffic?.map(trafficRow), windowSeconds: WINDOW });
  if (!result || 'error' in result) throw new Error(result?.error ?? 'no result');
  return result;
}

/** The demo with extra or replacing objects, as if edited in its files. */
async function demoWith(yaml: string): Promise<MtlsEngine> {
  const demo = await loadDemo();
  const objects = objectsFromYaml(yaml);
  const replaced = new Set(objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`));
  return new MtlsEngine(buildSnapshot([...demo.snapshot.objects.filter((o) => !replaced.has(`${o.kind}/${o.namespace}/${o.name}`)), ...objects]));
}

const LEGACY_IN_MESH = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: legacy, labels: {istio-injection: enabled}}\n';
const workload = (r: ScopeReadiness, name: string) => r.workloads.find((w) => w.name === name);

describe('STRICT readiness of travel-agency', () => {
  it('with telemetry: not ready, the caller without identity sent plaintext to travels; legacy-client is predicted to fail there with that rate', async () => {
    const r = one(await loadDemo(), { namespace: 'travel-agency' }, DEMO_TRAFFIC);
    expect(r.verdict).toBe('not-ready');
    expect(r.telemetry).toBe(true);
    const travels = workload(r, 'travels');
    expect(travels?.verdict).toBe('not-ready');
    expect(travels?.observed).toEqual([{ source: 'outside', requestRate: 0.6, firstSeenSeconds: 1_000, lastSeenSeconds: 1_590, blocking: true }]);
    const predicted = travels?.ports[0]?.predicted ?? [];
    expect(predicted.map((p) => [p.source, p.cause, p.requestRate, p.blocking])).toEqual([
      ['legacy/legacy-client', 'no-sidecar', 0.6, true],
      ['outside', 'outside', 0.6, false],
    ]);
    expect(travels?.ports[0]).toMatchObject({ port: 8000, mode: 'PERMISSIVE', modeAfter: 'STRICT', decidedByAfter: 'PeerAuthentication/travel-agency/default' });
    // legacy-client would fail on hotels too, but never called it in the window: not blocking.
    expect(workload(r, 'hotels')?.verdict).toBe('ready');
    expect(workload(r, 'hotels')?.ports[0]?.predicted.find((p) => p.source === 'legacy/legacy-client')).toMatchObject({ requestRate: 0, blocking: false });
    expect(r.reasons[0]).toBe('2 callers would be refused: legacy/legacy-client, callers without identity');
    expect(r.summary).toEqual({ observedCallers: 1, observedRequestRate: 0.6, predictedFailures: 14, blocking: 2 });
    expect(r.policy).toEqual({
      ref: 'PeerAuthentication/travel-agency/default',
      replaces: null,
      yaml: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: travel-agency\nspec:\n  mtls:\n    mode: STRICT\n',
    });
  });

  it('without telemetry: not ready, since nothing says legacy-client does not call; outside callers never block', async () => {
    const r = one(await loadDemo(), { namespace: 'travel-agency' });
    expect(r.verdict).toBe('not-ready');
    expect(r.workloads.every((w) => w.verdict === 'not-ready' && w.observed.length === 0)).toBe(true);
    expect(r.summary).toEqual({ observedCallers: 0, observedRequestRate: null, predictedFailures: 14, blocking: 7 });
  });

  it('once legacy is in the mesh and only mTLS is observed: ready, with or without telemetry', async () => {
    const engine = await demoWith(LEGACY_IN_MESH);
    const mtlsOnly = [{ from: 'legacy/legacy-client', to: 'travel-agency/travels', mtls: true, rate: 0.6 }, ...DEMO_TRAFFIC.slice(1)];
    for (const r of [one(engine, { namespace: 'travel-agency' }, mtlsOnly), one(engine, { namespace: 'travel-agency' })]) {
      expect(r.verdict).toBe('ready');
      expect(r.summary.blocking).toBe(0);
      // Only the callers outside the mesh are refused.
      expect(new Set(r.workloads.flatMap((w) => w.ports.flatMap((p) => p.predicted.map((f) => f.source))))).toEqual(new Set(['outside']));
    }
    expect(one(engine, { namespace: 'travel-agency' }, mtlsOnly).reasons).toEqual([
      'no caller sent traffic without mTLS in the last 10m, and every in-mesh caller that sent traffic uses Istio mTLS',
      'callers outside the mesh will be refused on 7 ports, which is what STRICT is for',
    ]);
    // A window asked to end at a given time (--end) is named by its end, not as the last minutes.
    const [ended] = readiness(engine, [{ namespace: 'travel-agency' }], { traffic: mtlsOnly.map(trafficRow), windowSeconds: WINDOW, endSeconds: 1_796_573_550 });
    expect(ended && 'reasons' in ended ? ended.reasons[0] : undefined).toBe(
      'no caller sent traffic without mTLS in the 10m ending 2026-12-06T16:12:30Z, and every in-mesh caller that sent traffic uses Istio mTLS',
    );
  });

  it('an in-mesh caller whose DestinationRule disables TLS blocks (client configuration), with the rule named', async () => {
    const engine = await demoWith(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: no-tls, namespace: travel-portal}
spec: {host: travels.travel-agency.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}
---
${LEGACY_IN_MESH}`);
    const r = one(engine, { namespace: 'travel-agency' });
    const blocking = workload(r, 'travels')?.ports[0]?.predicted.filter((p) => p.blocking) ?? [];
    expect(blocking.map((p) => [p.source, p.cause, p.clientSends, p.decidedBy])).toEqual([
      ['travel-portal/travels', 'client-config', 'PLAINTEXT', 'DestinationRule/travel-portal/no-tls'],
      ['travel-portal/viaggi', 'client-config', 'PLAINTEXT', 'DestinationRule/travel-portal/no-tls'],
      ['travel-portal/voyages', 'client-config', 'PLAINTEXT', 'DestinationRule/travel-portal/no-tls'],
    ]);
    expect(r.verdict).toBe('not-ready');
  });

  it('a workload policy that keeps a port PERMISSIVE is named; the workload scope makes that policy STRICT instead of adding one', async () => {
    const engine = await demoWith(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: hotels-open, namespace: travel-agency}
spec: {selector: {matchLabels: {app: hotels}}, mtls: {mode: PERMISSIVE}}
---
${LEGACY_IN_MESH}`);
    const namespace = one(engine, { namespace: 'travel-agency' });
    expect(workload(namespace, 'hotels')?.reasons).toEqual(['port 8000 stays PERMISSIVE, decided by PeerAuthentication/travel-agency/hotels-open']);
    const hotels = one(engine, { namespace: 'travel-agency', workload: 'hotels' });
    expect(hotels.workloads.map((w) => w.name)).toEqual(['hotels']);
    expect(hotels.policy.replaces).toBe('PeerAuthentication/travel-agency/hotels-open');
    expect(hotels.policy.yaml).toContain('  selector:\n    matchLabels:\n      app: hotels\n  mtls:\n    mode: STRICT\n');
    expect(hotels.workloads[0]?.ports[0]?.modeAfter).toBe('STRICT');
  });

  it('one workload: a new selector policy on its app label; hotels is ready while travels is not', async () => {
    const engine = await loadDemo();
    const hotels = one(engine, { namespace: 'travel-agency', workload: 'hotels' }, DEMO_TRAFFIC);
    expect(hotels.verdict).toBe('ready');
    expect(hotels.policy.ref).toBe('PeerAuthentication/travel-agency/hotels-strict');
    expect(one(engine, { namespace: 'travel-agency', workload: 'travels' }, DEMO_TRAFFIC).verdict).toBe('not-ready');
  });

  it('already STRICT: ready, and said so; trying leaves the engine as it was', async () => {
    const engine = await demoWith(strictPolicyYaml('travel-agency'));
    const r = one(engine, { namespace: 'travel-agency' }, DEMO_TRAFFIC.slice(1));
    expect(r.verdict).toBe('ready');
    expect(r.reasons[0]).toBe('every sidecar port is already STRICT');
    expect(r.policy.replaces).toBe('PeerAuthentication/travel-agency/default');
  });

  it('the root namespace is mesh-wide; unknown scopes are errors; scopes are tried one by one on one engine', async () => {
    const engine = await loadDemo();
    const results = readiness(engine, [{ namespace: 'istio-system' }, { namespace: 'nope' }, { namespace: 'travel-agency', workload: 'nope' }, { namespace: 'travel-portal' }], { windowSeconds: WINDOW });
    const [mesh, noNamespace, noWorkload, portal] = results;
    expect(mesh && 'meshWide' in mesh && mesh.meshWide).toBe(true);
    expect(mesh && 'workloads' in mesh && mesh.workloads.length).toBe(engine.snapshot.workloads.length);
    expect(noNamespace).toEqual({ error: 'no namespace nope' });
    expect(noWorkload).toEqual({ error: 'no workload travel-agency/nope' });
    // travel-portal's answer is not polluted by the mesh-wide try before it.
    expect(portal && 'workloads' in portal && portal.workloads.map((w) => w.ports[0]?.mode)).toEqual(['PERMISSIVE', 'PERMISSIVE', 'PERMISSIVE']);
    expect(engine.namespace('travel-agency').mode).toBe('PERMISSIVE');
  });
});
