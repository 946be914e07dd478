// kiali-backend-reference §2.4.5 (KIA1104).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceSingleWeight as checker } from './single-weight.js';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 80
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: {host: reviews, subset: v2}
      weight: 50
  tcp:
  - route:
    - destination: {host: reviews}
      weight: 100
`;

describe('KIA1104 single destination with a weight below 100', () => {
  it('flags the only destination of a route whose weight is in (0, 100)', () => {
    expect(runChecker(checker, VS, 'VirtualService/bookinfo/reviews')).toEqual([
      expect.objectContaining({ code: 'KIA1104', severity: 'warning', invalidates: false, path: 'spec/http[0]/route[0]/weight', line: 9, column: 15 }),
    ]);
  });

  it('is quiet for split routes and a single weight of 100', () => {
    expect(runChecker(checker, VS.replace('weight: 80', 'weight: 100'), 'VirtualService/bookinfo/reviews')).toEqual([]);
  });
});
