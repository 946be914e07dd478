// Acceptance: against a real kube-apiserver, after 100 random changes with 5 cut connections and one API
// server restart after an etcd compaction (410 Gone), the source's objects and status equal what the server
// holds, and every change was visible within 1 s of the server being reachable.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MeshObject, statusReport } from '../../core/index.js';
import { eventually } from '../../testing/eventually.js';
import type { KubeObject } from '../../testing/kube-cluster/client.js';
import type { KubeCluster } from '../../testing/kube-cluster/cluster.js';
import { objectsOnServer, startDemoCluster, statusOnServer } from '../../testing/kube-cluster/demo.js';
import { seededRandom } from '../../testing/seeded-random.js';
import { WATCHED_KINDS } from './kinds.js';
import { LiveMesh } from '../live-mesh.js';
import { KubeSource } from './kube-source.js';

const CHANGES = 100;
const DISCONNECTS = new Set([12, 30, 47, 68, 85]);
const GONE_AT = 58;
const NAMESPACES = ['travel-agency', 'travel-portal', 'travel-control', 'legacy'];
const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'];
const TLS_MODES = ['ISTIO_MUTUAL', 'DISABLE', 'SIMPLE'];

let cluster: KubeCluster | undefined;
let source: KubeSource | undefined;

beforeAll(async () => {
  cluster = await startDemoCluster();
}, 600_000);

afterAll(async () => {
  await source?.close();
  await cluster?.close();
});

const meta = (o: KubeObject) => o.metadata as Record<string, unknown>;
const keyOf = (o: { kind?: unknown; metadata?: unknown }) => {
  const m = o.metadata as Record<string, unknown>;
  return `${String(o.kind)}/${String(m.namespace ?? '')}/${String(m.name)}`;
};

