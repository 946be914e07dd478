// kiali-backend-reference §2.4.2, §5.3 (KIA0506, fixtures disabled_meshwide_checker_*).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { meshDisableDrMissing as checker } from './mesh-disable-dr-missing.js';

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: disable-mesh-mtls, namespace: istio-system}
spec:
  mtls:
    mode: DISABLE
---
`;
const dr = (host: string, mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: "${host}"
  trafficPolicy: {tls: {mode: ${mode}}}
`;

describe('KIA0506 mesh DISABLE while a mesh-wide DestinationRule sends mTLS', () => {
  it.each([
    { name: '*.local ISTIO_MUTUAL: fires at spec/mtls', yaml: PA + dr('*.local', 'ISTIO_MUTUAL'), want: [{ path: 'spec/mtls', line: 6, column: 5 }] },
    { name: '*.local MUTUAL: fires', yaml: PA + dr('*.local', 'MUTUAL'), want: [{ path: 'spec/mtls', line: 6, column: 5 }] },
    { name: 'a host-specific DR: quiet', yaml: PA + dr('grafana.istio-system.svc.cluster.local', 'ISTIO_MUTUAL'), want: [] },
    { name: '*.local DISABLE: quiet', yaml: PA + dr('*.local', 'DISABLE'), want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'PeerAuthentication/istio-system/disable-mesh-mtls')).toEqual(want);
  });
});
