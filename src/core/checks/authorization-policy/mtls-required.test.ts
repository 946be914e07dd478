// kiali-backend-reference §1.8, §2.4.3, §5.1 (KIA0105, mtls_enabled_checker_*); the PeerAuthentication in effect
// and UNSET inheritance come from the engine (istio-mtls-semantics §1.3–1.4, users-and-peers §1.2 kiali#10235).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { mtlsRequired as checker } from './mtls-required.js';

const mesh = (auto: boolean) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "enableAutoMtls: ${auto}"}
---
`;
const AP = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: productpage}}
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/default/sa/bookinfo-productpage]
    to:
    - operation: {methods: [GET]}
---
`;
const pa = (namespace: string, mtls: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: ${namespace}}
spec: {mtls: ${mtls}}
---
`;
const dr = (namespace: string, host: string, mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule-${namespace}, namespace: ${namespace}}
spec: {host: "${host}", trafficPolicy: {tls: {mode: ${mode}}}}
---
`;
const AT = [{ path: 'spec/rules[0]/from[0]/source/principals', line: 14, column: 21 }];

describe('KIA0105 identity fields on workloads that do not receive mTLS', () => {
  it.each([
    { name: 'no policy, auto mTLS on: quiet', yaml: mesh(true) + AP, want: [] },
    { name: 'no policy, auto mTLS off: fires', yaml: mesh(false) + AP, want: AT },
    { name: 'namespace DISABLE: fires', yaml: mesh(true) + AP + pa('bookinfo', '{mode: DISABLE}'), want: AT },
    { name: 'namespace DR DISABLE: fires', yaml: mesh(true) + AP + dr('bookinfo', '*.bookinfo.svc.cluster.local', 'DISABLE'), want: AT },
    { name: 'namespace STRICT + namespace DR ISTIO_MUTUAL, auto mTLS off: quiet', yaml: mesh(false) + AP + pa('bookinfo', '{mode: STRICT}') + dr('bookinfo', '*.bookinfo.svc.cluster.local', 'ISTIO_MUTUAL'), want: [] },
    { name: 'mesh PERMISSIVE + mesh DR ISTIO_MUTUAL, auto mTLS off: quiet', yaml: mesh(false) + AP + pa('istio-system', '{mode: PERMISSIVE}') + dr('istio-system', '*.local', 'ISTIO_MUTUAL'), want: [] },
    {
      name: 'namespace UNSET inherits mesh PERMISSIVE with auto mTLS: quiet (Kiali fires)',
      yaml: mesh(true) + AP + pa('istio-system', '{mode: PERMISSIVE}') + pa('bookinfo', '{}'),
      want: [],
    },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'AuthorizationPolicy/bookinfo/policy')).toEqual(want);
  });

  it('points at each identity field and each identity condition', () => {
    const yaml = `${mesh(false)}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  rules:
  - from:
    - source: {notNamespaces: [foo], requestPrincipals: ["*"]}
    when:
    - {key: "request.headers[x]", values: [a]}
    - {key: source.principal, values: [a]}
`;
    expect(placed(checker, yaml, 'AuthorizationPolicy/bookinfo/policy')).toEqual([
      { path: 'spec/rules[0]/from[0]/source/notNamespaces', line: 12, column: 31 },
      { path: 'spec/rules[0]/when[1]', line: 15, column: 7 },
    ]);
  });
});
