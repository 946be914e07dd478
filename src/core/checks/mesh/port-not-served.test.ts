// MSL003; istio-mtls-semantics §1.5 (portLevelMtls keys on the container port).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { portNotServed as checker } from './port-not-served.js';

const yaml = (port: number) => `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec: {selector: {app: reviews}, ports: [{name: http, port: 8000, targetPort: 9080}]}
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
  portLevelMtls:
    ${port}:
      mode: DISABLE
`;

describe('MSL003 portLevelMtls on a port the workload does not serve', () => {
  it('flags the Service port used by mistake', () => {
    expect(placed(checker, yaml(8000), 'PeerAuthentication/bookinfo/reviews')).toEqual([{ path: 'spec/portLevelMtls/8000', line: 21, column: 7 }]);
  });

  it('is quiet for the container port', () => {
    expect(placed(checker, yaml(9080), 'PeerAuthentication/bookinfo/reviews')).toEqual([]);
  });
});
