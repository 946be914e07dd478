// ServiceEntries with WorkloadEntry endpoints (istio-mtls-semantics §3.2 notes, §4.2).
import { describe, expect, it } from 'vitest';
import { meshFromYaml } from '../../testing/mesh-from-yaml.js';
import { edgeReport, queryEdges, statusReport } from '../index.js';

const VM_WORLD = (protocol: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: vm, namespace: apps }
spec:
  hosts: [vm.internal]
  location: MESH_INTERNAL
  resolution: STATIC
  ports: [{ number: 8080, name: web, protocol: ${protocol} }]
  workloadSelector: { labels: { app: vm } }
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: { name: vm-1, namespace: apps }
spec:
  address: 10.0.0.9
  serviceAccount: vm
  labels: { app: vm }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: client, namespace: apps }
spec:
  template:
    metadata: { labels: { app: client } }
    spec: { containers: [{ name: c }] }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: vm-tls, namespace: apps }
spec:
  host: vm.internal
  trafficPolicy: { tls: { mode: SIMPLE } }
`;

describe('ServiceEntry endpoints', () => {
  it('status lists the WorkloadEntry port the ServiceEntry targets', () => {
    const report = statusReport(meshFromYaml(VM_WORLD('TCP')));
    expect(report.workloads.find((w) => w.name === 'vm-1')).toEqual({
      namespace: 'apps', name: 'vm-1', sidecar: true, dataplane: 'sidecar', waypoint: null, ports: [{ port: 8080, mode: 'PERMISSIVE', decidedBy: null }],
    });
  });

  it.each([
    { protocol: 'TCP', outcome: 'tls' },
    // Declared HTTP in `protocol`: a PERMISSIVE sidecar cannot pass TLS through (§1.6, §4.2).
    { protocol: 'HTTP', outcome: 'fail' },
  ])('SIMPLE TLS to a PERMISSIVE $protocol ServiceEntry port is $outcome', ({ protocol, outcome }) => {
    const engine = meshFromYaml(VM_WORLD(protocol));
    const result = queryEdges(engine, { from: 'apps/client', to: 'vm.internal:8080' });
    if ('error' in result) throw new Error(result.error);
    expect(result.edges.map(edgeReport).map((e) => [e.clientSends, e.serverMode, e.outcome])).toEqual([['SIMPLE', 'PERMISSIVE', outcome]]);
  });
});
