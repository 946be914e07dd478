// MSL002; istio-mtls-semantics §1.3 (oldest selector-less policy wins, others dropped).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { duplicateNamespaceWideIgnored as checker } from './duplicate-namespace-wide-ignored.js';

const pa = (name: string, created: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: bookinfo
  creationTimestamp: "${created}"
spec: {mtls: {mode: STRICT}}
---
`;
const YAML = pa('older', '2024-01-01T00:00:00Z') + pa('younger', '2024-06-01T00:00:00Z');

describe('MSL002 younger duplicate namespace-wide PeerAuthentication', () => {
  it('flags the younger one at metadata/name and names the one in effect', () => {
    expect(runChecker(checker, YAML, 'PeerAuthentication/bookinfo/younger').map(({ path, line, column, message }) => ({ path, line, column, message }))).toEqual([
      {
        path: 'metadata/name',
        line: 12,
        column: 9,
        message: 'Istio ignores this PeerAuthentication: PeerAuthentication/bookinfo/older is older and is the one in effect',
      },
    ]);
  });

  it('is quiet on the one in effect', () => {
    expect(runChecker(checker, YAML, 'PeerAuthentication/bookinfo/older')).toEqual([]);
  });
});
