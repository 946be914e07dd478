// KIA0206: Kiali's rule with auto mTLS off (the seeds' story), Istio's with it on: only a namespace mode of
// DISABLE (own or inherited) turns the mTLS that the rule asks for away (istio-mtls-semantics §1.4, §4.2).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { namespacePolicyMissing as checker } from './namespace-policy-missing.js';

const mesh = (auto: boolean) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "enableAutoMtls: ${auto}"}
---
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ns, namespace: bookinfo}
spec:
  host: "*.bookinfo.svc.cluster.local"
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
---
`;
const pa = (namespace: string, mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: ${namespace}}
spec: {mtls: {mode: ${mode}}}
---
`;
const AT = [{ path: 'spec/trafficPolicy/tls/mode', line: 12, column: 17 }];

describe('KIA0206 namespace-wide ISTIO_MUTUAL rule without a policy accepting mTLS', () => {
  it.each([
    { name: 'namespace DISABLE: fires', yaml: mesh(true) + DR + pa('bookinfo', 'DISABLE'), want: AT },
    { name: 'mesh DISABLE inherited: fires', yaml: mesh(true) + DR + pa('istio-system', 'DISABLE'), want: AT },
    { name: 'mesh DISABLE, namespace PERMISSIVE: quiet', yaml: mesh(true) + DR + pa('istio-system', 'DISABLE') + pa('bookinfo', 'PERMISSIVE'), want: [] },
    { name: 'no policy, auto mTLS off: fires (seed 001)', yaml: mesh(false) + DR, want: AT },
    { name: 'no policy, auto mTLS on: quiet (PERMISSIVE accepts mTLS; Kiali sometimes fires, kiali#10188)', yaml: mesh(true) + DR, want: [] },
    { name: 'auto mTLS off, namespace STRICT: quiet', yaml: mesh(false) + DR + pa('bookinfo', 'STRICT'), want: [] },
    { name: 'auto mTLS off, mesh PERMISSIVE inherited: quiet', yaml: mesh(false) + DR + pa('istio-system', 'PERMISSIVE'), want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/ns')).toEqual(want);
  });
});
