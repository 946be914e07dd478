// kiali-backend-reference §2.4.5 (KIA1102); corpus case vs-no-gateway--non-existent-gateway-in-match.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceGatewayNotFound as checker } from './gateway-not-found.js';

const GATEWAYS = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: valid-gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"]}]
---
`;

const vs = (gateways: string, matchGateways: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: test, namespace: default}
spec:
  hosts: ["*"]
  gateways: ${gateways}
  http:
  - match:
    - gateways: ${matchGateways}
    route:
    - destination: {host: test}
`;

describe('KIA1102 VirtualService gateway not found', () => {
  it('flags unknown gateways in spec.gateways and in http match gateways (Kiali path, no match index)', () => {
    expect(runChecker(checker, GATEWAYS + vs('[valid-gateway, missing]', '[mesh, gone]'), 'VirtualService/default/test')).toEqual([
      expect.objectContaining({ code: 'KIA1102', severity: 'error', path: 'spec/gateways[1]', line: 20, column: 29 }),
      expect.objectContaining({ path: 'spec/http[0]/match/gateways[1]', line: 23, column: 5 }),
    ]);
  });

  it('resolves name, ./name, ns/name and the legacy name.ns forms as Istio does', () => {
    const yaml = GATEWAYS + vs('[valid-gateway, ./valid-gateway, istio-system/edge, edge.istio-system.svc.cluster.local, mesh]', '[default/valid-gateway]');
    expect(runChecker(checker, yaml, 'VirtualService/default/test')).toEqual([]);
  });

  it('does not take a Gateway API Gateway for an Istio one', () => {
    const k8s = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: k8s-gw, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
`;
    expect(runChecker(checker, k8s + vs('[k8s-gw]', '[mesh]'), 'VirtualService/default/test').map((f) => f.path)).toEqual(['spec/gateways[0]']);
  });
});
