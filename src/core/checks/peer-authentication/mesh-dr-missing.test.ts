// kiali-backend-reference §2.4.2 (KIA0401); istio-mtls-semantics §3.4 (auto mTLS off).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { meshDrMissing as checker } from './mesh-dr-missing.js';

const mesh = (auto: boolean) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "enableAutoMtls: ${auto}"
---
`;
const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls:
    mode: STRICT
---
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh, namespace: istio-system}
spec:
  host: "*.local"
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`;

describe('KIA0401 mesh-wide STRICT without a mesh-wide ISTIO_MUTUAL DestinationRule', () => {
  it.each([
    { name: 'auto mTLS off, no DR: fires at spec/mtls', yaml: mesh(false) + PA, want: [{ path: 'spec/mtls', line: 12, column: 5 }] },
    { name: 'auto mTLS off, *.local ISTIO_MUTUAL: quiet', yaml: mesh(false) + PA + DR, want: [] },
    { name: 'auto mTLS on: never fires', yaml: mesh(true) + PA, want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'PeerAuthentication/istio-system/default')).toEqual(want);
  });
});
