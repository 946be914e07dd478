// kiali-backend-reference §2.4.10 (KIA1504), with Istio's built-in classes and declared GatewayClasses.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiGatewayClassNotFound as checker } from './gateway-class-not-found.js';

const CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: envoy}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
`;

const gw = (className: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: edge}
spec:
  gatewayClassName: ${className}
  listeners: [{name: http, port: 80, protocol: HTTP}]
`;

describe('KIA1504 unknown GatewayClass', () => {
  it('flags a class that is neither Istio\'s nor declared', () => {
    expect(runChecker(checker, CLASS + gw('nginx'), 'Gateway/edge/edge')).toEqual([
      expect.objectContaining({ code: 'KIA1504', severity: 'error', invalidates: true, path: 'spec/gatewayClassName', line: 10, column: 21 }),
    ]);
  });

  it.each(['istio', 'istio-waypoint', 'envoy'])('is quiet for %s', (className) => {
    expect(runChecker(checker, CLASS + gw(className), 'Gateway/edge/edge')).toEqual([]);
  });
});
