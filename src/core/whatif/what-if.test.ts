// What-if on the built-in demo: the engine run with and without a change, and only the edges whose outcome
// differs, weighted by observed traffic (istio-mtls-semantics §4.2 for outcomes, §5.7 for callers without
// identity). The seed 001 change is worked out from the engine's rules: auto mTLS off makes every sidecar
// client send plaintext (§3.4) except where the namespace-wide ISTIO_MUTUAL rule for travel-agency applies.
import { hasSidecar } from '../model/dataplane.js';
import { describe, expect, it } from 'vitest';
import { loadDemo, objectsFromYaml } from '../../testing/demo-mesh.js';
import { meshFromYaml } from '../../testing/mesh-from-yaml.js';
import { SEED_001_CHANGE as SEED_001, strictPolicyYaml } from '../../testing/seed-changes.js';
import { trafficRow } from '../../testing/traffic-rows.js';
import { changesFromObjects, clientName, engineWith, whatIf, type Change, type EdgeChange, type MtlsEngine, type WhatIfResult } from '../index.js';
import type { Client } from '../mtls/client-decision.js';
import { changedEdges } from './what-if.js';

const TRAVEL_AGENCY = ['travels', 'hotels', 'cars', 'flights', 'insurances', 'discounts', 'mysqldb'];

function run(engine: MtlsEngine, yaml: string, traffic?: Parameters<typeof trafficRow>[0][]): WhatIfResult {
  const result = whatIf(engine, changesFromObjects(objectsFromYaml(yaml)), traffic ? { traffic: traffic.map(trafficRow) } : {});
  if ('error' in result) throw new Error(result.error);
  return result;
}

const line = (c: EdgeChange) => `${c.source} → ${c.destination.host}:${c.destination.port} ${c.before}→${c.after}`;
const host = (name: string, namespace: string, port = name === 'mysqldb' ? 3306 : name === 'control' ? 8080 : 8000) => `${name}.${namespace}.svc.cluster.local:${port}`;

