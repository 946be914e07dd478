// kiali-backend-reference §2.4.12 (KIA1114).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceNotInServiceNamespace as checker } from './virtual-service-not-in-service-namespace.js';

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

describe('KIA1114 L7 VirtualService outside the ambient Service namespace', () => {
  it('flags the host of an ambient Service in another namespace', () => {
    expect(runChecker(checker, world('web', ENROLLED), 'VirtualService/web/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1114', severity: 'warning', invalidates: true, path: 'spec/hosts[1]', line: 18, column: 28 }),
    ]);
  });

  it('is quiet in the Service namespace, and for VirtualServices bound only to gateways', () => {
    expect(runChecker(checker, world('shop', ENROLLED), 'VirtualService/shop/cart')).toEqual([]);
    expect(runChecker(checker, world('web', ENROLLED, undefined, '\n  gateways: [istio-system/edge]'), 'VirtualService/web/cart')).toEqual([]);
  });
});
