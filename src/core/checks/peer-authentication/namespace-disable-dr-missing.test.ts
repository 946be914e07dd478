// kiali-backend-reference §2.4.2, §5.3 (KIA0505, fixtures disabled_namespacewide_checker_*).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { namespaceDisableDrMissing as checker } from './namespace-disable-dr-missing.js';

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: disable, namespace: bookinfo}
spec:
  mtls:
    mode: DISABLE
---
`;
const dr = (name: string, namespace: string, host: string, mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  host: "${host}"
  trafficPolicy: {tls: {mode: ${mode}}}
---
`;
const AT = [{ path: 'spec/mtls', line: 6, column: 5 }];

describe('KIA0505 namespace DISABLE while a DestinationRule sends mTLS', () => {
  it.each([
    { name: 'namespace DR ISTIO_MUTUAL: fires', yaml: PA + dr('ns', 'bookinfo', '*.bookinfo.svc.cluster.local', 'ISTIO_MUTUAL'), want: AT },
    { name: 'namespace DR DISABLE: quiet', yaml: PA + dr('ns', 'bookinfo', '*.bookinfo.svc.cluster.local', 'DISABLE'), want: [] },
    { name: 'mesh DR ISTIO_MUTUAL: fires', yaml: PA + dr('mesh', 'istio-system', '*.local', 'ISTIO_MUTUAL'), want: AT },
    {
      name: 'mesh DR ISTIO_MUTUAL but namespace DR DISABLE: quiet',
      yaml: PA + dr('mesh', 'istio-system', '*.local', 'ISTIO_MUTUAL') + dr('ns', 'bookinfo', '*.bookinfo.svc.cluster.local', 'DISABLE'),
      want: [],
    },
    { name: 'no DR: quiet', yaml: PA, want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/disable')).toEqual(want);
  });
});
