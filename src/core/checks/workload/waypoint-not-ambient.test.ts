// kiali-backend-reference §2.4.11 (KIA1312).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadWaypointNotAmbient as checker } from './waypoint-not-ambient.js';

const world = (nsLabels: string, replicas = 1) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  replicas: ${replicas}
  template:
    metadata:
      labels: {app: cart, istio.io/use-waypoint: shop-waypoint}
`;

describe('KIA1312 waypoint label outside ambient', () => {
  it('flags a workload that asks for a waypoint in a sidecar namespace', () => {
    expect(runChecker(checker, world('{istio-injection: enabled}'), 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1312', severity: 'warning', invalidates: true, path: 'spec/template/metadata/labels', line: 12, column: 15 }),
    ]);
  });

  it('is quiet in an ambient namespace', () => {
    expect(runChecker(checker, world('{istio.io/dataplane-mode: ambient}'), 'Deployment/shop/cart')).toEqual([]);
  });

  it('is quiet for a workload scaled to zero', () => {
    expect(runChecker(checker, world('{istio-injection: enabled}', 0), 'Deployment/shop/cart')).toEqual([]);
  });
});
