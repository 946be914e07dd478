// kiali-backend-reference §2.4.12 (KIA1112).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { telemetryNoWaypoint as checker } from './telemetry-no-waypoint.js';

const telemetry = (nsLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: tracing, namespace: shop}
spec:
  tracing: [{randomSamplingPercentage: 10}]
`;

describe('KIA1112 L7 Telemetry in ambient without waypoint enrollment', () => {
  it('flags tracing in a namespace that is not enrolled', () => {
    expect(runChecker(checker, telemetry('{istio.io/dataplane-mode: ambient}'), 'Telemetry/shop/tracing')).toEqual([
      expect.objectContaining({ code: 'KIA1112', severity: 'warning', invalidates: true, path: '', line: 5, column: 1 }),
    ]);
  });

  it('is quiet in an enrolled namespace', () => {
    expect(runChecker(checker, telemetry('{istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}'), 'Telemetry/shop/tracing')).toEqual([]);
  });
});
