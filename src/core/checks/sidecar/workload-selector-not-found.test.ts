// kiali-backend-reference §2.4.4 (KIA0004 on Sidecars).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { sidecarWorkloadSelectorNotFound as checker } from './workload-selector-not-found.js';

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ratings, namespace: other}
spec:
  template:
    metadata: {labels: {app: ratings}}
---
`;

const sidecar = (labels: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: narrow, namespace: bookinfo}
spec:
  workloadSelector:
    labels: ${labels}
  egress: [{hosts: ["./*"]}]
`;

describe('KIA0004 Sidecar selector matches no workload of its namespace', () => {
  it('flags a selector that only matches workloads of another namespace', () => {
    expect(runChecker(checker, WORKLOADS + sidecar('{app: ratings}'), 'Sidecar/bookinfo/narrow')).toEqual([
      expect.objectContaining({ code: 'KIA0004', severity: 'warning', invalidates: false, path: 'spec/workloadSelector/labels', line: 20, column: 13 }),
    ]);
  });

  it('is quiet when a workload of the namespace matches', () => {
    expect(runChecker(checker, WORKLOADS + sidecar('{app: reviews}'), 'Sidecar/bookinfo/narrow')).toEqual([]);
  });

  it('is quiet when the files describe no workloads', () => {
    expect(runChecker(checker, sidecar('{app: ratings}'), 'Sidecar/bookinfo/narrow')).toEqual([]);
  });
});
