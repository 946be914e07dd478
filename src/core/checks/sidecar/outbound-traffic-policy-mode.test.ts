// kiali-backend-reference §2.4.4 (KIA1007), narrowed to a missing mode (DEVIATIONS-other-kinds.md).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { sidecarOutboundTrafficPolicyMode as checker } from './outbound-traffic-policy-mode.js';

const sidecar = (policy: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: bookinfo}
spec:
  outboundTrafficPolicy: ${policy}
`;

describe('KIA1007 outboundTrafficPolicy without mode', () => {
  it('flags a policy without mode, saying what Istio makes of it', () => {
    expect(runChecker(checker, sidecar('{egressProxy: {host: proxy.example.com}}'), 'Sidecar/bookinfo/default')).toEqual([
      expect.objectContaining({
        code: 'KIA1007',
        severity: 'info',
        invalidates: false,
        message: expect.stringContaining('REGISTRY_ONLY'),
        path: 'spec/outboundTrafficPolicy',
        line: 5,
        column: 26,
      }),
    ]);
  });

  it.each(['{mode: REGISTRY_ONLY}', '{mode: ALLOW_ANY}'])('is quiet for an explicit mode: %s', (policy) => {
    expect(runChecker(checker, sidecar(policy), 'Sidecar/bookinfo/default')).toEqual([]);
  });
});
