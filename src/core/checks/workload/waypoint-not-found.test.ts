// kiali-backend-reference §2.4.11 (KIA1313).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadWaypointNotFound as checker } from './waypoint-not-found.js';

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: shop-waypoint}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: cart}
---
`;

const WAYPOINT = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: shop-waypoint, namespace: shop}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
`;

describe('KIA1313 waypoint named but missing', () => {
  it('flags a workload whose namespace names a waypoint that does not exist', () => {
    expect(runChecker(checker, NAMESPACE, 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1313', severity: 'error', invalidates: true, path: 'spec/template/metadata/labels', line: 11, column: 15 }),
    ]);
  });

  it('is quiet once the waypoint Gateway exists', () => {
    expect(runChecker(checker, NAMESPACE + WAYPOINT, 'Deployment/shop/cart')).toEqual([]);
  });

  it('is quiet when the workload opts out with use-waypoint none', () => {
    expect(runChecker(checker, NAMESPACE.replace('{app: cart}', '{app: cart, istio.io/use-waypoint: none}'), 'Deployment/shop/cart')).toEqual([]);
  });
});
