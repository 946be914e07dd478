// kiali-backend-reference §2.4.10 (KIA1402).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiRouteBackendNotFound as checker } from './route-backend-not-found.js';

const SERVICES = `apiVersion: v1
kind: Service
metadata: {name: shop, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: pay}
spec: {ports: [{port: 80}]}
---
`;

const GRANT = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-shop, namespace: pay}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service}]
---
`;

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  parentRefs: [{name: shop, kind: Service, group: ""}]
  rules:
  - backendRefs:
    - {name: shop, port: 80}
    - {name: payments, namespace: pay, port: 80}
    - {name: shop.shop.svc.cluster.local, port: 80}
`;

describe('KIA1402 route reference to a Service that is not there', () => {
  it('flags a dotted name and a cross-namespace backend without ReferenceGrant', () => {
    expect(runChecker(checker, SERVICES + ROUTE, 'HTTPRoute/shop/shop')).toEqual([
      expect.objectContaining({ code: 'KIA1402', severity: 'error', invalidates: true, path: 'spec/rules[0]/backendRefs[1]/name', line: 19, column: 14 }),
      expect.objectContaining({ path: 'spec/rules[0]/backendRefs[2]/name', line: 20, column: 14 }),
    ]);
  });

  it('accepts the cross-namespace backend once a ReferenceGrant allows it', () => {
    expect(runChecker(checker, SERVICES + GRANT + ROUTE, 'HTTPRoute/shop/shop').map((f) => f.path)).toEqual(['spec/rules[0]/backendRefs[2]/name']);
  });

  it('flags a backend Service that does not exist, kind defaulting to Service', () => {
    const yaml = SERVICES + ROUTE.replace('{name: shop, port: 80}', '{name: cart, port: 80}');
    expect(runChecker(checker, yaml, 'HTTPRoute/shop/shop').map((f) => f.path)).toContain('spec/rules[0]/backendRefs[0]/name');
  });
});
