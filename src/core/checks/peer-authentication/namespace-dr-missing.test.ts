// kiali-backend-reference §2.4.2 (KIA0501); istio-mtls-semantics §3.4.
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { namespaceDrMissing as checker } from './namespace-dr-missing.js';

const mesh = (auto: boolean) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "enableAutoMtls: ${auto}"
---
`;
const STRICT_NS = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec:
  mtls: {mode: STRICT}
---
`;
const nsDr = (mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ns, namespace: bookinfo}
spec:
  host: "*.bookinfo.svc.cluster.local"
  trafficPolicy: {tls: {mode: ${mode}}}
`;

/** Namespace bookinfo with one workload, in ambient or with a sidecar. */
const reviews = (labels: string) => `---
apiVersion: v1
kind: Namespace
metadata: {name: bookinfo, labels: ${labels}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: app}]}
`;

describe('KIA0501 namespace STRICT without a DestinationRule enabling mTLS', () => {
  it.each([
    { name: 'auto mTLS on: never fires', yaml: mesh(true) + STRICT_NS, want: [] },
    { name: 'auto mTLS off, no DR: fires at spec/mtls', yaml: mesh(false) + STRICT_NS, want: [{ path: 'spec/mtls', line: 11, column: 9 }] },
    { name: 'auto mTLS off, namespace DR with ISTIO_MUTUAL: quiet', yaml: mesh(false) + STRICT_NS + nsDr('ISTIO_MUTUAL'), want: [] },
    { name: 'auto mTLS off, MUTUAL does not count', yaml: mesh(false) + STRICT_NS + nsDr('MUTUAL'), want: [{ path: 'spec/mtls', line: 11, column: 9 }] },
    {
      name: 'auto mTLS off, only ambient workloads: quiet (ztunnel takes HBONE whatever the rules say)',
      yaml: mesh(false) + STRICT_NS + nsDr('DISABLE') + reviews('{istio.io/dataplane-mode: ambient}'),
      want: [],
    },
    {
      name: 'auto mTLS off, a sidecar workload enforces STRICT: fires',
      yaml: mesh(false) + STRICT_NS + nsDr('DISABLE') + reviews('{istio-injection: enabled}'),
      want: [{ path: 'spec/mtls', line: 11, column: 9 }],
    },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/default')).toEqual(want);
  });
});
