// kiali-backend-reference §2.4.12 (KIA1117).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { telemetryNoTargetRefs as checker } from './telemetry-no-target-refs.js';

const telemetry = (body: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: logs, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  ${body}
`;

describe('KIA1117 L7 Telemetry in ambient without targetRefs', () => {
  it('flags selector-attached access logging', () => {
    expect(runChecker(checker, telemetry('accessLogging: [{providers: [{name: envoy}]}]'), 'Telemetry/shop/logs')).toEqual([
      expect.objectContaining({ code: 'KIA1117', severity: 'warning', invalidates: true, path: '', line: 5, column: 1 }),
    ]);
  });

  it('is quiet for L4-only Telemetry (metrics without overrides)', () => {
    expect(runChecker(checker, telemetry('metrics: [{providers: [{name: prometheus}]}]'), 'Telemetry/shop/logs')).toEqual([]);
  });
});
