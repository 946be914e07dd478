// kiali-backend-reference §2.4.11 (KIA0602).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { servicePortAppProtocol as checker } from './port-app-protocol.js';

const YAML = (appProtocol: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports:
  - {name: api, port: 80, appProtocol: ${appProtocol}}
`;

describe('KIA0602 appProtocol Istio does not know', () => {
  it('flags an unknown appProtocol on a Service of ambient pods', () => {
    expect(runChecker(checker, YAML('example.com/custom'), 'Service/shop/cart')).toEqual([
      expect.objectContaining({ code: 'KIA0602', severity: 'error', invalidates: true, path: 'spec/ports[0]', line: 18, column: 5 }),
    ]);
  });

  it.each(['HTTP', 'grpc-web', 'kubernetes.io/h2c'])('is quiet for %s', (appProtocol) => {
    expect(runChecker(checker, YAML(appProtocol), 'Service/shop/cart')).toEqual([]);
  });
});
