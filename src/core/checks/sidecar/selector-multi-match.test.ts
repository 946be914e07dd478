// kiali-backend-reference §2.4.4 (KIA0003 on Sidecars).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { sidecarSelectorMultiMatch as checker } from './selector-multi-match.js';

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews, version: v1}}
---
`;

const sidecar = (name: string, labels: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: bookinfo}
spec:
  workloadSelector:
    labels: ${labels}
---
`;

describe('KIA0003 more than one Sidecar selects the same workload', () => {
  it('flags each Sidecar that selects a shared workload', () => {
    const yaml = WORKLOAD + sidecar('by-app', '{app: reviews}') + sidecar('by-version', '{version: v1}');
    expect(runChecker(checker, yaml, 'Sidecar/bookinfo/by-version')).toEqual([
      expect.objectContaining({ code: 'KIA0003', severity: 'error', invalidates: true, path: 'spec/workloadSelector', line: 20, column: 5 }),
    ]);
    expect(runChecker(checker, yaml, 'Sidecar/bookinfo/by-app')).toHaveLength(1);
  });

  it('is quiet when the selectors pick different workloads', () => {
    const yaml = WORKLOAD + sidecar('by-app', '{app: reviews}') + sidecar('by-version', '{version: v2}');
    expect(runChecker(checker, yaml, 'Sidecar/bookinfo/by-app')).toEqual([]);
  });
});
