// kiali-backend-reference §2.4.12 (KIA0212).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { destinationRuleNotInServiceNamespace as checker } from './destination-rule-not-in-service-namespace.js';

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

describe('KIA0212 L7 DestinationRule outside the ambient Service namespace', () => {
  it('flags the host', () => {
    expect(runChecker(checker, world('web', 'cart.shop.svc.cluster.local'), 'DestinationRule/web/cart')).toEqual([
      expect.objectContaining({ code: 'KIA0212', severity: 'warning', invalidates: true, path: 'spec/host', line: 14, column: 9 }),
    ]);
  });

  it('is quiet for a DestinationRule without L7 traffic policy', () => {
    expect(runChecker(checker, world('web', 'cart.shop.svc.cluster.local', '{tls: {mode: ISTIO_MUTUAL}}'), 'DestinationRule/web/cart')).toEqual([]);
  });
});
