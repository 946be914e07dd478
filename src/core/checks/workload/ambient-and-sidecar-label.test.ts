// kiali-backend-reference §2.4.11 (KIA1311).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { workloadAmbientAndSidecarLabel as checker } from './ambient-and-sidecar-label.js';

const world = (nsLabels: string, podLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: ${podLabels}
`;

describe('KIA1311 sidecar and ambient labels together', () => {
  it('flags an ambient namespace whose workload asks for injection', () => {
    expect(runChecker(checker, world('{istio.io/dataplane-mode: ambient}', '{app: cart, sidecar.istio.io/inject: "true"}'), 'Deployment/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA1311', severity: 'error', invalidates: true, path: 'spec/template/metadata/labels', line: 11, column: 15 }),
    ]);
  });

  it('flags an injected namespace whose workload is labelled ambient', () => {
    expect(runChecker(checker, world('{istio-injection: enabled}', '{app: cart, istio.io/dataplane-mode: ambient}'), 'Deployment/shop/cart')).toHaveLength(1);
  });

  it.each([
    ['the workload opts out of ambient', '{istio.io/dataplane-mode: ambient, istio-injection: enabled}', '{app: cart, istio.io/dataplane-mode: none}'],
    ['the workload refuses injection', '{istio.io/dataplane-mode: ambient, istio-injection: enabled}', '{app: cart, sidecar.istio.io/inject: "false"}'],
    ['there is only the ambient label', '{istio.io/dataplane-mode: ambient}', '{app: cart}'],
  ])('is quiet when %s', (_name, nsLabels, podLabels) => {
    expect(runChecker(checker, world(nsLabels, podLabels), 'Deployment/shop/cart')).toEqual([]);
  });
});
