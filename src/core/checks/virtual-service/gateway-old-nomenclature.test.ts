// kiali-backend-reference §2.4.5 (KIA1108).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { virtualServiceGatewayOldNomenclature as checker } from './gateway-old-nomenclature.js';

const vs = (gateways: string, matchGateways: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: test, namespace: default}
spec:
  hosts: ["*"]
  gateways: ${gateways}
  http:
  - match:
    - gateways: ${matchGateways}
    route:
    - destination: {host: test}
`;

describe('KIA1108 VirtualService gateway old nomenclature', () => {
  it('flags dotted references without a namespace/ prefix where they are written', () => {
    expect(runChecker(checker, vs('[edge.istio-system, mesh]', '[edge.istio-system.svc.cluster.local]'), 'VirtualService/default/test')).toEqual([
      expect.objectContaining({ code: 'KIA1108', severity: 'info', invalidates: false, path: 'spec/gateways[0]', line: 6, column: 14 }),
      expect.objectContaining({ path: 'spec/http[0]/match/gateways[0]', line: 9, column: 5 }),
    ]);
  });

  it('is quiet for namespace/name and plain names', () => {
    expect(runChecker(checker, vs('[istio-system/edge, edge, mesh]', '[istio-system/edge.v2]'), 'VirtualService/default/test')).toEqual([]);
  });
});
