// The kube source against a real kube-apiserver with Istio's CRDs (src/testing/kube-cluster): the same
// answers as what the server holds, incremental updates from watches, recovery from cut connections, a
// restart with an etcd compaction (410 Gone), version fallback, RBAC-limited users, writes with real 409s,
// CRD schema errors from a dry run, and access reviews. The tests share one cluster with the demo mesh, put
// back as loaded before each; an older Istio gets a cluster of its own.
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { statusReport, type StatusReport, MeshStore } from '../../core/index.js';
import { eventually } from '../../testing/eventually.js';
import { freePort } from '../../testing/kube-cluster/processes.js';
import { startKubeCluster, type KubeCluster } from '../../testing/kube-cluster/cluster.js';
import { resetDemo, startDemoCluster, statusOnServer } from '../../testing/kube-cluster/demo.js';
import { ALICE_NAMESPACES, type ClusterUser } from '../../testing/kube-cluster/users.js';
import { seededRandom } from '../../testing/seeded-random.js';
import type { SourceEvent } from '../config-source.js';
import { LiveMesh } from '../live-mesh.js';
import { SourceWriteError } from './writes.js';
import { KubeSource, type KubeSourceOptions } from './kube-source.js';

const CLUSTER_START_MS = 600_000;
const sources: KubeSource[] = [];

afterEach(async () => {
  for (const item of sources.splice(0).reverse()) await item.close();
});

function source(cluster: KubeCluster, options: Partial<KubeSourceOptions> & { user?: ClusterUser } = {}): KubeSource {
  const { user, ...rest } = options;
  const created = new KubeSource({ kubeConfig: cluster.kubeConfig(user), random: seededRandom(7), batchMs: 5, backoff: { initialMs: 20, maxMs: 200 }, ...rest });
  sources.push(created);
  return created;
}

/** A cluster for the tests of one describe block. */
function clusterFor(start: () => Promise<KubeCluster>): () => KubeCluster {
  let cluster: KubeCluster | undefined;
  beforeAll(async () => {
    cluster = await start();
  }, CLUSTER_START_MS);
  afterAll(async () => {
    await cluster?.close();
  });
  return () => cluster!;
}

/** The demo cluster most tests share, as loaded at the start of each test. */
function demoCluster(): () => KubeCluster {
  beforeEach(async () => {
    await resetDemo(shared());
  });
  return shared;
}

const shared = clusterFor(startDemoCluster);

const namespaceOf = (report: StatusReport, name: string) => report.namespaces.find((n) => n.name === name);

/** What a store built from the source's contents now holds: the engine every reader of it would get. */
const revisionOf = (kube: KubeSource) => new MeshStore(kube.contents()).current;
const peerAuthentication = (namespace: string, name: string, mode: string) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { mtls: { mode } } });
const lists = (cluster: KubeCluster) => cluster.requests({ verb: 'list' });

