// kiali-backend-reference §2.4.1 (KIA0202): warning with outboundTrafficPolicy ALLOW_ANY (Istio's default).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { hostNotFound as checker } from './host-not-found.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
`;
const REGISTRY_ONLY = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "outboundTrafficPolicy: {mode: REGISTRY_ONLY}"}
---
`;
const dr = (host: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: ${host}
`;
const found = (yaml: string) => runChecker(checker, yaml, 'DestinationRule/bookinfo/rule').map(({ path, severity, line, column }) => ({ path, severity, line, column }));

describe('KIA0202 host not in the service registry', () => {
  it('warns at spec/host with ALLOW_ANY', () => {
    expect(found(SERVICE + dr('ratings'))).toEqual([{ path: 'spec/host', severity: 'warning', line: 12, column: 9 }]);
  });

  it('is an error with REGISTRY_ONLY', () => {
    expect(found(REGISTRY_ONLY + SERVICE + dr('ratings'))).toEqual([{ path: 'spec/host', severity: 'error', line: 17, column: 9 }]);
  });

  it.each(['reviews', 'reviews.bookinfo', 'reviews.bookinfo.svc.cluster.local', '"*.local"'])('is quiet for %s', (host) => {
    expect(found(SERVICE + dr(host))).toEqual([]);
  });
});
