// MSL012: port-level modes istiod does not turn into ztunnel policy for ambient workloads.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { ztunnelPortModeIgnored as checker } from './ztunnel-port-mode-ignored.js';

const world = (portMode: string) => `apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: app, ports: [{containerPort: 8080}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: prod}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api, namespace: prod}
spec:
  selector: {matchLabels: {app: api}}
  portLevelMtls:
    8080: {mode: ${portMode}}
`;

describe('MSL012 port-level mode ztunnel does not enforce', () => {
  it('flags a DISABLE port under a STRICT namespace: the ambient workload stays STRICT there', () => {
    expect(runChecker(checker, world('DISABLE'), 'PeerAuthentication/prod/api').map(({ path, line, message }) => ({ path, line, message }))).toEqual([
      {
        path: 'spec/portLevelMtls/8080/mode',
        line: 24,
        message:
          "ztunnel does not enforce DISABLE on port 8080 of the ambient workloads it selects: prod/api is STRICT there (istiod converts only port exceptions that differ from the workload's policy, and only PERMISSIVE ones under STRICT)",
      },
    ]);
  });

  it('is quiet for a PERMISSIVE port, which istiod converts into an exception ztunnel enforces', () => {
    expect(runChecker(checker, world('PERMISSIVE'), 'PeerAuthentication/prod/api')).toEqual([]);
  });
});
