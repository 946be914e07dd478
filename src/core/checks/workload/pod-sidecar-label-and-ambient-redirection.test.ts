// kiali-backend-reference §2.4.11 (KIA1314).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadPodSidecarLabelAndAmbientRedirection as checker } from './pod-sidecar-label-and-ambient-redirection.js';

const world = (redirection: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: cart}
---
apiVersion: v1
kind: Pod
metadata:
  name: cart-7d9f8-abcde
  namespace: shop
  labels: {app: cart}
  annotations: {ambient.istio.io/redirection: ${redirection}}
  ownerReferences: [{kind: ReplicaSet, name: cart-7d9f8}]
spec: {containers: [{name: cart, image: cart}]}
status: {phase: Running}
`;

describe('KIA1314 sidecar label and ambient redirection', () => {
  it('flags a sidecar-labelled workload with a pod redirected to ztunnel', () => {
    expect(runChecker(checker, world('enabled'), 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1314', severity: 'error', invalidates: true, path: 'spec/template/metadata/labels', line: 11, column: 15 }),
    ]);
  });

  it('is quiet when the pod is not redirected', () => {
    expect(runChecker(checker, world('disabled'), 'Deployment/shop/cart')).toEqual([]);
  });
});
