// kiali-backend-reference §2.4.10 (KIA1601).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { gatewayApiReferenceGrantNamespaceNotFound as checker } from './reference-grant-namespace-not-found.js';

const grant = (from: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-shop, namespace: pay}
spec:
  from:
  - {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${from}}
  to: [{group: "", kind: Service}]
`;

describe('KIA1601 ReferenceGrant from a namespace that does not exist', () => {
  it('flags the namespace', () => {
    expect(runChecker(checker, grant('shopp'), 'ReferenceGrant/pay/from-shop')).toEqual([
      expect.objectContaining({ code: 'KIA1601', severity: 'error', invalidates: true, path: 'spec/from[0]/namespace', line: 10, column: 68 }),
    ]);
  });

  it('is quiet for an existing namespace', () => {
    expect(runChecker(checker, grant('shop'), 'ReferenceGrant/pay/from-shop')).toEqual([]);
  });
});
