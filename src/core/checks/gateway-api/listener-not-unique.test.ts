// kiali-backend-reference §2.4.10 (KIA1503).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiListenerNotUnique as checker } from './listener-not-unique.js';

const gw = (secondPort: number) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: edge}
spec:
  gatewayClassName: istio
  listeners:
  - {name: web, hostname: shop.example.com, port: 80, protocol: HTTP}
  - {name: web-2, hostname: shop.example.com, port: ${secondPort}, protocol: HTTP}
`;

describe('KIA1503 listeners of one Gateway share hostname, port and protocol', () => {
  it('flags the name of each clashing listener; valid stays true as in Kiali', () => {
    expect(runChecker(checker, gw(80), 'Gateway/edge/edge')).toEqual([
      expect.objectContaining({ code: 'KIA1503', severity: 'error', invalidates: false, path: 'spec/listeners[0]/name', line: 7, column: 12 }),
      expect.objectContaining({ path: 'spec/listeners[1]/name', line: 8, column: 12 }),
    ]);
  });

  it('is quiet when the ports differ', () => {
    expect(runChecker(checker, gw(8080), 'Gateway/edge/edge')).toEqual([]);
  });
});
