// kiali-backend-reference §2.4.5 (KIA0005 on VirtualServices).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceExportToNamespaceNotFound as checker } from './export-to-namespace-not-found.js';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo}
---
apiVersion: v1
kind: Namespace
metadata: {name: bookinfo2}
---
`;

const vs = (exportTo: string) => `${NAMESPACES}apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  exportTo: ${exportTo}
`;

describe('KIA0005 VirtualService exportTo namespace not found', () => {
  it('flags each entry that names no namespace, at spec/exportTo[i]', () => {
    expect(runChecker(checker, vs('[bookinfo2, bookinfo3, "~", "."]'), 'VirtualService/bookinfo/reviews')).toEqual([
      expect.objectContaining({ code: 'KIA0005', severity: 'error', path: 'spec/exportTo[1]', line: 14, column: 25 }),
    ]);
  });

  it('is quiet when every entry exists or is one of . * ~', () => {
    expect(runChecker(checker, vs('[bookinfo, bookinfo2, "*", "~"]'), 'VirtualService/bookinfo/reviews')).toEqual([]);
  });

  it('is quiet in an ambient namespace, whose exportTo istiod ignores', () => {
    const yaml = vs('[nowhere]').replace('metadata: {name: bookinfo}', 'metadata: {name: bookinfo, labels: {istio.io/dataplane-mode: ambient}}');
    expect(runChecker(checker, yaml, 'VirtualService/bookinfo/reviews')).toEqual([]);
  });
});
