// The kube source against the fake API server: the same answers as the same objects read from files,
// incremental updates from watches, recovery from dropped watches and 410 Gone, version fallback,
// namespaces a token may not read, writes with conflicts, dry runs and access reviews.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSnapshot, MtlsEngine, statusReport, type MeshObject, type StatusReport, MeshStore } from '../../core/index.js';
import { eventually } from '../../testing/eventually.js';
import { DEMO_POLICIES, demoClusterFiles, loadDemoCluster } from '../../testing/fake-kube-api/demo-cluster.js';
import { fakeKubeConfig } from '../../testing/fake-kube-api/kube-config.js';
import { startFakeKubeApi, type FakeKubeApi, type FakeKubeApiOptions } from '../../testing/fake-kube-api/server.js';
import { seededRandom } from '../../testing/seeded-random.js';
import type { SourceEvent } from '../config-source.js';
import { LiveMesh } from '../live-mesh.js';
import { SourceWriteError } from './writes.js';
import { parseText } from '../../documents/parse.js';
import { KubeSource, type KubeSourceOptions } from './kube-source.js';

const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function cluster(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const api = await startFakeKubeApi({ bookmarkIntervalMs: 100, ...options });
  open.push(api);
  loadDemoCluster(api);
  return api;
}

function source(api: FakeKubeApi, options: Partial<KubeSourceOptions> & { token?: string } = {}): KubeSource {
  const { token, ...rest } = options;
  const created = new KubeSource({ kubeConfig: fakeKubeConfig(api, token), random: seededRandom(7), batchMs: 5, backoff: { initialMs: 20, maxMs: 200 }, ...rest });
  open.push(created);
  return created;
}

function fromFiles(): StatusReport {
  const objects: MeshObject[] = demoClusterFiles().flatMap((f) => parseText(f.text, f.name).objects);
  return statusReport(new MtlsEngine(buildSnapshot(objects)));
}

const namespaceOf = (report: StatusReport, name: string) => report.namespaces.find((n) => n.name === name);

/** What a store built from the source's contents now holds: the engine every reader of it would get. */
const revisionOf = (kube: KubeSource) => new MeshStore(kube.contents()).current;

