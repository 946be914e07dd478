// kiali-backend-reference §2.4.12 (KIA0210).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { destinationRuleNoWaypoint as checker } from './destination-rule-no-waypoint.js';

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

describe('KIA0210 L7 DestinationRule in an ambient namespace without waypoint', () => {
  it('flags a DestinationRule whose host is no ambient Service, in a namespace that is not enrolled', () => {
    expect(runChecker(checker, world('shop', 'payments'), 'DestinationRule/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA0210', severity: 'warning', invalidates: true, path: 'spec/host', line: 14, column: 9 }),
    ]);
  });

  it('leaves a DestinationRule for an ambient Service to KIA0211/KIA0212', () => {
    expect(runChecker(checker, world('shop', 'cart'), 'DestinationRule/shop/cart')).toEqual([]);
  });
});
