import { field, str } from '../../model/read.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { isWorkloadGroup } from './workload-groups.js';

/** `namespace/account` of every ServiceAccount object and of every account a workload runs as. */
function knownAccounts(ctx: CheckContext): ReadonlySet<string> {
  return ctx.cached('known-service-accounts', () => {
    const built = new Set<string>();
    for (const account of ctx.objectsOfKind('ServiceAccount')) built.add(`${account.namespace}/${account.name}`);
    for (const w of ctx.snapshot.workloads) if (w.workloadKind !== 'WorkloadEntry') built.add(`${w.namespace}/${w.serviceAccount}`);
    return built;
  });
}

// The VMs of a WorkloadGroup get the identity of this account; if it does not exist in the namespace,
// istiod cannot issue them a certificate and they never join the mesh's mTLS.
export const workloadGroupServiceAccountNotFound: Checker = {
  code: 'KIA1701',
  kinds: ['WorkloadGroup'],
  severity: 'warning',
  message: 'Service Account not found in this namespace',
  invalidates: true,
  check(group, ctx) {
    const account = str(field(group.raw, 'spec', 'template', 'serviceAccount'));
    // Every namespace has `default`; files that describe no workloads cannot tell about the others.
    if (!isWorkloadGroup(group) || !account || account === 'default' || !ctx.hasWorkloads) return [];
    return knownAccounts(ctx).has(`${group.namespace}/${account}`) ? [] : [{ path: ['spec', 'template', 'serviceAccount'] }];
  },
};
