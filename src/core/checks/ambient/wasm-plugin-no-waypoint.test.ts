// kiali-backend-reference §2.4.12 (KIA1111).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { wasmPluginNoWaypoint as checker } from './wasm-plugin-no-waypoint.js';

const plugin = (nsLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata: {name: filter, namespace: shop}
spec:
  url: oci://registry.example.com/filter:1
`;

describe('KIA1111 WasmPlugin in ambient without waypoint enrollment', () => {
  it('flags a namespace-wide plugin in a namespace that is not enrolled', () => {
    expect(runChecker(checker, plugin('{istio.io/dataplane-mode: ambient}'), 'WasmPlugin/shop/filter')).toEqual([
      expect.objectContaining({ code: 'KIA1111', severity: 'warning', invalidates: true, path: '', line: 5, column: 1 }),
    ]);
  });

  it('is quiet in an enrolled namespace', () => {
    expect(runChecker(checker, plugin('{istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}'), 'WasmPlugin/shop/filter')).toEqual([]);
  });
});
