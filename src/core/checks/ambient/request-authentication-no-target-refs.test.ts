// kiali-backend-reference §2.4.12 (KIA1115).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { requestAuthenticationNoTargetRefs as checker } from './request-authentication-no-target-refs.js';

const ra = (attach: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  ${attach}
  jwtRules: [{issuer: https://issuer.example.com}]
`;

describe('KIA1115 RequestAuthentication in ambient without targetRefs', () => {
  it('flags a selector-attached RequestAuthentication', () => {
    expect(runChecker(checker, ra('selector: {matchLabels: {app: cart}}'), 'RequestAuthentication/shop/jwt')).toEqual([
      expect.objectContaining({ code: 'KIA1115', severity: 'warning', invalidates: true, path: '', line: 5, column: 1 }),
    ]);
  });

  it('is quiet with targetRefs', () => {
    expect(runChecker(checker, ra('targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}]'), 'RequestAuthentication/shop/jwt')).toEqual([]);
  });
});
