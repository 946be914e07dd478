// AuthorizationPolicies by namespace, once per check run, and which of them apply to a workload.
import { selectorMatches } from '../../model/labels.js';
import { field, nonEmpty, stringMap } from '../../model/read.js';
import type { MeshObject, Workload } from '../../model/types.js';
import { targetRefs } from '../ambient/ambient.js';
import { groupBy, type CheckContext } from '../context.js';

export function authorizationPoliciesIn(ctx: CheckContext, namespace: string): readonly MeshObject[] {
  const byNamespace = ctx.cached('authorization-policies-by-namespace', () =>
    groupBy(
      ctx.objectsOfKind('AuthorizationPolicy').filter((policy) => policy.apiVersion.startsWith('security.istio.io/')),
      (policy) => policy.namespace,
    ),
  );
  return byNamespace.get(namespace) ?? [];
}

/** `selector.matchLabels`; undefined when absent or empty (then the policy is namespace-wide). */
export function policySelector(policy: MeshObject) {
  return nonEmpty(stringMap(field(policy.raw, 'spec', 'selector', 'matchLabels')));
}

/**
 * Whether a policy of the workload's namespace applies to it: through a selector, namespace-wide (no
 * selector, no targetRefs), or through a targetRef to a Service of the namespace that selects it.
 */
export function policyApplies(ctx: CheckContext, policy: MeshObject, w: Workload): boolean {
  const selector = policySelector(policy);
  if (selector) return selectorMatches(selector, w.podLabels);
  const refs = targetRefs(policy);
  if (refs.length === 0) return true;
  return refs.some((ref) => {
    if (field(ref, 'kind') !== 'Service') return false;
    const service = ctx.engine.services.servicesIn(policy.namespace).find((s) => s.name === field(ref, 'name'));
    return service?.selector !== undefined && selectorMatches(service.selector, w.podLabels);
  });
}
