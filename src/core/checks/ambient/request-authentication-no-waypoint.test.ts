// kiali-backend-reference §2.4.12 (KIA1110).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { requestAuthenticationNoWaypoint as checker } from './request-authentication-no-waypoint.js';

const world = (workloadLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata: {labels: ${workloadLabels}}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  jwtRules: [{issuer: https://issuer.example.com}]
`;

describe('KIA1110 RequestAuthentication in ambient without waypoint enrollment', () => {
  it('flags a RequestAuthentication whose selected workload is not enrolled', () => {
    expect(runChecker(checker, world('{app: cart}'), 'RequestAuthentication/shop/jwt')).toEqual([
      expect.objectContaining({ code: 'KIA1110', severity: 'warning', invalidates: true, path: '', line: 12, column: 1 }),
    ]);
  });

  it('is quiet when the selected workload is enrolled', () => {
    expect(runChecker(checker, world('{app: cart, istio.io/use-waypoint: waypoint}'), 'RequestAuthentication/shop/jwt')).toEqual([]);
  });
});
