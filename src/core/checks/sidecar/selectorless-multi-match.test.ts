// kiali-backend-reference §2.4.4 (KIA0002 on Sidecars).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { sidecarSelectorlessMultiMatch as checker } from './selectorless-multi-match.js';

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
---
`;

const sidecar = (name: string, selector = '') => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: bookinfo}
spec:${selector}
  egress: [{hosts: ["./*"]}]
---
`;

describe('KIA0002 more than one selector-less Sidecar in a namespace', () => {
  it('flags each of them at spec/workloadSelector (the spec when there is none)', () => {
    const yaml = WORKLOAD + sidecar('a') + sidecar('b');
    expect(runChecker(checker, yaml, 'Sidecar/bookinfo/b')).toEqual([
      expect.objectContaining({ code: 'KIA0002', severity: 'error', invalidates: true, path: 'spec/workloadSelector', line: 18, column: 3 }),
    ]);
    expect(runChecker(checker, yaml, 'Sidecar/bookinfo/a')).toHaveLength(1);
  });

  it('is quiet when one of them has a selector', () => {
    const yaml = WORKLOAD + sidecar('a') + sidecar('b', '\n  workloadSelector: {labels: {app: reviews}}');
    expect(runChecker(checker, yaml, 'Sidecar/bookinfo/a')).toEqual([]);
  });

  it('is quiet in a namespace without workloads', () => {
    expect(runChecker(checker, sidecar('a') + sidecar('b'), 'Sidecar/bookinfo/a')).toEqual([]);
  });
});
