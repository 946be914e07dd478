// kiali-backend-reference §2.4.12 (KIA0211).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { destinationRuleServiceNotEnrolled as checker } from './destination-rule-service-not-enrolled.js';

const world = (drNamespace: string, host: string, policy = '{outlierDetection: {consecutive5xxErrors: 3}}') => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: ${drNamespace}}
spec:
  host: ${host}
  trafficPolicy: ${policy}
`;

describe('KIA0211 L7 DestinationRule for an ambient Service not enrolled to a waypoint', () => {
  it('flags the host', () => {
    expect(runChecker(checker, world('shop', 'cart'), 'DestinationRule/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA0211', severity: 'warning', invalidates: true, path: 'spec/host', line: 14, column: 9 }),
    ]);
  });

  it('is quiet once the Service is enrolled', () => {
    const yaml = world('shop', 'cart').replace('metadata: {name: cart, namespace: shop}', 'metadata: {name: cart, namespace: shop, labels: {istio.io/use-waypoint: waypoint}}');
    expect(runChecker(checker, yaml, 'DestinationRule/shop/cart')).toEqual([]);
  });
});
