// Istio WorkloadGroups of one namespace, indexed once per check run.
import type { MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';

export function isWorkloadGroup(object: MeshObject): boolean {
  return object.kind === 'WorkloadGroup' && object.apiVersion.startsWith('networking.istio.io/');
}

export function workloadGroupsIn(ctx: CheckContext, namespace: string): readonly MeshObject[] {
  const byNamespace = ctx.cached('workload-groups-by-namespace', () => {
    const built = new Map<string, MeshObject[]>();
    for (const group of ctx.objectsOfKind('WorkloadGroup')) {
      if (!isWorkloadGroup(group)) continue;
      const list = built.get(group.namespace);
      if (list) list.push(group);
      else built.set(group.namespace, [group]);
    }
    return built;
  });
  return byNamespace.get(namespace) ?? [];
}
