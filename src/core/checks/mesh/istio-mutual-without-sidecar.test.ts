// MSL006; istio-mtls-semantics §4.2 (ISTIO row, no-sidecar column) and §4.3.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { istioMutualWithoutSidecar as checker } from './istio-mutual-without-sidecar.js';

const world = (injection: string) => `apiVersion: v1
kind: Namespace
metadata: {name: legacy, labels: {istio-injection: ${injection}}}
---
apiVersion: v1
kind: Service
metadata: {name: billing, namespace: legacy}
spec: {selector: {app: billing}, ports: [{name: http, port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: billing, namespace: legacy}
spec:
  template:
    metadata: {labels: {app: billing}}
    spec: {containers: [{name: app}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: billing, namespace: legacy}
spec:
  host: billing
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`;

describe('MSL006 ISTIO_MUTUAL towards a destination without sidecar', () => {
  it('flags the tls mode and names the endpoint', () => {
    expect(runChecker(checker, world('disabled'), 'DestinationRule/legacy/billing').map(({ path, line, column, message }) => ({ path, line, column, message }))).toEqual([
      {
        path: 'spec/trafficPolicy/tls/mode',
        line: 25,
        column: 13,
        message: 'ISTIO_MUTUAL towards endpoints without sidecar: requests to billing.legacy.svc.cluster.local:8080 (legacy/billing) fail (503 UF)',
      },
    ]);
  });

  it('is quiet when the endpoints have sidecars', () => {
    expect(runChecker(checker, world('enabled'), 'DestinationRule/legacy/billing')).toEqual([]);
  });
});
