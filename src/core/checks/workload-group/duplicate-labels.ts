import { field, isRecord, stringMap } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { Checker } from '../checker.js';
import { isWorkloadGroup, workloadGroupsIn } from './workload-groups.js';

/** The template labels in a canonical order, so that key order does not matter. */
function labelKey(group: MeshObject): string | undefined {
  const metadata = field(group.raw, 'spec', 'metadata');
  if (!isRecord(metadata)) return undefined;
  return JSON.stringify(Object.entries(stringMap(metadata.labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// Two WorkloadGroups stamping the same labels on their WorkloadEntries: Services and policies select the
// VMs of both, and auto-registered entries cannot be told apart by label.
export const workloadGroupDuplicateLabels: Checker = {
  code: 'KIA1702',
  kinds: ['WorkloadGroup'],
  severity: 'warning',
  message: 'More than one Workload Group with duplicate labels found in the same namespace',
  invalidates: true,
  check(group, ctx) {
    const key = isWorkloadGroup(group) ? labelKey(group) : undefined;
    if (key === undefined) return [];
    const duplicate = workloadGroupsIn(ctx, group.namespace).some((other) => other !== group && other.name !== group.name && labelKey(other) === key);
    return duplicate ? [{ path: ['spec', 'metadata', 'labels'] }] : [];
  },
};