/** One random change; returns the key of the object it touched. */
async function change(server: KubeCluster, random: () => number, n: number): Promise<string> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const objects = await objectsOnServer(server);
  const admin = server.admin;
  const policies = objects.filter((o) => o.kind === 'PeerAuthentication' || o.kind === 'DestinationRule');
  const roll = random();
  if (roll < 0.25 || policies.length === 0) {
    const ns = pick(NAMESPACES);
    const object = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: `pa-${n}`, namespace: ns },
      spec: random() < 0.5 ? { mtls: { mode: pick(MODES) } } : { selector: { matchLabels: { app: 'travels' } }, portLevelMtls: { 8000: { mode: pick(MODES) } } },
    };
    return keyOf(await admin.create(object));
  }
  if (roll < 0.4) {
    const ns = pick(NAMESPACES);
    return keyOf(
      await admin.create({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `dr-${n}`, namespace: ns }, spec: { host: `*.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: pick(TLS_MODES) } } } }),
    );
  }
  if (roll < 0.6) {
    const target = pick(policies);
    const spec = target.kind === 'PeerAuthentication' ? { mtls: { mode: pick(MODES) } } : { ...(target.spec as object), trafficPolicy: { tls: { mode: pick(TLS_MODES) } } };
    return keyOf(await admin.replace({ ...target, spec }));
  }
  if (roll < 0.72) {
    const target = pick(policies);
    await admin.remove(String(target.apiVersion), String(target.kind), String(meta(target).namespace), String(meta(target).name));
    return keyOf(target);
  }
  if (roll < 0.8) {
    const ns = pick(objects.filter((o) => o.kind === 'Namespace' && meta(o).name !== 'istio-system'));
    const labels = { ...(meta(ns).labels as object | undefined) } as Record<string, string>;
    if (labels['istio-injection'] === 'enabled') delete labels['istio-injection'];
    else labels['istio-injection'] = 'enabled';
    return keyOf(await admin.replace({ ...ns, metadata: { ...meta(ns), labels } }));
  }
  if (roll < 0.88) {
    const ns = pick(NAMESPACES);
    const name = `svc-${n}`;
    await admin.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
    return keyOf(
      await admin.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns },
        spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'example.com/app:1', ports: [{ containerPort: 8080 }] }] } } },
      }),
    );
  }
  if (roll < 0.95) {
    const target = pick(objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Service'));
    await admin.remove(String(target.apiVersion), String(target.kind), String(meta(target).namespace), String(meta(target).name));
    return keyOf(target);
  }
  // The mesh config: every namespace's answer depends on it, so the source rebuilds rather than patches.
  const mesh = objects.find((o) => o.kind === 'ConfigMap' && meta(o).name === 'istio')!;
  const auto = String((mesh.data as Record<string, string>).mesh).includes('enableAutoMtls: true');
  return keyOf(await admin.replace({ ...mesh, data: { mesh: `enableAutoMtls: ${!auto}\nrootNamespace: istio-system\ntrustDomain: cluster.local\n` } }));
}

/** `Kind/ns/name@resourceVersion` of every object the server holds that the source reads. */
async function serverState(server: KubeCluster): Promise<string[]> {
  return (await objectsOnServer(server)).map((o) => `${keyOf(o)}@${String(meta(o).resourceVersion)}`).sort();
}

function sourceState(live: LiveMesh): string[] {
  return live.current.snapshot.objects
    .map((o: MeshObject) => `${keyOf(o.raw)}@${String((o.raw.metadata as Record<string, unknown>).resourceVersion)}`)
    .sort();
}

it('after 100 random changes, 5 cut connections and a restart with a 410, the source equals the server', { timeout: 120_000 }, async () => {
  const started = performance.now();
  const server = cluster!;
  const random = seededRandom(2024);
  // Retries at most half a second apart: the restart keeps the server away for seconds, and the second
  // counted from its return must not be spent waiting out a long backoff.
  const kube = new KubeSource({ kubeConfig: server.kubeConfig(), random: seededRandom(99), backoff: { initialMs: 50, maxMs: 500 } });
  source = kube;
  await kube.ready();
  // The store that follows the source, as the console's: its revisions must end equal to the server.
  const live = new LiveMesh(kube);
  const lists = server.requests({ verb: 'list' });
  const latencies: number[] = [];
  /** Whether the source holds the object as the server does now (both without it, or at the same version). */
  const visibleCheck = async (key: string) => {
    const [kind, namespace, name] = key.split('/') as [string, string, string];
    const watched = WATCHED_KINDS.find((k) => k.kind === kind)!;
    const held = await server.admin.get(watched.group ? `${watched.group}/v1` : 'v1', kind, namespace, name);
    return () => {
      const seen = kube.object({ kind, namespace, name });
      return (held === undefined && seen === undefined) || (held !== undefined && seen !== undefined && meta(held).resourceVersion === (seen.metadata as Record<string, unknown>).resourceVersion);
    };
  };

  for (let n = 0; n < CHANGES; ) {
    // Bursts of 1 to 5 changes, then wait until each is visible: some land while connections are down.
    const burst: { key: string; at: number }[] = [];
    for (let b = 1 + Math.floor(random() * 5); b > 0 && n < CHANGES; b--, n++) {
      if (DISCONNECTS.has(n)) server.dropConnections();
      if (n !== GONE_AT) {
        burst.push({ key: await change(server, random, n), at: performance.now() });
        continue;
      }
      // The source cannot reach the server while changes land, the history is compacted away and the API
      // server restarts with a fresh watch cache: the watches can only resume by listing again.
      server.disconnectClients();
      const keys = [await change(server, random, n)];
      const extra = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'during-gone', namespace: 'legacy' }, spec: { ports: [{ port: 80 }] } };
      keys.push(keyOf(await server.admin.create(extra)));
      await server.compactEtcd();
      await server.restartApiServer();
      server.reconnectClients();
      for (const key of keys) burst.push({ key, at: performance.now() });
    }
    // Every change of the burst has landed: what the server holds now is what the source must show.
    const checks = await Promise.all(burst.map(({ key }) => visibleCheck(key)));
    for (const [i, { key, at }] of burst.entries()) {
      await eventually(checks[i]!, Boolean, `${key} to be visible`, 1_000);
      latencies.push(performance.now() - at);
    }
  }

  await eventually(async () => sourceState(live).join('\n') === (await serverState(server)).join('\n'), Boolean, 'the source to equal the server', 5_000);
  expect(statusReport(live.current.engine)).toEqual(await statusOnServer(server));
  expect(server.requests({ verb: 'list' })).toBeGreaterThan(lists);
  await eventually(() => kube.status().state, (s) => s === 'connected', 'connected at the end');
  expect(Math.max(...latencies)).toBeLessThan(1_000);
  const seconds = (performance.now() - started) / 1000;
  console.info(`soak: ${CHANGES} changes in ${seconds.toFixed(1)} s; visible after median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
