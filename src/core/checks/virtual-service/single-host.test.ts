// kiali-backend-reference §2.4.5 (KIA1106), narrowed to what sidecars see (DEVIATIONS-other-kinds.md).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceSingleHost as checker } from './single-host.js';

const vs = (name: string, namespace: string, extra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]${extra}
  http:
  - route:
    - destination: {host: reviews.bookinfo.svc.cluster.local}
---
`;

describe('KIA1106 more than one VirtualService for the same host', () => {
  it('flags both mesh VirtualServices of one host, at spec/hosts', () => {
    const yaml = vs('a', 'bookinfo') + vs('b', 'frontend');
    expect(runChecker(checker, yaml, 'VirtualService/bookinfo/a')).toEqual([
      expect.objectContaining({ code: 'KIA1106', severity: 'warning', invalidates: false, path: 'spec/hosts', line: 5, column: 10 }),
    ]);
    expect(runChecker(checker, yaml, 'VirtualService/frontend/b')).toEqual([expect.objectContaining({ line: 14, column: 10 })]);
  });

  it('treats a short host as the Service of the VirtualService namespace', () => {
    const yaml = vs('a', 'bookinfo') + vs('b', 'bookinfo').replace('hosts: [reviews.bookinfo.svc.cluster.local]', 'hosts: [reviews]');
    expect(runChecker(checker, yaml, 'VirtualService/bookinfo/b')).toHaveLength(1);
  });

  it.each([
    ['bound to a gateway only (gateways merge VirtualServices)', '\n  gateways: [istio-system/edge]'],
    ['exported to no common namespace', '\n  exportTo: ["."]'],
  ])('is quiet when the other one is %s', (_name, extra) => {
    const yaml = vs('a', 'bookinfo', '\n  exportTo: ["."]') + vs('b', 'frontend', extra);
    expect(runChecker(checker, yaml, 'VirtualService/bookinfo/a')).toEqual([]);
  });
});
