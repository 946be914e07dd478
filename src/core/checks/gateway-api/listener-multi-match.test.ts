// kiali-backend-reference §2.4.10 (KIA1501).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiListenerMultiMatch as checker } from './listener-multi-match.js';

const gw = (name: string, namespace: string, hostname: string, port = 80) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    hostname: ${hostname}
    port: ${port}
    protocol: HTTP
---
`;

describe('KIA1501 two Gateway API Gateways with the same listener', () => {
  it('flags the listener hostname on both, also for a namesake in another namespace', () => {
    const yaml = gw('edge', 'a', 'shop.example.com') + gw('edge', 'b', 'shop.example.com');
    expect(runChecker(checker, yaml, 'Gateway/a/edge')).toEqual([
      expect.objectContaining({ code: 'KIA1501', severity: 'warning', invalidates: false, path: 'spec/listeners[0]/hostname', line: 8, column: 15 }),
    ]);
    expect(runChecker(checker, yaml, 'Gateway/b/edge')).toEqual([expect.objectContaining({ line: 19, column: 15 })]);
  });

  it.each([
    ['ports differ', gw('edge', 'a', 'shop.example.com') + gw('other', 'a', 'shop.example.com', 443)],
    ['hostnames differ', gw('edge', 'a', 'shop.example.com') + gw('other', 'a', 'api.example.com')],
  ])('is quiet when %s', (_name, yaml) => {
    expect(runChecker(checker, yaml, 'Gateway/a/edge')).toEqual([]);
  });

  it('ignores Istio Gateways', () => {
    const istio = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: a}
spec:
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.com]}]
`;
    expect(runChecker(checker, istio, 'Gateway/a/edge')).toEqual([]);
  });
});
