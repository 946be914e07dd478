// kiali-backend-reference §2.4.11 (KIA0601), with Istio's case-insensitive protocol names.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { servicePortName as checker } from './port-name.js';

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: reviews, ports: [{containerPort: 9080}]}, {name: istio-proxy}]}
---
`;

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports:
${ports}`;

describe('KIA0601 port name does not name a protocol', () => {
  it('flags names Istio cannot read a protocol from, UDP and appProtocol ports aside', () => {
    const ports = ['  - {name: web, port: 80}', '  - {name: HTTP-api, port: 81}', '  - {port: 82}', '  - {name: dns, port: 53, protocol: UDP}', '  - {name: web, port: 83, appProtocol: http}', ''].join('\n');
    expect(runChecker(checker, WORKLOAD + service(ports), 'Service/bookinfo/reviews')).toEqual([
      expect.objectContaining({ code: 'KIA0601', severity: 'error', invalidates: true, path: 'spec/ports[0]', line: 15, column: 5 }),
      expect.objectContaining({ path: 'spec/ports[2]', line: 17, column: 5 }),
    ]);
  });

  it('is quiet for a Service whose pods are not in the mesh', () => {
    const outside = WORKLOAD.replace(', {name: istio-proxy}', '');
    expect(runChecker(checker, outside + service('  - {name: web, port: 80}\n'), 'Service/bookinfo/reviews')).toEqual([]);
  });
});
