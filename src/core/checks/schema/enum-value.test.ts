// MSL103: enum values outside the CRD's list (istio-mtls-semantics §1.8, §2.8).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { enumValue as checker } from './enum-value.js';

const ap = (action: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: policy, namespace: bookinfo}
spec:
  action: ${action}
`;
const found = (yaml: string) => runChecker(checker, yaml, 'AuthorizationPolicy/bookinfo/policy').map(({ path, line, column, message }) => ({ path, line, column, message }));

describe('MSL103 value not allowed', () => {
  it('flags the value and lists the allowed ones', () => {
    expect(found(ap('REJECT'))).toEqual([{ path: 'spec/action', line: 5, column: 11, message: '"REJECT" is not allowed; use one of ALLOW, DENY, AUDIT, CUSTOM' }]);
  });

  it('is quiet for an allowed value', () => {
    expect(found(ap('DENY'))).toEqual([]);
  });
});
