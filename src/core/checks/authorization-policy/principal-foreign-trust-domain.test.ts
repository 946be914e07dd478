// kiali-backend-reference §2.4.3 (KIA0108); trust domain aliases come from the mesh config (istio-mtls-semantics §6).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { principalForeignTrustDomain as checker } from './principal-foreign-trust-domain.js';

const ap = (principal: string, aliases = '[]') => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "trustDomainAliases: ${aliases}"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: productpage, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: productpage}}
    spec: {containers: [{name: app}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  rules:
  - from:
    - source:
        principals: [${principal}]
`;

describe('KIA0108 principal from an unknown trust domain', () => {
  it('flags the principal', () => {
    expect(placed(checker, ap('example.org/ns/bookinfo/sa/default'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([
      { path: 'spec/rules[0]/from[0]/source/principals[0]', line: 21, column: 22 },
    ]);
  });

  it('is quiet for a trust domain alias that matches a workload', () => {
    expect(placed(checker, ap('old.org/ns/bookinfo/sa/default', '[old.org]'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });

  it('is quiet for the mesh trust domain', () => {
    expect(placed(checker, ap('cluster.local/ns/bookinfo/sa/nobody'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });
});
