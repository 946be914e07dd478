// kiali-backend-reference §2.4.12 (KIA0110).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { authorizationPolicyNoTargetRefs as checker } from './authorization-policy-no-target-refs.js';

const policy = (nsLabels: string, attach: string, rules: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cart-get, namespace: shop}
spec:
  ${attach}
  rules: ${rules}
`;

const AMBIENT = '{istio.io/dataplane-mode: ambient}';
const L7 = '[{to: [{operation: {methods: [GET]}}]}]';

describe('KIA0110 L7 AuthorizationPolicy in ambient without targetRefs', () => {
  it('flags a selector-attached L7 policy, on the whole object', () => {
    expect(runChecker(checker, policy(AMBIENT, 'selector: {matchLabels: {app: cart}}', L7), 'AuthorizationPolicy/shop/cart-get')).toEqual([
      expect.objectContaining({ code: 'KIA0110', severity: 'warning', invalidates: true, path: '', line: 5, column: 1 }),
    ]);
  });

  it.each([
    ['attached with targetRefs', AMBIENT, 'targetRefs: [{kind: Service, group: "", name: cart}]', L7],
    ['L4 only', AMBIENT, 'selector: {matchLabels: {app: cart}}', '[{from: [{source: {namespaces: [web]}}]}]'],
    ['outside ambient', '{istio-injection: enabled}', 'selector: {matchLabels: {app: cart}}', L7],
  ])('is quiet when %s', (_name, nsLabels, attach, rules) => {
    expect(runChecker(checker, policy(nsLabels, attach, rules), 'AuthorizationPolicy/shop/cart-get')).toEqual([]);
  });
});
