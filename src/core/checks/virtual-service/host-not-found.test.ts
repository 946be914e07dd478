// kiali-backend-reference §2.4.5 (KIA1101).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceHostNotFound as checker } from './host-not-found.js';

const REGISTRY = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: google, namespace: bookinfo}
spec:
  hosts: ["*.google.com"]
  ports: [{number: 443, name: tls, protocol: TLS}]
---
`;

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: routes, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
    - destination: {host: reviews.bookinfo.svc.cluster.local}
    - destination: {host: ratings}
  tcp:
  - route:
    - destination: {host: www.google.com}
`;

const REGISTRY_ONLY = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |-
    outboundTrafficPolicy: {mode: REGISTRY_ONLY}
---
`;

describe('KIA1101 VirtualService destination host not found', () => {
  it('flags a host that is no Service or ServiceEntry host, as a warning under ALLOW_ANY', () => {
    expect(runChecker(checker, REGISTRY + VS, 'VirtualService/bookinfo/routes')).toEqual([
      expect.objectContaining({ code: 'KIA1101', severity: 'warning', path: 'spec/http[0]/route[2]/destination/host', line: 24, column: 27 }),
    ]);
  });

  it('is an error under REGISTRY_ONLY', () => {
    expect(runChecker(checker, REGISTRY_ONLY + REGISTRY + VS, 'VirtualService/bookinfo/routes')).toEqual([
      expect.objectContaining({ severity: 'error', path: 'spec/http[0]/route[2]/destination/host', line: 31, column: 27 }),
    ]);
  });

  it('does not see a Service that is not exported to the VirtualService namespace', () => {
    const hidden = REGISTRY.replace('metadata: {name: reviews, namespace: bookinfo}', 'metadata: {name: reviews, namespace: other, annotations: {networking.istio.io/exportTo: "."}}');
    const vs = VS.replace('{host: ratings}', '{host: reviews.other.svc.cluster.local}');
    expect(runChecker(checker, hidden + vs, 'VirtualService/bookinfo/routes').map((f) => f.path)).toEqual([
      'spec/http[0]/route[0]/destination/host',
      'spec/http[0]/route[1]/destination/host',
      'spec/http[0]/route[2]/destination/host',
    ]);
  });

  it('is quiet when every host is known', () => {
    expect(runChecker(checker, REGISTRY + VS.replace('{host: ratings}', '{host: reviews.bookinfo}'), 'VirtualService/bookinfo/routes')).toEqual([]);
  });

  it('is quiet when the files hold no registry at all', () => {
    expect(runChecker(checker, VS, 'VirtualService/bookinfo/routes')).toEqual([]);
  });
});
