// Istio WorkloadGroups of one namespace, indexed once per check run.
import type { MeshObject } from '../../model/types.js';
import { groupBy, type CheckContext } from '../context.js';

export function isWorkloadGroup(object: MeshObject): boolean {
  return object.kind === 'WorkloadGroup' && object.apiVersion.startsWith('networking.istio.io/');
}

export function workloadGroupsIn(ctx: CheckContext, namespace: string): readonly MeshObject[] {
  const byNamespace = ctx.cached('workload-groups-by-namespace', () => groupBy(ctx.objectsOfKind('WorkloadGroup').filter(isWorkloadGroup), (g) => g.namespace));
  return byNamespace.get(namespace) ?? [];
}
