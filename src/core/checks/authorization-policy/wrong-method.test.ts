// kiali-backend-reference §2.4.3 (KIA0102).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { wrongMethod as checker } from './wrong-method.js';

const ap = (methods: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  rules:
  - to:
    - operation:
        methods: ${methods}
`;

describe('KIA0102 method that is not HTTP', () => {
  it('flags spec/rules[i]/to[j]/operation/methods[k]', () => {
    expect(placed(checker, ap('[GET, GRAB]'), 'AuthorizationPolicy/bookinfo/policy')).toEqual([
      { path: 'spec/rules[0]/to[0]/operation/methods[1]', line: 8, column: 24 },
    ]);
  });

  it.each(['[get, POST]', '["PO*"]', '["*ETE"]', '["*"]'])('is quiet for %s', (methods) => {
    expect(placed(checker, ap(methods), 'AuthorizationPolicy/bookinfo/policy')).toEqual([]);
  });
});
