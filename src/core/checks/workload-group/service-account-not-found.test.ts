// kiali-backend-reference §2.4.8 (KIA1701).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadGroupServiceAccountNotFound as checker } from './service-account-not-found.js';

const WORLD = `apiVersion: v1
kind: ServiceAccount
metadata: {name: vm-sa, namespace: vms}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: vms}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: web-sa}
---
`;

const wg = (account: string) => `apiVersion: networking.istio.io/v1
kind: WorkloadGroup
metadata: {name: db, namespace: vms}
spec:
  metadata: {labels: {app: db}}
  template:
    serviceAccount: ${account}
`;

describe('KIA1701 WorkloadGroup service account not found', () => {
  it('flags an account that no ServiceAccount or workload of the namespace has', () => {
    expect(runChecker(checker, WORLD + wg('db-sa'), 'WorkloadGroup/vms/db')).toEqual([
      expect.objectContaining({ code: 'KIA1701', severity: 'warning', invalidates: true, path: 'spec/template/serviceAccount', line: 19, column: 21 }),
    ]);
  });

  it.each(['vm-sa', 'web-sa', 'default'])('is quiet for %s', (account) => {
    expect(runChecker(checker, WORLD + wg(account), 'WorkloadGroup/vms/db')).toEqual([]);
  });
});
