// kiali-backend-reference §2.4.11 (KIA1315).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadPodSidecarAndAmbientLabel as checker } from './pod-sidecar-and-ambient-label.js';

const world = (containers: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers: ${containers}
`;

describe('KIA1315 pod with a sidecar container and the ambient label', () => {
  it('flags an ambient-labelled workload whose pods run istio-proxy', () => {
    expect(runChecker(checker, world('[{name: cart, image: cart}, {name: istio-proxy, image: proxyv2}]'), 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1315', severity: 'error', invalidates: true, path: 'spec/template/metadata/labels', line: 11, column: 15 }),
    ]);
  });

  it('is quiet without the istio-proxy container', () => {
    expect(runChecker(checker, world('[{name: cart, image: cart}]'), 'Deployment/shop/cart')).toEqual([]);
  });
});
