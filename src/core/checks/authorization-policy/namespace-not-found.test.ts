// kiali-backend-reference §2.4.3 (KIA0101).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { namespaceNotFound as checker } from './namespace-not-found.js';

const ap = (namespaces: string) => `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  rules:
  - from:
    - source:
        namespaces: ${namespaces}
`;

describe('KIA0101 source namespace not found', () => {
  it('flags spec/rules[i]/from[j]/source/namespaces[k]', () => {
    expect(placed(checker, ap('[bookinfo, travel]'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([
      { path: 'spec/rules[0]/from[0]/source/namespaces[1]', line: 12, column: 32 },
    ]);
  });

  it.each(['[bookinfo]', '["book*"]', '["*info"]', '["*"]'])('is quiet for %s', (namespaces) => {
    expect(placed(checker, ap(namespaces), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });
});
