// kiali-backend-reference §2.4.10 (KIA1502).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiAddressMultiMatch as checker } from './address-multi-match.js';

const gw = (name: string, address: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: edge}
spec:
  gatewayClassName: istio
  addresses:
  - ${address}
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
`;

describe('KIA1502 two Gateways asking for the same address', () => {
  it('flags the addresses of both (the type defaults to IPAddress)', () => {
    const yaml = gw('a', '{type: IPAddress, value: 10.0.0.1}') + gw('b', '{value: 10.0.0.1}');
    expect(runChecker(checker, yaml, 'Gateway/edge/b')).toEqual([
      expect.objectContaining({ code: 'KIA1502', severity: 'warning', invalidates: false, path: 'spec/addresses/value', line: 16, column: 3 }),
    ]);
  });

  it('is quiet when the types differ', () => {
    expect(runChecker(checker, gw('a', '{type: Hostname, value: 10.0.0.1}') + gw('b', '{value: 10.0.0.1}'), 'Gateway/edge/b')).toEqual([]);
  });
});
