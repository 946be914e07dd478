// Acceptance: after 100 random changes with 5 forced watch disconnects and one 410 Gone, the source's
// objects and status equal what the API server holds, and every change was visible within 1 s.
import { afterEach, expect, it } from 'vitest';
import { buildSnapshot, MtlsEngine, normalizeObject, statusReport, type MeshObject } from '../../core/index.js';
import { eventually } from '../../testing/eventually.js';
import { loadDemoCluster } from '../../testing/fake-kube-api/demo-cluster.js';
import { fakeKubeConfig } from '../../testing/fake-kube-api/kube-config.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../testing/fake-kube-api/server.js';
import type { KubeObject } from '../../testing/fake-kube-api/store.js';
import { seededRandom } from '../../testing/seeded-random.js';
import { KubeSource } from './kube-source.js';
import { LiveMesh } from '../live-mesh.js';

const CHANGES = 100;
const DISCONNECTS = new Set([12, 30, 47, 68, 85]);
const GONE_AT = 58;
const NAMESPACES = ['travel-agency', 'travel-portal', 'travel-control', 'legacy'];
const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'];
const TLS_MODES = ['ISTIO_MUTUAL', 'DISABLE', 'SIMPLE'];

let api: FakeKubeApi | undefined;
let source: KubeSource | undefined;

afterEach(async () => {
  await source?.close();
  await api?.close();
});

const meta = (o: KubeObject) => o.metadata as Record<string, unknown>;
const keyOf = (o: { kind?: unknown; metadata?: unknown }) => {
  const m = o.metadata as Record<string, unknown>;
  return `${String(o.kind)}/${String(m.namespace ?? '')}/${String(m.name)}`;
};

/** One random change; returns the key of the object it touched. */
function change(server: FakeKubeApi, random: () => number, n: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const objects = server.objects();
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
    return keyOf(server.create(object));
  }
  if (roll < 0.4) {
    const ns = pick(NAMESPACES);
    return keyOf(
      server.create({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `dr-${n}`, namespace: ns }, spec: { host: `*.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: pick(TLS_MODES) } } } }),
    );
  }
  if (roll < 0.6) {
    const target = pick(policies);
    const spec = target.kind === 'PeerAuthentication' ? { mtls: { mode: pick(MODES) } } : { ...(target.spec as object), trafficPolicy: { tls: { mode: pick(TLS_MODES) } } };
    return keyOf(server.replace({ ...target, spec }));
  }
  if (roll < 0.72) {
    const target = pick(policies);
    server.remove(String(target.apiVersion), String(target.kind), String(meta(target).namespace), String(meta(target).name));
    return keyOf(target);
  }
  if (roll < 0.8) {
    const ns = pick(objects.filter((o) => o.kind === 'Namespace' && meta(o).name !== 'istio-system'));
    const labels = { ...(meta(ns).labels as object | undefined) } as Record<string, string>;
    if (labels['istio-injection'] === 'enabled') delete labels['istio-injection'];
    else labels['istio-injection'] = 'enabled';
    return keyOf(server.replace({ ...ns, metadata: { ...meta(ns), labels } }));
  }
  if (roll < 0.88) {
    const ns = pick(NAMESPACES);
    const name = `svc-${n}`;
    server.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
    return keyOf(
      server.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns },
        spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, ports: [{ containerPort: 8080 }] }] } } },
      }),
    );
  }
  if (roll < 0.95) {
    const target = pick(objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Service'));
    server.remove(String(target.apiVersion), String(target.kind), String(meta(target).namespace), String(meta(target).name));
    return keyOf(target);
  }
  // The mesh config: every namespace's answer depends on it, so the source rebuilds rather than patches.
  const mesh = objects.find((o) => o.kind === 'ConfigMap' && meta(o).name === 'istio')!;
  const auto = String((mesh.data as Record<string, string>).mesh).includes('enableAutoMtls: true');
  return keyOf(server.replace({ ...mesh, data: { mesh: `enableAutoMtls: ${!auto}\nrootNamespace: istio-system\ntrustDomain: cluster.local\n` } }));
}

/** `Kind/ns/name@resourceVersion` of every object the server holds that the source reads. */
function serverState(server: FakeKubeApi): string[] {
  return server
    .objects()
    .filter((o) => o.kind !== 'ConfigMap' || meta(o).namespace === 'istio-system' || meta(o).name === 'istio')
    .map((o) => `${keyOf(o)}@${String(meta(o).resourceVersion)}`)
    .sort();
}

function sourceState(live: LiveMesh): string[] {
  return live.current.snapshot.objects
    .map((o: MeshObject) => `${keyOf(o.raw)}@${String((o.raw.metadata as Record<string, unknown>).resourceVersion)}`)
    .sort();
}

it('after 100 random changes, 5 dropped watches and one 410, the source equals the server', { timeout: 30_000 }, async () => {
  const started = performance.now();
  api = await startFakeKubeApi({ bookmarkIntervalMs: 200 });
  loadDemoCluster(api);
  const server = api;
  const random = seededRandom(2024);
  const kube = new KubeSource({ kubeConfig: fakeKubeConfig(server), random: seededRandom(99) });
  source = kube;
  await kube.ready();
  // The store that follows the source, as the console's: its revisions must end equal to the server.
  const live = new LiveMesh(kube);
  const lists = server.stats.list ?? 0;
  const latencies: number[] = [];
  const visible = (key: string) => {
    const [kind, namespace, name] = key.split('/') as [string, string, string];
    const held = server.objects().find((o) => keyOf(o) === key);
    const seen = kube.object({ kind, namespace, name });
    return (held === undefined && seen === undefined) || (held !== undefined && seen !== undefined && meta(held).resourceVersion === (seen.metadata as Record<string, unknown>).resourceVersion);
  };

  for (let n = 0; n < CHANGES; ) {
    // Bursts of 1 to 5 changes, then wait until each is visible: some land while watches are down.
    const burst: { key: string; at: number }[] = [];
    for (let b = 1 + Math.floor(random() * 5); b > 0 && n < CHANGES; b--, n++) {
      if (DISCONNECTS.has(n)) server.dropWatches();
      burst.push({ key: change(server, random, n), at: performance.now() });
      if (n === GONE_AT) {
        // Every watch is cut and the history compacted while they are down: they can only resume by listing.
        server.dropWatches();
        server.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'during-gone', namespace: 'legacy' }, spec: {} });
        server.compact();
      }
    }
    for (const { key, at } of burst) {
      await eventually(() => visible(key), Boolean, `${key} to be visible`, 1_000);
      latencies.push(performance.now() - at);
    }
  }

  await eventually(() => sourceState(live).join('\n'), (s) => s === serverState(server).join('\n'), 'the source to equal the server', 5_000);
  const fresh = server.objects().flatMap((o) => {
    const normalized = normalizeObject(o, undefined);
    return normalized.type === 'object' ? [normalized.object] : [];
  });
  // Same status as an engine built from scratch on the server's objects.
  expect(statusReport(live.current.engine)).toEqual(statusReport(new MtlsEngine(buildSnapshot(fresh))));
  expect(server.stats.list ?? 0).toBeGreaterThan(lists);
  await eventually(() => kube.status().state, (s) => s === 'connected', 'connected at the end');
  const seconds = (performance.now() - started) / 1000;
  expect(Math.max(...latencies)).toBeLessThan(1_000);
  expect(seconds).toBeLessThan(30);
  console.info(`soak: ${CHANGES} changes in ${seconds.toFixed(1)} s; visible after median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
