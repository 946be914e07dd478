// kiali-backend-reference §2.4.11 (KIA1316).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadSidecarInAmbientNamespace as checker } from './sidecar-in-ambient-namespace.js';

const world = (inject: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: cart, sidecar.istio.io/inject: "${inject}"}
`;

describe('KIA1316 sidecar workload in an ambient namespace', () => {
  it('flags the workload at its namespace', () => {
    expect(runChecker(checker, world('true'), 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1316', severity: 'warning', invalidates: true, path: 'metadata/namespace', line: 7, column: 35 }),
    ]);
  });

  it('is quiet for a workload without sidecar', () => {
    expect(runChecker(checker, world('false'), 'Deployment/shop/cart')).toEqual([]);
  });
});
