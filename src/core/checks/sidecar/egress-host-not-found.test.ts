// kiali-backend-reference §2.4.4 (KIA1004), with Istio's reading of `namespace/dns` (DEVIATIONS-other-kinds.md).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { sidecarEgressHostNotFound as checker } from './egress-host-not-found.js';

const REGISTRY = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: google, namespace: egress}
spec:
  hosts: ["*.googleapis.com"]
  ports: [{number: 443, name: tls, protocol: TLS}]
---
`;

const sidecar = (hosts: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: frontend}
spec:
  egress:
  - hosts: ${hosts}
`;

describe('KIA1004 Sidecar egress host imports nothing', () => {
  it('flags hosts that match no service of the namespace they name', () => {
    const hosts = '[bookinfo/ratings.bookinfo.svc.cluster.local, other/reviews.bookinfo.svc.cluster.local, bookinfo/reviews]';
    expect(runChecker(checker, REGISTRY + sidecar(hosts), 'Sidecar/frontend/default')).toEqual([
      expect.objectContaining({ code: 'KIA1004', severity: 'warning', invalidates: false, path: 'spec/egress[0]/hosts[0]', line: 19, column: 13 }),
      expect.objectContaining({ path: 'spec/egress[0]/hosts[1]', line: 19, column: 58 }),
      expect.objectContaining({ path: 'spec/egress[0]/hosts[2]', line: 19, column: 100 }),
    ]);
  });

  it('is quiet for services and ServiceEntry hosts it imports, and for ns/*, ~/… and */*', () => {
    const hosts = '[bookinfo/reviews.bookinfo.svc.cluster.local, "*/reviews.bookinfo.svc.cluster.local", egress/storage.googleapis.com, "*/*.googleapis.com", "istio-system/*", "~/*"]';
    expect(runChecker(checker, REGISTRY + sidecar(hosts), 'Sidecar/frontend/default')).toEqual([]);
  });

  it('does not import a service that is not exported to the Sidecar namespace', () => {
    const hidden = REGISTRY.replace('metadata: {name: reviews, namespace: bookinfo}', 'metadata: {name: reviews, namespace: bookinfo, annotations: {networking.istio.io/exportTo: "."}}');
    expect(runChecker(checker, hidden + sidecar('[bookinfo/reviews.bookinfo.svc.cluster.local]'), 'Sidecar/frontend/default')).toHaveLength(1);
  });

  it('is quiet when the files hold no registry', () => {
    expect(runChecker(checker, sidecar('[bookinfo/ratings.bookinfo.svc.cluster.local]'), 'Sidecar/frontend/default')).toEqual([]);
  });
});
