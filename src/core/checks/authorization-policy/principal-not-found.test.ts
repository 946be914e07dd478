// kiali-backend-reference §2.4.3 (KIA0106).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { principalNotFound as checker } from './principal-not-found.js';

const ap = (principals: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: productpage, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: productpage}}
    spec: {serviceAccountName: bookinfo-productpage, containers: [{name: app}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  rules:
  - from:
    - source:
        principals: ${principals}
`;

describe('KIA0106 principal that no workload runs as', () => {
  it('flags spec/rules[i]/from[j]/source/principals[k]', () => {
    expect(placed(checker, ap('[cluster.local/ns/bookinfo/sa/bookinfo-productpage, cluster.local/ns/bookinfo/sa/ghost]'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([
      { path: 'spec/rules[0]/from[0]/source/principals[1]', line: 16, column: 73 },
    ]);
  });

  it.each(['[cluster.local/ns/bookinfo/sa/bookinfo-productpage]', '["*"]', '["cluster.local/ns/bookinfo/*"]', '["*/sa/bookinfo-productpage"]'])('is quiet for %s', (principals) => {
    expect(placed(checker, ap(principals), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });

  it('leaves principals of a foreign trust domain to KIA0108', () => {
    expect(placed(checker, ap('[example.org/ns/bookinfo/sa/x]'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });
});
