// kiali-backend-reference §2.4.8 (KIA1702).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadGroupDuplicateLabels as checker } from './duplicate-labels.js';

const wg = (name: string, namespace: string, labels: string) => `apiVersion: networking.istio.io/v1
kind: WorkloadGroup
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  metadata:
    labels: ${labels}
  template: {serviceAccount: vm}
---
`;

describe('KIA1702 WorkloadGroups with the same labels in one namespace', () => {
  it('flags both groups, whatever the order of the labels', () => {
    const yaml = wg('a', 'vms', '{app: db, version: v1}') + wg('b', 'vms', '{version: v1, app: db}');
    expect(runChecker(checker, yaml, 'WorkloadGroup/vms/b')).toEqual([
      expect.objectContaining({ code: 'KIA1702', severity: 'warning', invalidates: true, path: 'spec/metadata/labels', line: 14, column: 13 }),
    ]);
    expect(runChecker(checker, yaml, 'WorkloadGroup/vms/a')).toHaveLength(1);
  });

  it.each([
    ['labels differ', wg('a', 'vms', '{app: db}') + wg('b', 'vms', '{app: web}')],
    ['namespaces differ', wg('a', 'vms', '{app: db}') + wg('b', 'other', '{app: db}')],
  ])('is quiet when %s', (_name, yaml) => {
    expect(runChecker(checker, yaml, 'WorkloadGroup/vms/a')).toEqual([]);
  });
});
