// kiali-backend-reference §2.4.4 (KIA1006).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { sidecarGlobalSelector as checker } from './global-selector.js';

const sidecar = (namespace: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: ${namespace}}
spec:
  workloadSelector:
    labels: {app: reviews}
  egress: [{hosts: ["./*"]}]
`;

describe('KIA1006 root-namespace Sidecar with a workloadSelector', () => {
  it('flags the selector of a Sidecar in the root namespace', () => {
    expect(runChecker(checker, sidecar('istio-system'), 'Sidecar/istio-system/default')).toEqual([
      expect.objectContaining({ code: 'KIA1006', severity: 'warning', invalidates: false, path: 'spec/workloadSelector', line: 6, column: 5 }),
    ]);
  });

  it('is quiet in any other namespace', () => {
    expect(runChecker(checker, sidecar('bookinfo'), 'Sidecar/bookinfo/default')).toEqual([]);
  });
});