describe('initial sync', () => {
  it('gives the same status as the same objects read from files', async () => {
    const api = await cluster();
    const kube = source(api);
    await kube.ready();
    expect(statusReport(revisionOf(kube).engine)).toEqual(fromFiles());
    expect(kube.status()).toMatchObject({ state: 'connected', forbiddenNamespaces: [], lastSyncTime: expect.any(String) });
    expect(kube.status().resources.find((r) => r.kind === 'PeerAuthentication')).toEqual({ kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1', state: 'connected', objects: 3, message: null });
  });

  it('reads only the mesh ConfigMaps: the mesh config and the root certificate', async () => {
    const api = await cluster();
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-settings', namespace: 'travel-agency' }, data: { big: 'x'.repeat(1000) } });
    const kube = source(api);
    await kube.ready();
    const configMaps = revisionOf(kube).snapshot.objects.filter((o) => o.kind === 'ConfigMap').map((o) => `${o.namespace}/${o.name}`);
    expect(configMaps.sort()).toEqual(['istio-system/istio', 'istio-system/istio-ca-root-cert']);
    expect(revisionOf(kube).engine.meshConfig).toMatchObject({ rootNamespace: 'istio-system', trustDomain: 'cluster.local', source: { kind: 'ConfigMap', namespace: 'istio-system', name: 'istio' } });
  });

  it('falls back to the Istio versions an older control plane serves', async () => {
    const api = await cluster({ servedVersions: { 'networking.istio.io': ['v1beta1', 'v1alpha3'], 'security.istio.io': ['v1beta1'] } });
    const kube = source(api);
    await kube.ready();
    const versions = Object.fromEntries(kube.status().resources.map((r) => [r.kind, r.apiVersion]));
    expect(versions).toMatchObject({ PeerAuthentication: 'security.istio.io/v1beta1', DestinationRule: 'networking.istio.io/v1beta1', Deployment: 'apps/v1' });
    expect(statusReport(revisionOf(kube).engine)).toEqual(fromFiles());
  });

  it('works without Istio, and says so per kind', async () => {
    const api = await startFakeKubeApi({ servedVersions: { 'networking.istio.io': [], 'security.istio.io': [] } });
    open.push(api);
    api.load('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    const kube = source(api);
    await kube.ready();
    expect(kube.status().resources.find((r) => r.kind === 'Sidecar')).toMatchObject({ apiVersion: null, state: 'absent', message: 'the server does not serve the API group networking.istio.io' });
    expect(revisionOf(kube).engine.namespaceNames()).toEqual(['shop']);
  });

  it('lists page by page', async () => {
    const api = await cluster();
    const kube = source(api, { pageSize: 2 });
    await kube.ready();
    expect(statusReport(revisionOf(kube).engine)).toEqual(fromFiles());
    // 12 Deployments and 12 Services at 2 a page are 6 lists each, on top of one per other informer.
    expect(api.stats.list).toBeGreaterThanOrEqual(30);
  });
});

describe('watching', () => {
  it('applies changes incrementally and tells listeners', async () => {
    const api = await cluster();
    const kube = source(api);
    await kube.ready();
    const events: SourceEvent[] = [];
    kube.subscribe((e) => events.push(e));
    const live = new LiveMesh(kube);
    const first = live.current;
    api.create({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'travel-portal' }, spec: { mtls: { mode: 'STRICT' } } });
    await eventually(() => namespaceOf(statusReport(live.current.engine), 'travel-portal')?.mode, (m) => m === 'STRICT', 'travel-portal to turn STRICT');
    // One announced change, one new revision; the revision a reader held before is unchanged.
    expect(events).toContainEqual({ type: 'changes', changes: [expect.objectContaining({ type: 'upsert', object: expect.objectContaining({ kind: 'PeerAuthentication', namespace: 'travel-portal' }) })], problems: [] });
    expect(live.current.number).toBe(first.number + 1);
    expect(namespaceOf(statusReport(first.engine), 'travel-portal')?.mode).toBe('PERMISSIVE');
    api.remove('security.istio.io/v1', 'PeerAuthentication', 'travel-portal', 'default');
    await eventually(() => namespaceOf(statusReport(live.current.engine), 'travel-portal')?.mode, (m) => m === 'PERMISSIVE', 'travel-portal back to PERMISSIVE');
    live.close();
  });

  it('resumes from the last version after a dropped connection, without listing again', async () => {
    const api = await cluster();
    const kube = source(api);
    await kube.ready();
    const lists = api.stats.list ?? 0;
    // Watches start right after the lists; wait until every informer has one open.
    await eventually(() => api.openWatches(), (n) => n === 17, 'every watch open');
    expect(api.dropWatches()).toBe(17);
    api.create({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'legacy' }, spec: { mtls: { mode: 'DISABLE' } } });
    await eventually(() => revisionOf(kube).snapshot.peerAuthentications.some((p) => p.namespace === 'legacy'), Boolean, 'the PeerAuthentication made while disconnected');
    await eventually(() => kube.status().state, (s) => s === 'connected', 'connected again');
    expect(api.stats.list).toBe(lists);
  });

  it('lists again after 410 Gone and ends with the server’s state', async () => {
    const api = await cluster();
    const kube = source(api);
    await kube.ready();
    const lists = api.stats.list ?? 0;
    const states: string[] = [];
    kube.subscribe((e) => e.type === 'status' && states.push(e.status.state));
    // Changes while every watch is down, then the history is compacted: resuming is impossible.
    api.dropWatches();
    api.remove('apps/v1', 'Deployment', 'travel-agency', 'cars');
    api.create({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'all', namespace: 'travel-agency' }, spec: { host: '*.travel-agency.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } });
    api.compact();
    await eventually(() => revisionOf(kube).engine.findWorkload('travel-agency', 'cars'), (w) => w === undefined, 'the deleted Deployment to go');
    await eventually(() => revisionOf(kube).snapshot.destinationRules.length, (n) => n === 2, 'the new DestinationRule');
    await eventually(() => kube.status().state, (s) => s === 'connected', 'connected again');
    expect(api.stats.list).toBeGreaterThan(lists);
    expect(states).toContain('reconnecting');
  });

  it('tracks bookmarks, so an idle watch resumes without 410 after compaction', async () => {
    const api = await cluster({ bookmarkIntervalMs: 20 });
    const kube = source(api);
    await kube.ready();
    api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'extra', namespace: 'travel-agency' }, spec: {} });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const lists = api.stats.list ?? 0;
    api.compact();
    api.dropWatches();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await eventually(() => kube.status().state, (s) => s === 'connected', 'connected again');
    expect(api.stats.list).toBe(lists);
  });

  it('reports reconnecting, then error, when the API server goes away', async () => {
    const api = await cluster();
    const kube = source(api, { backoff: { initialMs: 10, maxMs: 40 } });
    await kube.ready();
    await api.close();
    await eventually(() => kube.status().state, (s) => s === 'error', 'the error state', 10_000);
    expect(kube.status().lastError?.message).toMatch(/ECONNREFUSED|closed|socket/i);
  });
});

