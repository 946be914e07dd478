// kiali-backend-reference §2.4.11 (KIA0701).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { serviceDeploymentPortMismatch as checker } from './deployment-port-mismatch.js';

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
    spec:
      containers:
      - name: reviews
        ports: [{name: http, containerPort: 9080}, {containerPort: 9090}]
---
`;

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: ${ports}
`;

describe('KIA0701 no container exposes the Service port', () => {
  it('flags a named targetPort and a number that no container declares', () => {
    const ports = '[{name: http, port: 80, targetPort: web}, {name: grpc, port: 9091}, {name: metrics, port: 9090}]';
    expect(runChecker(checker, WORKLOAD + service(ports), 'Service/bookinfo/reviews')).toEqual([
      expect.objectContaining({ code: 'KIA0701', severity: 'warning', invalidates: true, path: 'spec/ports[0]', line: 17, column: 11 }),
      expect.objectContaining({ path: 'spec/ports[1]', line: 17, column: 52 }),
    ]);
  });

  it('is quiet when every port resolves by name or number', () => {
    expect(runChecker(checker, WORKLOAD + service('[{name: http, port: 80, targetPort: http}, {name: grpc, port: 81, targetPort: 9090}]'), 'Service/bookinfo/reviews')).toEqual([]);
  });

  it('skips Services of the control-plane namespace', () => {
    const yaml = (WORKLOAD + service('[{name: http, port: 80, targetPort: web}]')).replaceAll('namespace: bookinfo', 'namespace: istio-system');
    expect(runChecker(checker, yaml, 'Service/istio-system/reviews')).toEqual([]);
  });
});
