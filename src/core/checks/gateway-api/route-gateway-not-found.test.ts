// kiali-backend-reference §2.4.10 (KIA1401).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiRouteGatewayNotFound as checker } from './route-gateway-not-found.js';

const WORLD = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {shared-gateway: "yes"}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: istio
  listeners:
  - {name: public, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared-gateway: "yes"}}}}}
  - {name: private, port: 8080, protocol: HTTP}
---
`;

const route = (parentRefs: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  parentRefs: ${parentRefs}
  rules: [{backendRefs: [{name: shop, port: 80}]}]
`;

describe('KIA1401 route parent Gateway missing or not accepting the route namespace', () => {
  it('flags a missing Gateway and a listener that admits only its own namespace', () => {
    const refs = '[{name: edge, namespace: infra, sectionName: private}, {name: gone, namespace: infra}]';
    expect(runChecker(checker, WORLD + route(refs), 'HTTPRoute/shop/shop')).toEqual([
      expect.objectContaining({ code: 'KIA1401', severity: 'error', invalidates: true, path: 'spec/parentRefs[0]/name/edge', line: 18, column: 23 }),
      expect.objectContaining({ path: 'spec/parentRefs[1]/name/gone', line: 18, column: 77 }),
    ]);
  });

  it.each([
    ['a listener selecting the route namespace', '[{name: edge, namespace: infra}]'],
    ['a parent that is a Service (mesh routing)', '[{name: shop, kind: Service, group: ""}]'],
  ])('is quiet for %s', (_name, refs) => {
    expect(runChecker(checker, WORLD + route(refs), 'HTTPRoute/shop/shop')).toEqual([]);
  });
});