describe('access', () => {
  it('with a user token, hides namespaces the user may not list and says why', async () => {
    const api = await cluster();
    api.setPolicy('alice-token', { user: 'alice' });
    api.forbidNamespace('alice-token', 'travel-portal');
    const kube = source(api, { credential: { type: 'token', token: 'alice-token' } });
    await kube.ready();
    const report = statusReport(revisionOf(kube).engine);
    expect(report.namespaces.map((n) => n.name)).toEqual(['istio-system', 'legacy', 'travel-agency', 'travel-control']);
    expect(report.workloads.some((w) => w.namespace === 'travel-portal')).toBe(false);
    expect(kube.status().forbiddenNamespaces).toEqual([
      { namespace: 'travel-portal', reason: expect.stringMatching(/is forbidden: User "alice" cannot list resource "\w+" in API group "[\w.]*" in the namespace "travel-portal"$/) },
    ]);
    const full = fromFiles();
    expect(report.namespaces).toEqual(full.namespaces.filter((n) => n.name !== 'travel-portal'));
    expect(kube.object({ kind: 'Namespace', namespace: '', name: 'travel-portal' })).toBeUndefined();
  });

  it('with no namespace listing at all, reads the namespaces it is given', async () => {
    const api = await cluster();
    api.setPolicy('bob', { forbiddenNamespaces: ['travel-portal'] });
    const kube = source(api, { credential: { type: 'token', token: 'bob' }, namespaces: ['travel-agency', 'travel-portal'] });
    await kube.ready();
    expect(revisionOf(kube).engine.namespaceNames()).toEqual(['travel-agency']);
    expect(kube.status().forbiddenNamespaces.map((f) => f.namespace)).toEqual(['travel-portal']);
  });

  it('without ConfigMaps, keeps every namespace and uses Istio’s default mesh config', async () => {
    const api = await cluster();
    api.setPolicy('no-configmaps', { forbiddenResources: ['configmaps'] });
    const kube = source(api, { credential: { type: 'token', token: 'no-configmaps' } });
    await kube.ready();
    expect(kube.status().forbiddenNamespaces).toEqual([]);
    expect(revisionOf(kube).engine.namespaceNames()).toEqual(['istio-system', 'legacy', 'travel-agency', 'travel-control', 'travel-portal']);
    expect(revisionOf(kube).engine.meshConfig.source).toBeUndefined();
    expect(kube.status().resources.find((r) => r.kind === 'ConfigMap')).toMatchObject({ state: 'forbidden' });
  });

  it('asks the API server whether edits are allowed', async () => {
    const api = await cluster();
    api.setPolicy('viewer', { readOnly: true });
    const viewer = source(api, { credential: { type: 'token', token: 'viewer' } });
    const admin = source(api);
    await Promise.all([viewer.ready(), admin.ready()]);
    const check = { verb: 'patch', apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', namespace: 'travel-agency' } as const;
    expect(await viewer.access(check)).toMatchObject({ allowed: false, reason: expect.stringContaining('cannot patch') });
    expect(await admin.access(check)).toMatchObject({ allowed: true });
  });
});

describe('writes', () => {
  const ref = { kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' };

  it('two editors save the same object: the second gets a clear conflict, and nothing is lost', async () => {
    const api = await cluster();
    const alice = source(api);
    const bob = source(api);
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
    expect(bob.object(ref)).toMatchObject({ spec: { mtls: { mode: 'PERMISSIVE' } } });
    await eventually(() => alice.object(ref), (o) => (o?.spec as { mtls: { mode: string } }).mtls.mode === 'PERMISSIVE', 'Alice to see Bob’s save');
  });

  it('merge-patches and deletes only the version that was loaded', async () => {
    const api = await cluster();
    const kube = source(api);
    await kube.ready();
    const target = { apiVersion: 'security.istio.io/v1', ...ref };
    const version = String((kube.object(ref)!.metadata as Record<string, unknown>).resourceVersion);
    await kube.writeObject({ op: 'merge-patch', target, patch: { spec: { mtls: { mode: 'PERMISSIVE' } } }, resourceVersion: version });
    await expect(kube.writeObject({ op: 'delete', target, resourceVersion: version })).rejects.toMatchObject({ code: 'conflict' });
    const now = String((kube.object(ref)!.metadata as Record<string, unknown>).resourceVersion);
    await kube.writeObject({ op: 'delete', target, resourceVersion: now });
    expect(kube.object(ref)).toBeUndefined();
    await eventually(() => namespaceOf(statusReport(revisionOf(kube).engine), 'travel-agency')?.decidedBy, (d) => d === 'PeerAuthentication/istio-system/default', 'the mesh-wide policy to decide');
  });

  it('dry-runs a save and returns admission errors with the field they concern', async () => {
    const api = await cluster();
    const kube = source(api);
    await kube.ready();
    const object = { ...kube.object(ref)!, spec: { mtls: { mode: 'STRIKT' } } };
    const refused = (await kube.writeObject({ op: 'replace', object, dryRun: true }).catch((e: unknown) => e)) as SourceWriteError;
    expect(refused.code).toBe('invalid');
    expect(refused.causes).toEqual([{ field: 'spec.mtls.mode', message: expect.stringContaining('STRIKT') }]);
    const fine = await kube.writeObject({ op: 'replace', object: { ...object, spec: { mtls: { mode: 'DISABLE' } } }, dryRun: true });
    expect(fine).toMatchObject({ dryRun: true, object: { spec: { mtls: { mode: 'DISABLE' } } } });
    expect(kube.object(ref)).toMatchObject({ spec: { mtls: { mode: 'STRICT' } } });
  });

  it('refuses forbidden writes with the API server’s message, and kinds it does not read', async () => {
    const api = await cluster();
    api.setPolicy('viewer', { user: 'viewer', readOnly: true });
    const kube = source(api, { credential: { type: 'token', token: 'viewer' } });
    await kube.ready();
    const created = kube.writeObject({ op: 'create', object: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'x', namespace: 'legacy' }, spec: {} } });
    await expect(created).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('User "viewer" cannot create resource "peerauthentications"') });
    const unknown = kube.writeObject({ op: 'create', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'legacy' } } });
    await expect(unknown).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('one-shot reads', () => {
  it('fail fast with the server named when nothing answers', async () => {
    const api = await startFakeKubeApi();
    const config = fakeKubeConfig(api);
    await api.close();
    const kube = source(api, { kubeConfig: config, watch: false, maxListAttempts: 2 });
    await expect(kube.ready()).rejects.toThrow(/cannot read the API server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('read invalid objects as problems, not as policies', async () => {
    const api = await startFakeKubeApi();
    open.push(api);
    api.load(DEMO_POLICIES.split('---\n')[0]!);
    const kube = source(api, { watch: false });
    await kube.ready();
    expect(revisionOf(kube).snapshot.peerAuthentications).toHaveLength(1);
  });
});
