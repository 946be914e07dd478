// kiali-backend-reference §2.4.6 (KIA0302).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewaySelectorWorkloadNotFound as checker } from './selector-workload-not-found.js';

const INGRESS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  template:
    metadata: {labels: {istio: ingressgateway, app: istio-ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
---
`;

const gw = (selector: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: bookinfo}
spec:
  selector: ${selector}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;

describe('KIA0302 no workload matches the gateway selector', () => {
  it('flags a selector that matches no workload of any namespace', () => {
    expect(runChecker(checker, INGRESS + gw('{istio: egressgateway}'), 'Gateway/bookinfo/edge')).toEqual([
      expect.objectContaining({ code: 'KIA0302', severity: 'warning', invalidates: true, path: 'spec/selector', line: 13, column: 13 }),
    ]);
  });

  it.each([
    ['a selector matching gateway pods in another namespace', '{istio: ingressgateway}'],
    ['an empty selector', '{}'],
  ])('is quiet for %s', (_name, selector) => {
    expect(runChecker(checker, INGRESS + gw(selector), 'Gateway/bookinfo/edge')).toEqual([]);
  });

  it('is quiet when the files describe no workloads', () => {
    expect(runChecker(checker, gw('{istio: egressgateway}'), 'Gateway/bookinfo/edge')).toEqual([]);
  });
});
