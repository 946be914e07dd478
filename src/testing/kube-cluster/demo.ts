// The demo mesh on the test cluster, and what the server holds read back as the engine reads it: the oracle
// the cluster tests compare meshlock's view with.
import { parseAllDocuments } from 'yaml';
import { buildSnapshot, MtlsEngine, normalizeObject, statusReport, type MeshObject, type StatusReport } from '../../core/index.js';
import { WATCHED_KINDS } from '../../sources/kube/kinds.js';
import { demoClusterFiles } from '../demo-cluster.js';
import type { KubeObject } from './client.js';
import { startKubeCluster, type KubeCluster, type KubeClusterOptions } from './cluster.js';

export async function startDemoCluster(options: KubeClusterOptions = {}): Promise<KubeCluster> {
  const cluster = await startKubeCluster(options);
  try {
    await cluster.loadFiles(demoClusterFiles());
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

const keyOf = (o: KubeObject) => `${String(o.kind)}/${o.kind === 'Namespace' ? '' : (metadataOf(o).namespace ?? 'default')}/${metadataOf(o).name ?? ''}`;
/** What a test may have edited: Istio objects and ConfigMaps in full, the labels and annotations of the rest. */
const editedPart = (o: KubeObject) => {
  const { labels, annotations } = (o.metadata ?? {}) as { labels?: unknown; annotations?: unknown };
  const whole = String(o.apiVersion).includes('istio.io') || o.kind === 'ConfigMap';
  return JSON.stringify({ labels: labels ?? {}, annotations: annotations ?? {}, ...(whole ? { spec: o.spec, data: o.data } : {}) });
};

/**
 * Puts the demo back as it was loaded, so tests sharing one cluster start alike: objects a test made in the
 * demo's namespaces are deleted, deleted ones made again, edited ones replaced by their original.
 */
export async function resetDemo(cluster: KubeCluster): Promise<void> {
  const original = new Map<string, KubeObject>();
  for (const file of demoClusterFiles()) {
    for (const doc of parseAllDocuments(file.text)) {
      const object = doc.toJS() as KubeObject | null;
      if (object?.kind) original.set(keyOf(object), object);
    }
  }
  const namespaces = new Set([...original.values()].filter((o) => o.kind === 'Namespace').map((o) => metadataOf(o).name));
  const onServer = (await objectsOnServer(cluster)).filter((o) => (o.kind === 'Namespace' ? namespaces.has(metadataOf(o).name) : namespaces.has(metadataOf(o).namespace)));
  const held = new Map(onServer.map((o) => [keyOf(o), o]));
  for (const [key, object] of held) {
    if (!original.has(key)) await cluster.admin.remove(String(object.apiVersion), String(object.kind), metadataOf(object).namespace ?? '', metadataOf(object).name ?? '');
  }
  for (const [key, object] of original) {
    const now = held.get(key);
    if (!now) await cluster.admin.create(object);
    else if (editedPart(now) !== editedPart(object)) {
      const resourceVersion = (now.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      await cluster.admin.replace({ ...object, metadata: { ...object.metadata, resourceVersion } });
    }
  }
}

const ISTIO_NAMESPACE = 'istio-system';
const metadataOf = (o: KubeObject) => (o.metadata ?? {}) as { name?: string; namespace?: string };

/**
 * Every object of the kinds meshlock reads, as the server holds them now, in the version meshlock prefers
 * (v1; this is for clusters with Istio's current CRDs). ConfigMaps: only the mesh's (`istio` anywhere and
 * istiod's namespace), as meshlock reads them.
 */
export async function objectsOnServer(cluster: KubeCluster): Promise<KubeObject[]> {
  const lists = await Promise.all(
    WATCHED_KINDS.map((kind) => cluster.admin.list(kind.group ? `${kind.group}/${kind.versions[0]}` : kind.versions[0]!, kind.kind)),
  );
  return lists.flat().filter((o) => o.kind !== 'ConfigMap' || metadataOf(o).name === 'istio' || metadataOf(o).namespace === ISTIO_NAMESPACE);
}

/** Objects as the engine reads them, the mesh ConfigMap first (as the kube source orders it). */
export function meshObjects(objects: readonly KubeObject[]): MeshObject[] {
  const normalized = objects.flatMap((o) => {
    const result = normalizeObject(o, undefined);
    return result.type === 'object' ? [result.object] : [];
  });
  return normalized.sort((a, b) => Number(b.kind === 'ConfigMap' && b.name === 'istio') - Number(a.kind === 'ConfigMap' && a.name === 'istio'));
}

/** The status report of what the server holds now. */
export async function statusOnServer(cluster: KubeCluster): Promise<StatusReport> {
  return statusReport(new MtlsEngine(buildSnapshot(meshObjects(await objectsOnServer(cluster)))));
}
