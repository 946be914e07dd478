// kiali-backend-reference §2.4.12 (KIA1116).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { wasmPluginNoTargetRefs as checker } from './wasm-plugin-no-target-refs.js';

const plugin = (nsLabels: string, attach: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${nsLabels}}
---
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata: {name: filter, namespace: shop}
spec:
  ${attach}
  url: oci://registry.example.com/filter:1
`;

describe('KIA1116 WasmPlugin in ambient without targetRefs', () => {
  it('flags a selector-attached plugin', () => {
    expect(runChecker(checker, plugin('{istio.io/dataplane-mode: ambient}', 'selector: {matchLabels: {app: cart}}'), 'WasmPlugin/shop/filter')).toEqual([
      expect.objectContaining({ code: 'KIA1116', severity: 'warning', invalidates: true, path: '', line: 5, column: 1 }),
    ]);
  });

  it('is quiet outside ambient', () => {
    expect(runChecker(checker, plugin('{istio-injection: enabled}', 'selector: {matchLabels: {app: cart}}'), 'WasmPlugin/shop/filter')).toEqual([]);
  });
});
