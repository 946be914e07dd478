// kiali-backend-reference §2.4.11 (KIA1301).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadAuthorizationPolicyUncovered as checker } from './authorization-policy-uncovered.js';

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
---
`;

const policy = (namespace: string, selector: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow, namespace: ${namespace}}
spec:${selector}
  rules: [{from: [{source: {namespaces: [bookinfo]}}]}]
`;

describe('KIA1301 workload covered by no AuthorizationPolicy', () => {
  it('flags a workload that only a policy for other workloads selects', () => {
    expect(runChecker(checker, WORKLOAD + policy('bookinfo', '\n  selector: {matchLabels: {app: ratings}}'), 'Deployment/bookinfo/reviews')).toEqual([
      expect.objectContaining({ code: 'KIA1301', severity: 'warning', invalidates: false, path: 'metadata/name', line: 3, column: 18 }),
    ]);
  });

  it.each([
    ['a namespace-wide policy', policy('bookinfo', '')],
    ['a selecting policy', policy('bookinfo', '\n  selector: {matchLabels: {app: reviews}}')],
    ['a mesh-wide policy in the root namespace', policy('istio-system', '')],
  ])('is quiet with %s', (_name, yaml) => {
    expect(runChecker(checker, WORKLOAD + yaml, 'Deployment/bookinfo/reviews')).toEqual([]);
  });
});
