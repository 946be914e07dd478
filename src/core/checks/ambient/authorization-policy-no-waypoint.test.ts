// kiali-backend-reference §2.4.12 (KIA0109).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { authorizationPolicyNoWaypoint as checker } from './authorization-policy-no-waypoint.js';

const world = (nsLabels: string, serviceLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop, labels: ${serviceLabels}}
spec: {selector: {app: cart}, ports: [{name: http, port: 80}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cart-get, namespace: shop}
spec:
  targetRefs: [{kind: Service, group: "", name: cart}]
  rules: [{to: [{operation: {methods: [GET]}}]}]
`;

describe('KIA0109 L7 AuthorizationPolicy in ambient without waypoint enrollment', () => {
  it('flags a policy whose target Service is not enrolled', () => {
    expect(runChecker(checker, world('{istio.io/dataplane-mode: ambient}', '{app: cart}'), 'AuthorizationPolicy/shop/cart-get')).toEqual([
      expect.objectContaining({ code: 'KIA0109', severity: 'warning', invalidates: true, path: '', line: 10, column: 1 }),
    ]);
  });

  it('flags a namespace-wide policy in a namespace that is not enrolled', () => {
    const yaml = world('{istio.io/dataplane-mode: ambient}', '{app: cart}').replace('  targetRefs: [{kind: Service, group: "", name: cart}]\n', '');
    expect(runChecker(checker, yaml, 'AuthorizationPolicy/shop/cart-get')).toHaveLength(1);
  });

  it.each([
    ['the target Service is enrolled', '{istio.io/dataplane-mode: ambient}', '{app: cart, istio.io/use-waypoint: waypoint}'],
    ['the namespace is enrolled', '{istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}', '{app: cart}'],
  ])('is quiet when %s', (_name, nsLabels, serviceLabels) => {
    expect(runChecker(checker, world(nsLabels, serviceLabels), 'AuthorizationPolicy/shop/cart-get')).toEqual([]);
  });
});
