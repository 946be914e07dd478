// MSL004; istio-mtls-semantics §3.3 a (istio/istio#56084): namespace DISABLE makes auto mTLS send plaintext.
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { disableNamespaceStrictWorkload as checker } from './disable-namespace-strict-workload.js';

const WORLD = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: app, ports: [{containerPort: 9080}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: reviews}}
  mtls:
    mode: STRICT
---
`;
const nsPa = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec: {mtls: {mode: ${mode}}}
---
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec: {host: reviews, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
`;

describe('MSL004 workload STRICT under a DISABLE namespace', () => {
  it.each([
    { name: 'namespace DISABLE: fires at spec/mtls/mode', yaml: WORLD + nsPa('DISABLE'), want: [{ path: 'spec/mtls/mode', line: 24, column: 11 }] },
    { name: 'namespace PERMISSIVE: quiet', yaml: WORLD + nsPa('PERMISSIVE'), want: [] },
    { name: 'a DestinationRule with ISTIO_MUTUAL for the service (the workaround): quiet', yaml: WORLD + nsPa('DISABLE') + DR, want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'PeerAuthentication/bookinfo/reviews')).toEqual(want);
  });
});
