// kiali-backend-reference §2.4.5 (KIA1107); corpus cases vs-subset-presence--*.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceSubsetNotFound as checker } from './subset-not-found.js';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
`;

const dr = (namespace: string, host: string, exportTo = '["*"]') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: ${namespace}}
spec:
  host: ${host}
  exportTo: ${exportTo}
  subsets:
  - {name: v1, labels: {version: v1}}
---
`;

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-vs, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
  tcp:
  - route:
    - destination: {host: reviews.bookinfo, subset: v2}
`;

describe('KIA1107 subset not found', () => {
  it('flags a subset that no visible DestinationRule for the host defines', () => {
    expect(runChecker(checker, NAMESPACES + dr('bookinfo', 'reviews') + VS, 'VirtualService/bookinfo/reviews-vs')).toEqual([
      expect.objectContaining({ code: 'KIA1107', severity: 'warning', invalidates: false, path: 'spec/tcp[0]/route[0]/destination', line: 28, column: 20 }),
    ]);
  });

  it('resolves short DestinationRule hosts against their own namespace', () => {
    expect(runChecker(checker, NAMESPACES + dr('other', 'reviews') + VS, 'VirtualService/bookinfo/reviews-vs').map((f) => f.path)).toEqual([
      'spec/http[0]/route[0]/destination',
      'spec/tcp[0]/route[0]/destination',
    ]);
  });

  it('ignores DestinationRules not exported to the VirtualService namespace', () => {
    expect(runChecker(checker, NAMESPACES + dr('other', 'reviews.bookinfo.svc.cluster.local', '["."]') + VS, 'VirtualService/bookinfo/reviews-vs')).toHaveLength(2);
  });

  it('is quiet when a DestinationRule of another namespace (half FQDN) or a wildcard one defines the subsets', () => {
    const yaml = NAMESPACES + dr('other', 'reviews.bookinfo') + VS.replace('subset: v2', 'subset: v1');
    expect(runChecker(checker, yaml, 'VirtualService/bookinfo/reviews-vs')).toEqual([]);
    const wildcard = NAMESPACES + dr('other', '"*.bookinfo.svc.cluster.local"') + VS.replace('subset: v2', 'subset: v1');
    expect(runChecker(checker, wildcard, 'VirtualService/bookinfo/reviews-vs')).toEqual([]);
  });
});
