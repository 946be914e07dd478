// kiali-backend-reference §2.4.3 (KIA0004 on AuthorizationPolicy).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { authorizationPolicyWorkloadNotFound as checker } from './workload-not-found.js';

const ap = (app: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  selector:
    matchLabels: {app: ${app}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ratings, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: ratings}}
    spec: {containers: [{name: app}]}
`;

describe('KIA0004 AuthorizationPolicy selector matches no workload', () => {
  it('flags spec/selector/matchLabels', () => {
    expect(placed(checker, ap('details'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([{ path: 'spec/selector/matchLabels', line: 6, column: 18 }]);
  });

  it('is quiet when a workload matches', () => {
    expect(placed(checker, ap('ratings'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });
});