describe('initial sync', () => {
  const cluster = demoCluster();

  it('gives the same status as what the server holds, read by the test', async () => {
    const kube = source(cluster());
    await kube.ready();
    expect(statusReport(revisionOf(kube).engine)).toEqual(await statusOnServer(cluster()));
    expect(namespaceOf(statusReport(revisionOf(kube).engine), 'travel-agency')).toMatchObject({ mode: 'MIXED', decidedBy: 'PeerAuthentication/travel-agency/default' });
    expect(kube.status()).toMatchObject({ state: 'connected', forbiddenNamespaces: [], lastSyncTime: expect.any(String) });
    expect(kube.status().resources.find((r) => r.kind === 'PeerAuthentication')).toEqual({ kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1', state: 'connected', objects: 4, message: null });
  });

  it('reads only the mesh ConfigMaps: the mesh config and the root certificate', async () => {
    await cluster().admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-settings', namespace: 'travel-agency' }, data: { big: 'x'.repeat(1000) } });
    const kube = source(cluster());
    await kube.ready();
    const configMaps = revisionOf(kube).snapshot.objects.filter((o) => o.kind === 'ConfigMap').map((o) => `${o.namespace}/${o.name}`);
    expect(configMaps.sort()).toEqual(['istio-system/istio', 'istio-system/istio-ca-root-cert']);
    expect(revisionOf(kube).engine.meshConfig).toMatchObject({ rootNamespace: 'istio-system', trustDomain: 'cluster.local', source: { kind: 'ConfigMap', namespace: 'istio-system', name: 'istio' } });
  });

  it('lists page by page', async () => {
    const before = lists(cluster());
    const kube = source(cluster(), { pageSize: 2 });
    await kube.ready();
    expect(statusReport(revisionOf(kube).engine)).toEqual(await statusOnServer(cluster()));
    // 12 Deployments and 13 Services at 2 a page are 6 and 7 lists, on top of one per other informer.
    expect(lists(cluster()) - before).toBeGreaterThanOrEqual(30);
  });
});

describe('an older Istio without security.istio.io/v1 and without networking.istio.io', () => {
  const cluster = clusterFor(async () => {
    const started = await startKubeCluster({ istio: { servedVersions: { 'security.istio.io': ['v1beta1'], 'networking.istio.io': [] } } });
    const shop = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n';
    await started.loadFiles([{ name: 'shop.yaml', text: shop }]);
    return started;
  });

  it('reads the versions the server serves and says per kind what is absent', async () => {
    const kube = source(cluster());
    await kube.ready();
    const versions = Object.fromEntries(kube.status().resources.map((r) => [r.kind, r.apiVersion]));
    expect(versions).toMatchObject({ PeerAuthentication: 'security.istio.io/v1beta1', AuthorizationPolicy: 'security.istio.io/v1beta1', Deployment: 'apps/v1', Sidecar: null });
    expect(kube.status().resources.find((r) => r.kind === 'Sidecar')).toMatchObject({ state: 'absent', message: 'the server does not serve the API group networking.istio.io' });
    expect(namespaceOf(statusReport(revisionOf(kube).engine), 'shop')).toMatchObject({ mode: 'STRICT', decidedBy: 'PeerAuthentication/shop/default' });
  });
});

describe('watching', () => {
  const cluster = demoCluster();

  it('applies changes incrementally and tells listeners', async () => {
    const kube = source(cluster());
    await kube.ready();
    const events: SourceEvent[] = [];
    kube.subscribe((e) => events.push(e));
    const live = new LiveMesh(kube);
    const first = live.current;
    await cluster().admin.create(peerAuthentication('travel-portal', 'default', 'STRICT'));
    await eventually(() => namespaceOf(statusReport(live.current.engine), 'travel-portal')?.mode, (m) => m === 'STRICT', 'travel-portal to turn STRICT');
    // One announced change, one new revision; the revision a reader held before is unchanged.
    expect(events).toContainEqual({ type: 'changes', changes: [expect.objectContaining({ type: 'upsert', object: expect.objectContaining({ kind: 'PeerAuthentication', namespace: 'travel-portal' }) })], problems: [] });
    expect(live.current.number).toBe(first.number + 1);
    expect(namespaceOf(statusReport(first.engine), 'travel-portal')?.mode).toBe('PERMISSIVE');
    await cluster().admin.remove('security.istio.io/v1', 'PeerAuthentication', 'travel-portal', 'default');
    await eventually(() => namespaceOf(statusReport(live.current.engine), 'travel-portal')?.mode, (m) => m === 'PERMISSIVE', 'travel-portal back to PERMISSIVE');
    live.close();
  });

  it('resumes from the last version after every connection was cut, without listing again', async () => {
    const kube = source(cluster());
    await kube.ready();
    const listed = lists(cluster());
    // Watches start right after the lists; wait until every informer has one open (17 of them).
    await eventually(() => cluster().openConnections(), (n) => n >= 17, 'every watch open');
    expect(cluster().dropConnections()).toBeGreaterThanOrEqual(17);
    await cluster().admin.create(peerAuthentication('legacy', 'default', 'DISABLE'));
    await eventually(() => revisionOf(kube).snapshot.peerAuthentications.some((p) => p.namespace === 'legacy'), Boolean, 'the PeerAuthentication made while reconnecting');
    await eventually(() => kube.status().state, (s) => s === 'connected', 'connected again');
    expect(lists(cluster())).toBe(listed);
  });

  it('lists again after an API server restart and an etcd compaction (410 Gone), and ends with the server’s state', async () => {
    const kube = source(cluster());
    await kube.ready();
    const listed = lists(cluster());
    const states: string[] = [];
    kube.subscribe((e) => e.type === 'status' && states.push(e.status.state));
    // Changes while meshlock cannot reach the server; then the history it would resume from is compacted
    // away and the API server restarts with a fresh watch cache: resuming is impossible.
    cluster().disconnectClients();
    await cluster().admin.remove('apps/v1', 'Deployment', 'travel-agency', 'cars');
    await cluster().admin.create({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'all', namespace: 'travel-agency' }, spec: { host: '*.travel-agency.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } });
    await cluster().compactEtcd();
    await cluster().restartApiServer();
    cluster().reconnectClients();
    await eventually(() => revisionOf(kube).engine.findWorkload('travel-agency', 'cars'), (w) => w === undefined, 'the deleted Deployment to go', 30_000);
    await eventually(() => revisionOf(kube).snapshot.destinationRules.length, (n) => n === 2, 'the new DestinationRule', 30_000);
    await eventually(() => kube.status().state, (s) => s === 'connected', 'connected again', 30_000);
    expect(lists(cluster())).toBeGreaterThan(listed);
    expect(states).toContain('reconnecting');
    expect(statusReport(revisionOf(kube).engine)).toEqual(await statusOnServer(cluster()));
  });

  it('reports reconnecting, then error, when the API server goes away', async () => {
    const kube = source(cluster(), { backoff: { initialMs: 10, maxMs: 40 } });
    await kube.ready();
    await cluster().stopApiServer();
    try {
      await eventually(() => kube.status().state, (s) => s === 'error', 'the error state', 10_000);
      expect(kube.status().lastError?.message).toMatch(/ECONNREFUSED|ECONNRESET|close|socket/i);
    } finally {
      await cluster().restartApiServer();
    }
  });
});

describe('access', () => {
  const cluster = demoCluster();

  it('a user whose RBAC allows two namespaces sees only those, and the others are named with the server’s reason', async () => {
    const kube = source(cluster(), { user: 'alice' });
    await kube.ready();
    const report = statusReport(revisionOf(kube).engine);
    expect(report.namespaces.map((n) => n.name)).toEqual([...ALICE_NAMESPACES]);
    expect(report.workloads.every((w) => (ALICE_NAMESPACES as readonly string[]).includes(w.namespace))).toBe(true);
    const hidden = kube.status().forbiddenNamespaces;
    expect(hidden.map((f) => f.namespace)).toEqual(['default', 'istio-system', 'kube-node-lease', 'kube-public', 'kube-system', 'legacy', 'travel-control', 'travel-payments']);
    for (const { namespace, reason } of hidden) {
      expect(reason).toMatch(new RegExp(`^\\S+ is forbidden: User "alice" cannot list resource "\\S+" in API group "[\\w.]*" in the namespace "${namespace}"$`));
    }
    expect(kube.object({ kind: 'Namespace', namespace: '', name: 'legacy' })).toBeUndefined();
  });

  it('without namespace listing, reads the namespaces it is given', async () => {
    const kube = source(cluster(), { user: 'bob', namespaces: ['travel-agency', 'travel-portal'] });
    await kube.ready();
    expect(revisionOf(kube).engine.namespaceNames()).toEqual(['travel-agency']);
    expect(kube.status().forbiddenNamespaces).toEqual([{ namespace: 'travel-portal', reason: expect.stringContaining('User "bob" cannot') }]);
  });

  it('without ConfigMaps, keeps every namespace and uses Istio’s default mesh config', async () => {
    const kube = source(cluster(), { user: 'no-configmaps' });
    await kube.ready();
    expect(kube.status().forbiddenNamespaces).toEqual([]);
    expect(revisionOf(kube).engine.namespaceNames()).toEqual(expect.arrayContaining(['istio-system', 'legacy', 'travel-agency', 'travel-control', 'travel-portal']));
    expect(revisionOf(kube).engine.meshConfig.source).toBeUndefined();
    expect(kube.status().resources.find((r) => r.kind === 'ConfigMap')).toMatchObject({ state: 'forbidden' });
  });

  it('asks the API server whether edits are allowed', async () => {
    const viewer = source(cluster(), { user: 'viewer' });
    const admin = source(cluster());
    const alice = source(cluster(), { user: 'alice' });
    await Promise.all([viewer.ready(), admin.ready(), alice.ready()]);
    const check = { verb: 'patch', apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', namespace: 'travel-agency' } as const;
    expect(await viewer.access(check)).toMatchObject({ allowed: false, reason: expect.stringContaining('cannot patch') });
    expect(await admin.access(check)).toMatchObject({ allowed: true });
    expect(await alice.access(check)).toMatchObject({ allowed: true });
    expect(await alice.access({ ...check, namespace: 'legacy' })).toMatchObject({ allowed: false });
  });
});

describe('writes', () => {
  const cluster = demoCluster();
  const ref = { kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' };
  const modeOf = (o: Record<string, unknown> | undefined) => (o?.spec as { mtls?: { mode?: string } } | undefined)?.mtls?.mode;

  it('two editors save the same object: the second gets a clear conflict, and nothing is lost', async () => {
    const alice = source(cluster());
    const bob = source(cluster());
    await Promise.all([alice.ready(), bob.ready()]);
    const loadedByAlice = alice.object(ref)!;
    const loadedByBob = bob.object(ref)!;
    const edit = (loaded: Record<string, unknown>, mode: string) => ({ ...loaded, spec: { mtls: { mode } } });
    const saved = await alice.writeObject({ op: 'replace', object: edit(loadedByAlice, 'DISABLE') });
    expect(saved.object).toMatchObject({ spec: { mtls: { mode: 'DISABLE' } } });
    const conflict = await bob.writeObject({ op: 'replace', object: edit(loadedByBob, 'PERMISSIVE') }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(SourceWriteError);
    const error = conflict as SourceWriteError;
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/^PeerAuthentication travel-agency\/default was changed by someone else after you loaded it \(you edited version \d+; it is now version \d+\)\. Your change was not saved\. Reload/);
    // Nothing lost: the server kept Alice's save, and Bob can re-apply his on top of the current version.
    expect(error.current).toMatchObject({ spec: { mtls: { mode: 'DISABLE' } } });
    const reapplied = await bob.writeObject({ op: 'replace', object: edit(error.current!, 'PERMISSIVE') });
    expect(reapplied.object).toMatchObject({ spec: { mtls: { mode: 'PERMISSIVE' } } });
    // The writer sees its own save at once; the other source through its watch.
    expect(modeOf(bob.object(ref))).toBe('PERMISSIVE');
    await eventually(() => modeOf(alice.object(ref)), (m) => m === 'PERMISSIVE', 'Alice to see Bob’s save');
    expect(modeOf(await cluster().admin.get('security.istio.io/v1', 'PeerAuthentication', 'travel-agency', 'default'))).toBe('PERMISSIVE');
  });

  it('merge-patches and deletes only the version that was loaded', async () => {
    const kube = source(cluster());
    await kube.ready();
    const target = { apiVersion: 'security.istio.io/v1', ...ref };
    const version = String((kube.object(ref)!.metadata as Record<string, unknown>).resourceVersion);
    await kube.writeObject({ op: 'merge-patch', target, patch: { spec: { mtls: { mode: 'DISABLE' } } }, resourceVersion: version });
    await expect(kube.writeObject({ op: 'merge-patch', target, patch: { spec: { mtls: { mode: 'PERMISSIVE' } } }, resourceVersion: version })).rejects.toMatchObject({ code: 'conflict' });
    await expect(kube.writeObject({ op: 'delete', target, resourceVersion: version })).rejects.toMatchObject({ code: 'conflict' });
    expect(modeOf(await cluster().admin.get('security.istio.io/v1', 'PeerAuthentication', 'travel-agency', 'default'))).toBe('DISABLE');
    const now = String((kube.object(ref)!.metadata as Record<string, unknown>).resourceVersion);
    await kube.writeObject({ op: 'delete', target, resourceVersion: now });
    expect(kube.object(ref)).toBeUndefined();
    await eventually(() => namespaceOf(statusReport(revisionOf(kube).engine), 'travel-agency')?.decidedBy, (d) => d === 'PeerAuthentication/istio-system/default', 'the mesh-wide policy to decide');
  });

  it('dry-runs a save and returns the CRD schema’s errors with the field they concern', async () => {
    const kube = source(cluster());
    await kube.ready();
    const before = await cluster().admin.get('security.istio.io/v1', 'PeerAuthentication', 'travel-agency', 'default');
    const object = { ...kube.object(ref)!, spec: { mtls: { mode: 'STRIKT' } } };
    const refused = (await kube.writeObject({ op: 'replace', object, dryRun: true }).catch((e: unknown) => e)) as SourceWriteError;
    expect(refused.code).toBe('invalid');
    expect(refused.causes).toEqual([{ field: 'spec.mtls.mode', message: expect.stringMatching(/^Unsupported value: "STRIKT": supported values: .*"STRICT"/) }]);
    const fine = await kube.writeObject({ op: 'replace', object: { ...object, spec: { mtls: { mode: 'DISABLE' } } }, dryRun: true });
    expect(fine).toMatchObject({ dryRun: true, object: { spec: { mtls: { mode: 'DISABLE' } } } });
    expect(await cluster().admin.get('security.istio.io/v1', 'PeerAuthentication', 'travel-agency', 'default')).toEqual(before);
  });

  it('refuses forbidden writes with the API server’s message, and kinds it does not read', async () => {
    const kube = source(cluster(), { user: 'viewer' });
    await kube.ready();
    const created = kube.writeObject({ op: 'create', object: peerAuthentication('legacy', 'x', 'STRICT') });
    await expect(created).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('User "viewer" cannot create resource "peerauthentications" in API group "security.istio.io" in the namespace "legacy"') });
    const unknown = kube.writeObject({ op: 'create', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'legacy' } } });
    await expect(unknown).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('one-shot reads', () => {
  it('fail fast with the server named when nothing answers', async () => {
    const port = await freePort();
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'gone', server: `https://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'someone', token: 'x' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'someone' }],
      currentContext: 'gone',
    });
    const kube = new KubeSource({ kubeConfig: config, watch: false, maxListAttempts: 2, backoff: { initialMs: 10, maxMs: 20 } });
    sources.push(kube);
    await expect(kube.ready()).rejects.toThrow(new RegExp(`cannot read the API server at https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });
});
