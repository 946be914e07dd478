// The lab against the engine: the demo with and without STRICT, a DestinationRule that breaks an edge, and
// for small worlds covering the compatibility matrix (istio-mtls-semantics §4.2) every client → service
// endpoint probed through real handshakes must end as `meshlock edges` predicts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot, MtlsEngine, queryEdges } from '../core/index.js';
import { packageRoot } from '../cli/source.js';
import { FileSource } from '../sources/files/file-source.js';
import { LiveMesh } from '../sources/live-mesh.js';
import { startDemoLab } from '../testing/demo-lab.js';
import { loadDemo } from '../testing/demo-mesh.js';
import { completeWorld, type MeshFromYamlOptions } from '../testing/mesh-from-yaml.js';
import { destinationRule as dr, peerAuthentication as pa, workload, world } from '../testing/world-yaml.js';
import { parseText } from '../documents/parse.js';
import { Lab } from './lab.js';
import { probeResult } from './probe.js';
import { startLabSession, type LabSession } from './session.js';
import { readCallGraph, type CallGraphEdge } from './traffic.js';

const STRICT_TRAVEL_AGENCY = pa('travel-agency/default', '{mtls: {mode: STRICT}}');
const TRAVELS = 'travels.travel-agency.svc.cluster.local:8000';

function engineOf(yaml: string, options?: MeshFromYamlOptions): MtlsEngine {
  const { objects, problems } = parseText(completeWorld(yaml, options), 'world.yaml');
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  return new MtlsEngine(buildSnapshot(objects));
}

/** Outcomes the probes of all worlds produced, to check that the worlds cover the whole matrix. */
const seenOutcomes = new Set<string>();

/** Every edge `meshlock edges` lists (optionally only those in `edges`), probed; returns the disagreements. */
async function disagreements(lab: Lab, only?: readonly CallGraphEdge[]): Promise<string[]> {
  const result = queryEdges(lab.engine, {});
  if ('error' in result) throw new Error(result.error);
  const wrong: string[] = [];
  for (const edge of result.edges) {
    const from = edge.client.type === 'outside' ? 'outside' : `${edge.client.workload.namespace}/${edge.client.workload.name}`;
    const to = `${edge.destination.hostname}:${edge.destination.servicePort.port}`;
    const endpoint = edge.endpoint.workload;
    if (!endpoint || (only && !only.some((e) => e.from === from && e.to === to))) continue;
    const probe = probeResult(await lab.call(from, to, { endpoint: `${endpoint.namespace}/${endpoint.name}` }));
    seenOutcomes.add(`${probe.clientSends} ${probe.outcome}`);
    if (probe.outcome !== edge.outcome.outcome || probe.clientSends !== edge.decision.sends) {
      wrong.push(`${from} → ${to} (${endpoint.name}): edges says ${edge.decision.sends} → ${edge.serverMode} = ${edge.outcome.outcome}; lab: ${probe.clientSends} = ${probe.outcome} ${probe.error ?? ''}`);
    }
  }
  return wrong;
}

