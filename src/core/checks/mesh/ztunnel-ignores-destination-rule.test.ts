// MSL011: ztunnel never reads DestinationRules, so a rule's tls does nothing for ambient clients.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { ztunnelIgnoresDestinationRule as checker } from './ztunnel-ignores-destination-rule.js';

const world = (clientNamespaceLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: web, labels: ${clientNamespaceLabels}}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: web}
spec:
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: app}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: prod}
spec: {selector: {app: api}, ports: [{name: http, port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: app}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: web}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy:
    tls:
      mode: SIMPLE
`;

describe('MSL011 DestinationRule tls that ztunnel ignores', () => {
  it('flags the tls mode when the clients it would reach are ambient, naming them', () => {
    expect(runChecker(checker, world('{istio.io/dataplane-mode: ambient}'), 'DestinationRule/web/api').map(({ path, line, message }) => ({ path, line, message }))).toEqual([
      {
        path: 'spec/trafficPolicy/tls/mode',
        line: 37,
        message:
          "ztunnel ignores this DestinationRule's tls for ambient clients: web/client → api.prod.svc.cluster.local:8080 go through ztunnel (Istio mTLS over HBONE where the endpoint takes it), not through this rule",
      },
    ]);
  });

  it('is quiet when the clients have sidecars, which use the rule', () => {
    expect(runChecker(checker, world('{istio-injection: enabled}'), 'DestinationRule/web/api')).toEqual([]);
  });
});
