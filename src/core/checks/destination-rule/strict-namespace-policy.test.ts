// kiali-backend-reference §2.4.1 (KIA0207); the namespace mode comes from the engine (istio-mtls-semantics §1.3–1.4).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { strictNamespacePolicy as checker } from './strict-namespace-policy.js';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ns, namespace: bookinfo}
spec:
  host: "*.bookinfo.svc.cluster.local"
  trafficPolicy:
    tls:
      mode: DISABLE
---
`;
const pa = (name: string, mode: string, created: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: bookinfo, creationTimestamp: "${created}"}
spec: {mtls: {mode: ${mode}}}
---
`;

describe('KIA0207 namespace DISABLE rule under a namespace STRICT policy', () => {
  it.each([
    { name: 'namespace STRICT: fires at the tls mode', yaml: DR + pa('default', 'STRICT', '2024-01-01T00:00:00Z'), want: [{ path: 'spec/trafficPolicy/tls/mode', line: 8, column: 13 }] },
    { name: 'namespace PERMISSIVE: quiet', yaml: DR + pa('default', 'PERMISSIVE', '2024-01-01T00:00:00Z'), want: [] },
    {
      name: 'the older policy is in effect: an older PERMISSIVE hides a younger STRICT',
      yaml: DR + pa('a-strict', 'STRICT', '2024-02-01T00:00:00Z') + pa('b-permissive', 'PERMISSIVE', '2024-01-01T00:00:00Z'),
      want: [],
    },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/ns')).toEqual(want);
  });
});
