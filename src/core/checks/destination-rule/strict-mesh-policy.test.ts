// kiali-backend-reference §2.4.1, §5.2 (KIA0208, fixtures disabled_meshwide_checker_*).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { strictMeshPolicy as checker } from './strict-mesh-policy.js';

const dr = (host: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: disable, namespace: bookinfo}
spec:
  host: "${host}"
  trafficPolicy:
    tls:
      mode: DISABLE
---
`;
const meshPa = (mode: string, selector = '') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {${selector}mtls: {mode: ${mode}}}
`;
const AT = [{ path: 'spec/trafficPolicy/tls/mode', line: 8, column: 13 }];

describe('KIA0208 DISABLE rule under a mesh STRICT policy', () => {
  it.each([
    { name: '*.local DISABLE, mesh STRICT: fires', yaml: dr('*.local') + meshPa('STRICT'), want: AT },
    { name: 'namespace-wide DISABLE inheriting mesh STRICT: fires', yaml: dr('*.bookinfo.svc.cluster.local') + meshPa('STRICT'), want: AT },
    { name: 'mesh PERMISSIVE: quiet', yaml: dr('*.local') + meshPa('PERMISSIVE'), want: [] },
    { name: 'a selector policy in the root namespace is ignored: quiet', yaml: dr('*.local') + meshPa('STRICT', 'selector: {matchLabels: {app: grafana}}, '), want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/disable')).toEqual(want);
  });
});
