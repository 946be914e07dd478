// kiali-backend-reference §2.4.10 (GWAPI status conditions).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiStatusCondition as checker } from './status-condition.js';

const gw = (accepted: string, reason: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: edge}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
status:
  conditions:
  - {type: Accepted, status: "${accepted}", reason: ${reason}, message: Resource accepted}
  - {type: Programmed, status: "True", reason: Programmed, message: ok}
  listeners:
  - name: http
    conditions:
    - {type: ResolvedRefs, status: "False", reason: InvalidCertificateRef, message: secret missing}
`;

describe('GWAPI negative status conditions', () => {
  it('flags a bad Gateway condition at its reason and a bad listener condition where it is', () => {
    expect(runChecker(checker, gw('False', 'InvalidParameters'), 'Gateway/edge/edge')).toEqual([
      expect.objectContaining({
        code: 'GWAPI',
        severity: 'warning',
        message: 'Resource accepted. GWAPI errors should be changed in the spec.',
        path: 'status/conditions[0]/reason/InvalidParameters',
        line: 9,
        column: 47,
      }),
      expect.objectContaining({ message: 'secret missing. GWAPI errors should be changed in the spec.', path: 'status/listeners[0]/conditions[0]/reason', line: 14, column: 53 }),
    ]);
  });

  it('skips conditions that are only pending', () => {
    expect(runChecker(checker, gw('False', 'Pending'), 'Gateway/edge/edge')).toHaveLength(1);
    expect(runChecker(checker, gw('True', 'Accepted'), 'Gateway/edge/edge')).toHaveLength(1);
  });
});
