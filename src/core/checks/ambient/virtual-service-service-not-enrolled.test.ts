// kiali-backend-reference §2.4.12 (KIA1113).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceServiceNotEnrolled as checker } from './virtual-service-service-not-enrolled.js';

const world = (vsNamespace: string, serviceLabels: string, hosts = 'www.example.com, cart.shop.svc.cluster.local', gateways = '') => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Namespace
metadata: {name: web, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop, labels: ${serviceLabels}}
spec: {selector: {app: cart}, ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: ${vsNamespace}}
spec:
  hosts: [${hosts}]${gateways}
  http: [{route: [{destination: {host: cart.shop.svc.cluster.local}}]}]
`;

const ENROLLED = '{app: cart, istio.io/use-waypoint: waypoint}';

describe('KIA1113 L7 VirtualService for an ambient Service not enrolled to a waypoint', () => {
  it('flags the host of the Service', () => {
    expect(runChecker(checker, world('shop', '{app: cart}'), 'VirtualService/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1113', severity: 'warning', invalidates: true, path: 'spec/hosts[1]', line: 18, column: 28 }),
    ]);
  });

  it('is quiet once the Service is enrolled', () => {
    expect(runChecker(checker, world('shop', ENROLLED), 'VirtualService/shop/cart')).toEqual([]);
  });
});
