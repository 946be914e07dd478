// KIA0205: Kiali's rule with auto mTLS off; with auto mTLS on only a mesh DISABLE policy breaks the mTLS the
// rule asks for (istio-mtls-semantics §1.4, §4.2; docs/validations.md).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { meshPolicyMissing as checker } from './mesh-policy-missing.js';

const mesh = (auto: boolean) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "enableAutoMtls: ${auto}"}
---
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh, namespace: istio-system}
spec:
  host: "*.local"
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
---
`;
const meshPa = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: ${mode}}}
`;

describe('KIA0205 mesh-wide ISTIO_MUTUAL rule without a policy accepting mTLS', () => {
  it.each([
    { name: 'mesh DISABLE: fires at the tls mode', yaml: mesh(true) + DR + meshPa('DISABLE'), want: [{ path: 'spec/trafficPolicy/tls/mode', line: 12, column: 17 }] },
    { name: 'no policy, auto mTLS off: fires (as Kiali)', yaml: mesh(false) + DR, want: [{ path: 'spec/trafficPolicy/tls/mode', line: 12, column: 17 }] },
    { name: 'no policy, auto mTLS on: quiet', yaml: mesh(true) + DR, want: [] },
    { name: 'mesh STRICT: quiet', yaml: mesh(false) + DR + meshPa('STRICT'), want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'DestinationRule/istio-system/mesh')).toEqual(want);
  });
});
