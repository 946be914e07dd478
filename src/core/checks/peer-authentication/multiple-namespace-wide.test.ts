// kiali-backend-reference §2.4.2 (KIA0002); istio-mtls-semantics §1.3 (only the oldest is used).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { multipleNamespaceWide as checker } from './multiple-namespace-wide.js';

const pa = (name: string, selector = '') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: bookinfo
spec:${selector}
  mtls:
    mode: STRICT
---
`;

describe('KIA0002 more than one selector-less PeerAuthentication in a namespace', () => {
  it('flags each of two selector-less policies at spec/selector (the spec line when there is no selector)', () => {
    const yaml = pa('a') + pa('b', '\n  selector:\n    matchLabels: {}');
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/a')).toEqual([{ path: 'spec/selector', line: 7, column: 3 }]);
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/b')).toEqual([{ path: 'spec/selector', line: 17, column: 5 }]);
  });

  it('is quiet for one selector-less and one selector policy', () => {
    const yaml = pa('a') + pa('b', '\n  selector:\n    matchLabels: {app: x}');
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/a')).toEqual([]);
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/b')).toEqual([]);
  });
});
