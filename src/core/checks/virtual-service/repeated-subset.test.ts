// kiali-backend-reference §2.4.5 (KIA1105).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceRepeatedSubset as checker } from './repeated-subset.js';

const vs = (second: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: ${second}
      weight: 50
`;

describe('KIA1105 repeated host and subset within one route', () => {
  it('flags every duplicate, also when the host is written another way', () => {
    expect(runChecker(checker, vs('{host: reviews.bookinfo.svc.cluster.local, subset: v1}'), 'VirtualService/bookinfo/reviews')).toEqual([
      expect.objectContaining({ code: 'KIA1105', severity: 'warning', path: 'spec/http[0]/route[0]/host', line: 8, column: 7 }),
      expect.objectContaining({ path: 'spec/http[0]/route[1]/host', line: 10, column: 7 }),
    ]);
  });

  it.each([
    ['another subset', '{host: reviews, subset: v2}'],
    ['another port', '{host: reviews, subset: v1, port: {number: 9443}}'],
  ])('is quiet for %s', (_name, second) => {
    expect(runChecker(checker, vs(second), 'VirtualService/bookinfo/reviews')).toEqual([]);
  });
});