describe('what-if on the demo', () => {
  it('STRICT for travel-agency: plaintext callers (outside, the sidecar-less legacy-client) start failing on every port, nothing else changes', async () => {
    const result = run(await loadDemo(), strictPolicyYaml('travel-agency'));
    const expected = ['legacy/legacy-client', 'outside'].flatMap((source) => TRAVEL_AGENCY.map((name) => `${source} → ${host(name, 'travel-agency')} plaintext→fail`));
    expect(result.changed.map(line).sort()).toEqual(expected.sort());
    expect(result.changed.every((c) => c.requestRate === null && c.observedAs === null)).toBe(true);
    expect(result.summary).toMatchObject({ changed: 14, failing: 14, failingObserved: 0, failingRequestRate: null, fixed: 0 });
    // No telemetry: any edge that starts failing counts.
    expect(result.breaks).toBe(true);
  });

  it('weights by observed traffic: the caller without identity is the legacy-client edge and the outside edge, counted once in the total', async () => {
    const result = run(await loadDemo(), strictPolicyYaml('travel-agency'), [
      { from: 'outside', to: 'travel-agency/travels', mtls: false, rate: 0.5 },
      { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true, rate: 2 },
    ]);
    const travels = result.changed.filter((c) => c.destination.workload === 'travels');
    expect(travels.map((c) => [c.source, c.requestRate, c.observedAs])).toEqual([
      ['legacy/legacy-client', 0.5, 'outside'],
      ['outside', 0.5, 'outside'],
    ]);
    // Sorted: failing edges with traffic first.
    expect(result.changed.slice(0, 2)).toEqual(travels);
    expect(result.changed.filter((c) => c.destination.workload !== 'travels').every((c) => c.requestRate === 0)).toBe(true);
    expect(result.summary).toMatchObject({ failing: 14, failingObserved: 2, failingRequestRate: 0.5 });
    expect(result.breaks).toBe(true);
  });

  it('STRICT for travel-portal breaks no observed traffic (only control calls it, with mTLS), yet breaks without telemetry', async () => {
    const engine = await loadDemo();
    const observed = run(engine, strictPolicyYaml('travel-portal'), [{ from: 'travel-control/control', to: 'travel-portal/voyages', mtls: true, rate: 1 }]);
    expect(observed.summary).toMatchObject({ failing: 6, failingObserved: 0, failingRequestRate: 0 });
    expect(observed.breaks).toBe(false);
    expect(run(engine, strictPolicyYaml('travel-portal')).breaks).toBe(true);
  });

  it('seed 001 (auto mTLS off + ISTIO_MUTUAL for *.travel-agency): exactly the sidecar calls to travel-portal and travel-control drop to plaintext; nothing fails', async () => {
    const engine = await loadDemo();
    const result = run(engine, SEED_001);
    const sidecarClients = engine.snapshot.workloads.filter((w) => hasSidecar(w)).map((w) => `${w.namespace}/${w.name}`);
    const others = [...['travels', 'voyages', 'viaggi'].map((n) => ({ n, ns: 'travel-portal' })), { n: 'control', ns: 'travel-control' }];
    const expected = sidecarClients.flatMap((client) => others.filter(({ n, ns }) => client !== `${ns}/${n}`).map(({ n, ns }) => `${client} → ${host(n, ns)} mtls→plaintext`));
    expect(expected).toHaveLength(40);
    expect(result.changed.map(line).sort()).toEqual(expected.sort());
    expect(result.summary).toMatchObject({ changed: 40, failing: 0 });
    expect(result.breaks).toBe(false);
  });

  it('seed 001 then the STRICT policy of the lab: the plaintext callers of travel-agency fail as well', async () => {
    const result = run(await loadDemo(), `${SEED_001}---\n${strictPolicyYaml('travel-agency')}`);
    expect(result.summary).toMatchObject({ changed: 54, failing: 14 });
    expect(result.breaks).toBe(true);
  });

  it('the delete annotation removes an object: deleting the STRICT policy stops the failures', () => {
    const engine = meshFromYaml(`${strictPolicyYaml('a')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: server, namespace: a}
spec: {template: {metadata: {labels: {app: server}}, spec: {containers: [{name: s, ports: [{containerPort: 80}]}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: server, namespace: a}
spec: {selector: {app: server}, ports: [{name: http, port: 80}]}
`);
    const result = run(engine, strictPolicyYaml('a').replace('metadata:\n', 'metadata:\n  annotations:\n    meshlock.io/delete: "true"\n'));
    expect(result.changed.map(line)).toEqual(['outside → server.a.svc.cluster.local:80 fail→plaintext']);
    expect(result.summary).toMatchObject({ fixed: 1, failing: 0 });
    expect(result.breaks).toBe(false);
  });

  it('a DestinationRule with a workloadSelector changes the selected caller only, not its namespace neighbours (§2.6)', async () => {
    const result = run(
      await loadDemo(),
      `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: voyages-off, namespace: travel-portal}\nspec: {host: travels.travel-agency.svc.cluster.local, workloadSelector: {matchLabels: {app: voyages}}, trafficPolicy: {tls: {mode: DISABLE}}}\n`,
    );
    expect(result.changed.map(line)).toEqual(['travel-portal/voyages → travels.travel-agency.svc.cluster.local:8000 mtls→plaintext']);
  });

  it.each([
    { name: 'namespace PeerAuthentication', yaml: strictPolicyYaml('travel-portal') },
    { name: 'DestinationRule DISABLE for one host', yaml: `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: off, namespace: travel-portal}\nspec: {host: travels.travel-agency.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}\n` },
    { name: 'workload PeerAuthentication DISABLE', yaml: `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: hotels, namespace: travel-agency}\nspec: {selector: {matchLabels: {app: hotels}}, mtls: {mode: DISABLE}}\n` },
  ])('narrowing to the destinations a $name can touch finds what comparing every edge finds', async ({ yaml }) => {
    const engine = await loadDemo();
    const narrowed = run(engine, yaml);
    const everything = changedEdges(engine, engineWith(engine, changesFromObjects(objectsFromYaml(yaml))), undefined);
    if ('error' in everything) throw new Error(everything.error);
    expect(narrowed.changed).toHaveLength(everything.edges.length);
    expect(narrowed.changed.length).toBeGreaterThan(0);
  });

  it.each([
    { name: 'STRICT for travel-agency', yaml: strictPolicyYaml('travel-agency') },
    { name: 'seed 001', yaml: SEED_001 },
    { name: 'a DestinationRule with a workloadSelector', yaml: `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: voyages-off, namespace: travel-portal}\nspec: {host: travels.travel-agency.svc.cluster.local, workloadSelector: {matchLabels: {app: voyages}}, trafficPolicy: {tls: {mode: DISABLE}}}\n` },
    { name: 'STRICT for every namespace', yaml: strictPolicyYaml('istio-system') },
  ])('$name: deciding once per class of callers lists exactly the edges that deciding every caller alone lists', async ({ yaml }) => {
    const engine = await loadDemo();
    const changes = changesFromObjects(objectsFromYaml(yaml));
    const found = changedEdges(engine, engineWith(engine, changes), undefined);
    if ('error' in found) throw new Error(found.error);
    const lines = found.edges.map((c) => `${clientName(c.edge.client)} → ${c.edge.destination.hostname}:${c.edge.destination.servicePort.port} ${c.edge.endpoint.workload?.name} ${c.before}→${c.edge.outcome.outcome}`);
    expect(lines.sort()).toEqual(everyCallerAlone(engine, changes).sort());
    expect(lines.length).toBeGreaterThan(0);
  });

  it('an ambient caller and a caller without data plane are told apart, whichever is read first', () => {
    const engine = meshFromYaml(`apiVersion: v1
kind: Namespace
metadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Namespace
metadata: {name: plain}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tunnelled, namespace: amb}
spec: {template: {metadata: {labels: {app: tunnelled}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: bare, namespace: plain}
spec: {template: {metadata: {labels: {app: bare}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: server, namespace: shop}
spec: {template: {metadata: {labels: {app: server}}, spec: {containers: [{name: s, ports: [{containerPort: 80}]}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: server, namespace: shop}
spec: {selector: {app: server}, ports: [{name: http, port: 80}]}
`);
    const result = run(engine, strictPolicyYaml('shop'));
    expect(result.changed.map(line).sort()).toEqual(['outside → server.shop.svc.cluster.local:80 plaintext→fail', 'plain/bare → server.shop.svc.cluster.local:80 plaintext→fail']);
  });

  it('refuses a change that touches more edges than the limit, with a message', async () => {
    expect(whatIf(await loadDemo(), changesFromObjects(objectsFromYaml(SEED_001)), { limit: 10 })).toEqual({ error: expect.stringMatching(/^the change touches \d+ edges, more than 10/) });
  });
});

/** The changed edges found the slow way: every caller, every endpoint, decided on both sides. */
function everyCallerAlone(before: MtlsEngine, changes: readonly Change[]): string[] {
  const after = engineWith(before, changes);
  const outcomes = (engine: MtlsEngine) => {
    const clients: Client[] = [{ type: 'outside' }, ...engine.snapshot.workloads.map((workload): Client => ({ type: 'workload', workload }))];
    const found = new Map<string, string>();
    for (const target of engine.services.all()) {
      for (const destination of engine.services.destinations(target.hostname, target.object)) {
        for (const endpoint of destination.endpoints) {
          for (const client of clients) {
            if (client.type === 'workload' && client.workload === endpoint.workload) continue;
            found.set(`${clientName(client)} → ${destination.hostname}:${destination.servicePort.port} ${endpoint.workload?.name}`, engine.edge(client, destination, endpoint).outcome.outcome);
          }
        }
      }
    }
    return found;
  };
  const then = outcomes(before);
  return [...outcomes(after)].filter(([edge, outcome]) => then.has(edge) && then.get(edge) !== outcome).map(([edge, outcome]) => `${edge} ${then.get(edge)}→${outcome}`);
}
