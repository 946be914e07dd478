// Initial sync of the synthetic mesh from a real kube-apiserver with Istio's CRDs (src/testing/kube-cluster):
// the cluster's start-up, loading the mesh into it (not part of the sync), then the same figures as the
// look-alike's scenario: KubeSource created → ready, one PeerAuthentication edited → applied to the engine,
// and the source's steady memory. Lists are counted from the API server's audit log.
import { load as loadYaml } from 'js-yaml';
import { statusReport, MeshStore } from '../../src/core/index.js';
import { KubeSource } from '../../src/sources/kube/kube-source.js';
import { collectionUrl, type ClusterClient, type KubeObject } from '../../src/testing/kube-cluster/client.js';
import { startKubeCluster, type KubeCluster, type StartupTimes } from '../../src/testing/kube-cluster/cluster.js';
import { generateMesh } from '../generate-mesh.js';
import { round, time } from '../measure.js';

export interface KubeApiServerFigures {
  namespaces: number;
  /** Objects created in the cluster. */
  objects: number;
  /** etcd and kube-apiserver ready, Istio's CRDs established. */
  clusterStartup: StartupTimes;
  /** Creating every object through the API (not part of the sync). */
  loadMs: number;
  initialSyncMs: number;
  firstStatusMs: number;
  changeVisibleMs: number;
  listRequests: number;
  steadyRssMb: number;
  steadyHeapMb: number;
}

/** Requests in flight while loading: enough to keep the API server busy, few enough not to be throttled. */
const LOAD_CONCURRENCY = 16;

/** A create that timed out on a busy machine is sent again; AlreadyExists then means the first one landed. */
async function createOne(client: ClusterClient, object: KubeObject): Promise<void> {
  const path = collectionUrl(String(object.apiVersion), String(object.kind), String(object.metadata?.namespace ?? 'default'));
  for (let attempt = 1; ; attempt++) {
    const response = await client.request('POST', path, object).catch((error: unknown) => ({ status: 0, body: String(error) }));
    if (response.status === 201 || (attempt > 1 && response.status === 409)) return;
    if (attempt >= 3 || (response.status !== 0 && response.status < 500)) throw new Error(`create ${path}: HTTP ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  }
}

async function createAll(client: ClusterClient, objects: readonly KubeObject[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < objects.length; i = next++) await createOne(client, objects[i]!);
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
}

/** Creates the synthetic mesh in the cluster; returns the count and the PeerAuthentication the bench edits. */
async function loadMesh(cluster: KubeCluster, namespaces: number, workloadsPerNamespace: number): Promise<{ objects: number; ms: number; edited: { namespace: string; name: string } }> {
  const started = performance.now();
  const documents = generateMesh({ namespaces, workloadsPerNamespace, seed: 1 })
    .files.flatMap((file) => file.text.split(/^---\n/m))
    .map((text) => loadYaml(text) as KubeObject)
    .filter((o) => o?.kind);
  const loader = cluster.client('admin', { keepAlive: true });
  await createAll(loader, documents.filter((o) => o.kind === 'Namespace'));
  await createAll(loader, documents.filter((o) => o.kind !== 'Namespace'));
  loader.close();
  const edited = documents.find((o) => o.kind === 'PeerAuthentication' && o.metadata?.namespace !== 'istio-system')!;
  return { objects: documents.length, ms: performance.now() - started, edited: { namespace: String(edited.metadata?.namespace), name: String(edited.metadata?.name) } };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const collect = () => (globalThis as { gc?: () => void }).gc?.();

export async function benchKubeSyncApiServer(options: { namespaces?: number; workloadsPerNamespace?: number } = {}): Promise<KubeApiServerFigures> {
  const namespaces = options.namespaces ?? 2000;
  const cluster = await startKubeCluster();
  let source: KubeSource | undefined;
  try {
    const loaded = await loadMesh(cluster, namespaces, options.workloadsPerNamespace ?? 10);
    collect();

    const started = performance.now();
    source = new KubeSource({ kubeConfig: cluster.kubeConfig() });
    await source.ready();
    const initialSyncMs = performance.now() - started;
    const synced = source;
    const status = time(() => statusReport(new MeshStore(synced.contents()).current.engine));

    const held = (await cluster.admin.get('security.istio.io/v1', 'PeerAuthentication', loaded.edited.namespace, loaded.edited.name))!;
    const mode = (held.spec as { mtls?: { mode?: string } } | undefined)?.mtls?.mode === 'STRICT' ? 'PERMISSIVE' : 'STRICT';
    const seen = new Promise<number>((resolve) => {
      const unsubscribe = synced.subscribe((event) => {
        if (event.type === 'changes' && event.changes.some((c) => c.type === 'upsert' && c.object.kind === 'PeerAuthentication')) {
          unsubscribe();
          resolve(performance.now());
        }
      });
    });
    const editStarted = performance.now();
    await cluster.admin.replace({ ...held, spec: { ...(held.spec as object), mtls: { mode } } });
    const changeVisibleMs = (await seen) - editStarted;

    collect();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    collect();
    const memory = process.memoryUsage();
    return {
      namespaces,
      objects: loaded.objects,
      clusterStartup: cluster.startup,
      loadMs: round(loaded.ms),
      initialSyncMs: round(initialSyncMs),
      firstStatusMs: round(status.ms),
      changeVisibleMs: round(changeVisibleMs),
      listRequests: cluster.requests({ verb: 'list' }),
      steadyRssMb: mb(memory.rss),
      steadyHeapMb: mb(memory.heapUsed),
    };
  } finally {
    await source?.close();
    await cluster.close();
  }
}