describe('the demo mesh, changed through the lab API door', () => {
  let session: LabSession;
  let lab: Lab;
  let graph: CallGraphEdge[];

  beforeAll(async () => {
    session = await startDemoLab({ ratePerSecond: 0 });
    lab = session.lab;
    graph = await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json'));
  });
  afterAll(() => session.stop());

  it('listens only on loopback, one address per workload', () => {
    const listeners = lab.listenerInfo();
    // 11 sidecar workloads, legacy-client and travel-payments' two ambient ones.
    expect(listeners.length).toBe(14);
    for (const l of listeners) expect(l.address).toMatch(/^127\./);
    expect(new Set(lab.workloads().map((w) => w.address)).size).toBe(lab.workloads().length);
  });

  it('without PeerAuthentication: sidecar-to-sidecar edges use mTLS, the sidecar-less caller plaintext', async () => {
    for (const edge of graph) {
      const probe = probeResult(await lab.call(edge.from, edge.to));
      expect({ edge, ok: probe.ok, outcome: probe.outcome }).toEqual({ edge, ok: true, outcome: edge.from === 'legacy/legacy-client' ? 'plaintext' : 'mtls' });
    }
    const byPolicy = lab.telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', destination_workload: 'travels', destination_workload_namespace: 'travel-agency' }, by: ['source_workload', 'connection_security_policy'] });
    expect(byPolicy).toContainEqual({ labels: { source_workload: 'voyages', connection_security_policy: 'mutual_tls' }, value: 1 });
    // A client without sidecar exchanges no metadata: the server only sees plaintext from `unknown`.
    expect(byPolicy).toContainEqual({ labels: { source_workload: 'unknown', connection_security_policy: 'none' }, value: 1 });
    expect(await disagreements(lab, graph)).toEqual([]);
  });

  it('STRICT on travel-agency: outside is reset, mesh edges still work, the sidecar-less caller fails', async () => {
    await session.apply(STRICT_TRAVEL_AGENCY);
    const outside = probeResult(await lab.call('outside', TRAVELS));
    expect(outside).toMatchObject({ ok: false, status: null, error: 'connection reset by peer', mtls: false, outcome: 'fail' });
    const db = probeResult(await lab.call('outside', 'mysqldb.travel-agency.svc.cluster.local:3306'));
    expect(db).toMatchObject({ ok: false, error: 'connection reset by peer' });

    const plaintextBefore = lab.telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', connection_security_policy: 'none' } })[0]?.value ?? 0;
    for (const edge of graph) {
      const probe = probeResult(await lab.call(edge.from, edge.to));
      if (edge.from === 'legacy/legacy-client') expect(probe).toMatchObject({ ok: false, error: 'connection reset by peer', outcome: 'fail' });
      else expect({ edge, outcome: probe.outcome }).toEqual({ edge, outcome: 'mtls' });
    }
    // The rejected plaintext never reached the server's stats (§5.4).
    expect(lab.telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', connection_security_policy: 'none' } })[0]?.value ?? 0).toBe(plaintextBefore);
    expect(await disagreements(lab, graph)).toEqual([]);
  });

  it('a sidecar client sending plaintext to STRICT gets a local 503 UC, reported client-side only', async () => {
    await session.apply(dr('travel-portal/travels-plain', '{host: travels.travel-agency.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}'));
    const probe = probeResult(await lab.call('travel-portal/voyages', TRAVELS));
    expect(probe).toMatchObject({ ok: false, status: 503, responseFlags: 'UC', clientSends: 'PLAINTEXT', outcome: 'fail' });
    expect(probe.error).toMatch(/^upstream connect error or disconnect\/reset before headers\. reset reason: connection termination/);
    const sourceSide = lab.telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'source', source_workload: 'voyages', response_code: '503' }, by: ['response_flags', 'connection_security_policy'] });
    expect(sourceSide).toEqual([{ labels: { response_flags: 'UC', connection_security_policy: 'unknown' }, value: 1 }]);
    expect(await disagreements(lab, graph)).toEqual([]);
    await session.remove({ kind: 'DestinationRule', namespace: 'travel-portal', name: 'travels-plain' });
  });

  it('DestinationRule ISTIO_MUTUAL towards the destination without sidecar: 503 UF', async () => {
    await session.apply(dr('legacy/legacy-client', '{host: legacy-client.legacy.svc.cluster.local, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}'));
    const probe = probeResult(await lab.call('travel-agency/travels', 'legacy-client.legacy.svc.cluster.local:8080'));
    expect(probe).toMatchObject({ ok: false, status: 503, responseFlags: 'UF', clientSends: 'ISTIO_MUTUAL', outcome: 'fail' });
    expect(probe.error).toContain('TLS error');
    expect(await disagreements(lab)).toEqual([]);
  });

  it('deleting the PeerAuthentication lets plaintext in again on the next connection', async () => {
    expect(await session.remove({ kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' })).toBe(true);
    expect(probeResult(await lab.call('outside', TRAVELS))).toMatchObject({ ok: true, status: 200, outcome: 'plaintext' });
  });
});

// Small worlds whose edges cover every cell of the matrix the lab can run: each client (outside, with and
// without sidecar) to STRICT, PERMISSIVE, DISABLE and sidecar-less ports, HTTP and TCP, with and without
// DestinationRule TLS, auto mTLS on and off.
const SERVERS = [
  workload('prod', 'strict-api'),
  workload('prod', 'open-api'),
  workload('prod', 'off-api', { port: 80, targetPort: 8080 }),
  workload('prod', 'legacy', { sidecar: false }),
  workload('prod', 'db', { port: 5432, portName: 'tcp-db' }),
  workload('prod', 'raw', { port: 9000, portName: 'tcp' }),
  workload('prod', 'plain-db', { port: 5433, portName: 'tcp', sidecar: false }),
  pa('prod/strict-api', '{selector: {matchLabels: {app: strict-api}}, mtls: {mode: STRICT}}'),
  pa('prod/off-api', '{selector: {matchLabels: {app: off-api}}, mtls: {mode: DISABLE}}'),
];
const CLIENTS = [workload('web', 'client'), workload('web', 'bare', { sidecar: false })];

const WORLDS: { name: string; yaml: string; options?: MeshFromYamlOptions }[] = [
  { name: 'server modes with auto mTLS', yaml: world(...SERVERS, ...CLIENTS) },
  {
    name: 'DestinationRule TLS modes',
    yaml: world(
      ...SERVERS,
      ...CLIENTS,
      dr('web/to-strict', '{host: strict-api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}'),
      dr('web/to-legacy', '{host: legacy.prod.svc.cluster.local, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}'),
      dr('web/to-off', '{host: off-api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}'),
      dr('web/to-db', '{host: db.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}'),
      dr('web/to-raw', '{host: raw.prod.svc.cluster.local, trafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /etc/certs/client.pem, privateKey: /etc/certs/key.pem}}}'),
      dr('web/to-open', '{host: open-api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}'),
      dr('web/to-plain-db', '{host: plain-db.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}'),
    ),
  },
  {
    name: 'TLS origination towards STRICT, DISABLE and TCP ports',
    yaml: world(
      ...SERVERS,
      ...CLIENTS,
      dr('web/tls-strict', '{host: strict-api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /etc/certs/client.pem, privateKey: /etc/certs/key.pem}}}'),
      dr('web/tls-off', '{host: off-api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}'),
      dr('web/tls-db', '{host: db.prod.svc.cluster.local, trafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /etc/certs/client.pem, privateKey: /etc/certs/key.pem}}}'),
    ),
  },
  { name: 'auto mTLS off', yaml: world(...SERVERS, ...CLIENTS), options: { autoMtls: false } },
  {
    name: 'namespace DISABLE under a STRICT workload, port-level STRICT',
    yaml: world(
      workload('shop', 'cart'),
      workload('shop', 'pay', { port: 8443, targetPort: 8443 }),
      workload('shop', 'stock'),
      pa('shop/default', '{mtls: {mode: DISABLE}}'),
      pa('shop/cart', '{selector: {matchLabels: {app: cart}}, mtls: {mode: STRICT}}'),
      pa('shop/stock', '{selector: {matchLabels: {app: stock}}, portLevelMtls: {8080: {mode: STRICT}}}'),
      ...CLIENTS,
    ),
  },
];

describe('probe outcome equals `meshlock edges` for every client → service endpoint', () => {
  it.each(WORLDS)('$name', async ({ yaml, options }) => {
    const lab = await Lab.start(engineOf(yaml, options));
    try {
      expect(await disagreements(lab)).toEqual([]);
    } finally {
      await lab.stop();
    }
  });

  it('the worlds reach every send class and every outcome', () => {
    for (const cell of ['ISTIO_MUTUAL mtls', 'ISTIO_MUTUAL fail', 'PLAINTEXT plaintext', 'PLAINTEXT fail', 'SIMPLE tls', 'SIMPLE fail', 'MUTUAL tls', 'MUTUAL fail']) {
      expect(seenOutcomes).toContain(cell);
    }
  });
});

describe('certificates', () => {
  it('rotate at half-life and handshakes keep working with the new ones', async () => {
    // Issued "six minutes ago" by the lab's clock, so the replacements issued now are valid for real peers.
    let now = Date.now() - 6 * 60_000;
    const lab = await Lab.start(await loadDemo(), { certLifetimeMs: 10 * 60_000, clock: () => now });
    try {
      const before = lab.certificateFacts().workloads.find((c) => c.workloads.includes('travel-agency/travels'));
      expect(before).toMatchObject({ spiffeId: 'spiffe://cluster.local/ns/travel-agency/sa/travels', issuer: 'O=cluster.local', rotations: 0 });
      expect(await lab.rotateDue()).toEqual([]);
      now = Date.now();
      // The 11 sidecars, the 2 ambient workloads ztunnel holds certificates for, and the waypoint.
      expect((await lab.rotateDue()).length).toBe(14);
      const after = lab.certificateFacts().workloads.find((c) => c.workloads.includes('travel-agency/travels'));
      expect(after?.rotations).toBe(1);
      expect(after?.serialNumber).not.toBe(before?.serialNumber);
      const probe = probeResult(await lab.call('travel-portal/voyages', TRAVELS));
      expect(probe).toMatchObject({ ok: true, mtls: true, serverPrincipal: 'spiffe://cluster.local/ns/travel-agency/sa/travels' });
    } finally {
      await lab.stop();
    }
  });
});

describe('a watched directory', () => {
  it('reconfigures the lab when a file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlock-lab-'));
    const file = join(dir, 'mesh.yaml');
    writeFileSync(file, completeWorld(world(workload('prod', 'api'), workload('web', 'client'))));
    const source = await FileSource.open([dir], dir, { watchDebounceMs: 20 });
    const live = new LiveMesh(source);
    const revisions: number[] = [];
    live.onRevision(({ revision }) => revisions.push(revision.snapshot.objects.length));
    const session = await startLabSession({
      live,
      host: '127.0.0.1',
      port: 0,
      callGraph: [{ from: 'web/client', to: 'api.prod.svc.cluster.local:8080' }],
      ratePerSecond: 20,
      certLifetimeMs: 3_600_000,
      declaredPorts: false,
    });
    try {
      expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(probeResult(await session.lab.call('outside', 'api.prod:8080'))).toMatchObject({ ok: true, outcome: 'plaintext' });
      writeFileSync(file, completeWorld(world(workload('prod', 'api'), workload('web', 'client'), workload('prod', 'extra'), pa('prod/default', '{mtls: {mode: STRICT}}'))));
      await expect.poll(() => session.lab.workloads().length, { timeout: 5_000 }).toBe(3);
      expect(revisions.at(-1)).toBeGreaterThan(0);
      expect(probeResult(await session.lab.call('outside', 'api.prod:8080'))).toMatchObject({ ok: false, error: 'connection reset by peer' });
      expect(probeResult(await session.lab.call('web/client', 'extra.prod:8080'))).toMatchObject({ ok: true, outcome: 'mtls' });
      const metrics = await (await fetch(`${session.url}/metrics`)).text();
      expect(metrics).toContain('istio_requests_total{reporter="destination"');
    } finally {
      await session.stop();
      live.close();
      await source.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
