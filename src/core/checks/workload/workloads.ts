// Workload facts the workload checks share: the Workload behind a checked object, its live pods, and its
// sidecar, ambient and waypoint labels as the injector and istiod read them (istio-mtls-semantics §7).
import { pushTo } from '../../model/lists.js';
import { field, list, str } from '../../model/read.js';
import type { MeshObject, WaypointRef, Workload } from '../../model/types.js';
import { DATAPLANE_MODE, namespaceLabels } from '../ambient/ambient.js';
import type { ObjectPath } from '../checker.js';
import type { CheckContext } from '../context.js';
import { gatewayApiGateways } from '../gateway-api/gateway-api.js';

const INJECT = 'sidecar.istio.io/inject';

/** The Workload the snapshot made of this object (controllers and bare Pods; not WorkloadEntries). */
export function asWorkload(ctx: CheckContext, object: MeshObject): Workload | undefined {
  const workloads = ctx.snapshot.workloads;
  // A Workload keeps the document (`raw`) of the object it was made from, so the document finds it: no key
  // text is built for each of the many times the workload checks ask.
  const byDocument = ctx.memoOn(workloads, 'workload-by-document', () => new Map(workloads.filter((w) => w.workloadKind !== 'WorkloadEntry').map((w) => [w.raw, w])));
  return byDocument.get(object.raw);
}

/** Where the pod labels are written: the Pod's own metadata, or the controller's pod template. */
export function podLabelsPath(w: Workload): ObjectPath {
  return w.workloadKind === 'Pod' ? ['metadata', 'labels'] : ['spec', 'template', 'metadata', 'labels'];
}

function podTemplateValue(w: Workload, key: string): string | undefined {
  if (w.podLabels[key] !== undefined) return w.podLabels[key];
  const annotations = w.workloadKind === 'Pod' ? field(w.raw, 'metadata', 'annotations') : field(w.raw, 'spec', 'template', 'metadata', 'annotations');
  return str(field(annotations, key));
}

/**
 * Ambient by label: the workload's `istio.io/dataplane-mode=ambient`, or the namespace's unless the
 * workload opts out with `none`.
 */
export function hasAmbientLabel(ctx: CheckContext, w: Workload): boolean {
  const own = w.podLabels[DATAPLANE_MODE];
  return own === 'ambient' || (namespaceLabels(ctx, w.namespace)[DATAPLANE_MODE] === 'ambient' && own !== 'none');
}

/**
 * Sidecar injection by label: the namespace (`istio-injection=enabled` or any `istio.io/rev`) or the pod
 * (`sidecar.istio.io/inject=true`) asks for it, and neither `istio-injection=disabled` nor
 * `sidecar.istio.io/inject=false` refuses it.
 */
export function hasSidecarLabel(ctx: CheckContext, w: Workload): boolean {
  const ns = namespaceLabels(ctx, w.namespace);
  const pod = podTemplateValue(w, INJECT);
  const enabled = ns['istio-injection'] === 'enabled' || Boolean(ns['istio.io/rev']) || pod === 'true';
  const disabled = ns['istio-injection'] === 'disabled' || pod === 'false';
  return enabled && !disabled;
}

/** A waypoint exists as a Gateway API Gateway or as the deployment Istio made for one. */
export function waypointExists(ctx: CheckContext, ref: WaypointRef): boolean {
  if (gatewayApiGateways(ctx).has(`${ref.namespace}/${ref.name}`)) return true;
  return ctx.engine.services.workloadsIn(ref.namespace).some((w) => w.podLabels['gateway.networking.k8s.io/gateway-name'] === ref.name);
}

/** Live Pods by the controller that owns them (`Kind/namespace/name`; a ReplicaSet also counts for its Deployment). */
function podsByOwner(ctx: CheckContext): ReadonlyMap<string, readonly MeshObject[]> {
  const pods = ctx.objectsOfKind('Pod');
  return ctx.memoOn(pods, 'pods-by-owner', () => indexPods(pods));
}

function indexPods(pods: readonly MeshObject[]): ReadonlyMap<string, readonly MeshObject[]> {
  const built = new Map<string, MeshObject[]>();
  const add = (key: string, pod: MeshObject) => pushTo(built, key, pod);
  for (const pod of pods) {
    add(`Pod/${pod.namespace}/${pod.name}`, pod);
    for (const owner of list(field(pod.raw, 'metadata', 'ownerReferences'))) {
      const kind = str(field(owner, 'kind'));
      const name = str(field(owner, 'name'));
      if (!kind || !name) continue;
      add(`${kind}/${pod.namespace}/${name}`, pod);
      if (kind === 'ReplicaSet') add(`Deployment/${pod.namespace}/${name.replace(/-[a-z0-9]+$/, '')}`, pod);
    }
  }
  return built;
}

export function podsOf(ctx: CheckContext, w: Workload): readonly MeshObject[] {
  return podsByOwner(ctx).get(`${w.kind}/${w.namespace}/${w.name}`) ?? [];
}

/**
 * Whether the workload runs pods. With live Pods loaded, it is whether some belong to it; from manifests
 * alone (no Pod at all), a controller runs pods unless it asks for zero replicas.
 */
export function hasPods(ctx: CheckContext, w: Workload): boolean {
  if (podsOf(ctx, w).length > 0) return true;
  if (ctx.objectsOfKind('Pod').length > 0) return false;
  return field(w.raw, 'spec', 'replicas') !== 0;
}

function hasIstioProxyContainer(pod: MeshObject): boolean {
  return list(field(pod.raw, 'spec', 'containers')).some((c) => field(c, 'name') === 'istio-proxy');
}

/** A pod of the workload runs an istio-proxy container: a live Pod, or the pod template when no Pod is loaded. */
export function runsSidecarContainer(ctx: CheckContext, w: Workload): boolean {
  const pods = podsOf(ctx, w);
  if (pods.length > 0) return pods.some(hasIstioProxyContainer);
  return list(field(w.raw, 'spec', 'template', 'spec', 'containers')).some((c) => field(c, 'name') === 'istio-proxy');
}
