// kiali-backend-reference §2.4.12 (KIA1109).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceNoWaypoint as checker } from './virtual-service-no-waypoint.js';

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

describe('KIA1109 L7 VirtualService in an ambient namespace without waypoint', () => {
  it('flags the first host when no host is an ambient Service and the namespace is not enrolled', () => {
    expect(runChecker(checker, world('web', '{app: cart}', 'www.example.com, cart.other.svc.cluster.local'), 'VirtualService/web/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1109', severity: 'warning', invalidates: true, path: 'spec/hosts[0]', line: 18, column: 11 }),
    ]);
  });

  it('leaves a VirtualService whose hosts name an ambient Service to KIA1113/KIA1114', () => {
    expect(runChecker(checker, world('web', '{app: cart}'), 'VirtualService/web/cart')).toEqual([]);
  });
});
