// kiali-backend-reference §2.4.1 (KIA0204); istio-mtls-semantics §2.5, §3.4 (nothing is inherited from wider rules).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { tlsSettingsOverridden as checker } from './tls-settings-overridden.js';

const MESH = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh, namespace: istio-system}
spec:
  host: "*.local"
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
`;
const reviews = (policy: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
${policy}`;

describe('KIA0204 a specific rule without tls under a mesh-wide ISTIO_MUTUAL rule', () => {
  it('flags spec/trafficPolicy', () => {
    expect(placed(checker, MESH + reviews('    loadBalancer: {simple: RANDOM}\n'), 'DestinationRule/bookinfo/reviews')).toEqual([
      { path: 'spec/trafficPolicy', line: 14, column: 5 },
    ]);
  });

  it('is quiet when the rule repeats tls', () => {
    expect(placed(checker, MESH + reviews('    tls: {mode: ISTIO_MUTUAL}\n'), 'DestinationRule/bookinfo/reviews')).toEqual([]);
  });

  it('is quiet without a wider ISTIO_MUTUAL rule', () => {
    expect(placed(checker, reviews('    loadBalancer: {simple: RANDOM}\n'), 'DestinationRule/bookinfo/reviews')).toEqual([]);
  });
});
