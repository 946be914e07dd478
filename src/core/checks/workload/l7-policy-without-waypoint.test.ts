// kiali-backend-reference §2.4.11 (KIA1317).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadL7PolicyWithoutWaypoint as checker } from './l7-policy-without-waypoint.js';

const WORLD = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: cart}
---
`;

const policy = (attach: string, rules: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cart-get, namespace: shop}
spec:${attach}
  rules: ${rules}
`;

const L7 = '[{to: [{operation: {methods: [GET]}}]}]';
const L4 = '[{from: [{source: {principals: ["cluster.local/ns/shop/sa/web"]}}]}]';

describe('KIA1317 L7 AuthorizationPolicy for an ambient workload without waypoint', () => {
  it('flags the workload when an L7 policy selects it', () => {
    expect(runChecker(checker, WORLD + policy('\n  selector: {matchLabels: {app: cart}}', L7), 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1317', severity: 'warning', invalidates: true, path: 'metadata/name', line: 7, column: 18 }),
    ]);
  });

  it('also for a namespace-wide L7 policy', () => {
    expect(runChecker(checker, WORLD + policy('', L7), 'Deployment/shop/cart')).toHaveLength(1);
  });

  it.each([
    ['the policy is L4 only', policy('', L4)],
    ['the policy selects other workloads', policy('\n  selector: {matchLabels: {app: web}}', L7)],
  ])('is quiet when %s', (_name, yaml) => {
    expect(runChecker(checker, WORLD + yaml, 'Deployment/shop/cart')).toEqual([]);
  });
});
