// kiali-backend-reference §2.4.6 (KIA0301) and Kiali's multi_match_checker tests.
import { describe, expect, it } from 'vitest';
import { placed, runChecker } from '../../../testing/checker-findings.js';
import { gatewayHostMultiMatch as checker } from './host-multi-match.js';

const gw = (name: string, hosts: string, port = 80, selector = 'istio: ingressgateway') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: bookinfo}
spec:
  selector: {${selector}}
  servers:
  - port: {number: ${port}, name: http, protocol: HTTP}
    hosts: ${hosts}
---
`;

describe('KIA0301 more than one Gateway for the same host and port', () => {
  it('flags valid, * and *.justhost.com in three Gateways on one port and selector', () => {
    const yaml = gw('a', '[valid]') + gw('b', '["*"]') + gw('c', '["*.justhost.com"]');
    expect(runChecker(checker, yaml, 'Gateway/bookinfo/a')).toEqual([
      expect.objectContaining({ code: 'KIA0301', severity: 'warning', invalidates: false, path: 'spec/servers[0]/hosts[0]', line: 8, column: 13 }),
    ]);
    expect(placed(checker, yaml, 'Gateway/bookinfo/b')).toEqual([{ path: 'spec/servers[0]/hosts[0]', line: 17, column: 13 }]);
    expect(placed(checker, yaml, 'Gateway/bookinfo/c')).toEqual([{ path: 'spec/servers[0]/hosts[0]', line: 26, column: 13 }]);
  });

  it('flags only the earlier of two colliding hosts inside one Gateway', () => {
    expect(placed(checker, gw('a', '["*.echidna.com", tachyglossa.echidna.com]'), 'Gateway/bookinfo/a')).toEqual([
      { path: 'spec/servers[0]/hosts[0]', line: 8, column: 13 },
    ]);
  });

  it.each([
    ['another port', gw('a', '[reviews.com]') + gw('b', '[reviews.com]', 443)],
    ['another selector', gw('a', '[reviews.com]') + gw('b', '[reviews.com]', 80, 'istio: egressgateway')],
    ['other host names', gw('a', '[reviews.com, "*.a.com"]') + gw('b', '[ratings.com, "*.b.a.com"]')],
    ['hosts bound to different namespaces', gw('a', '[ns1/reviews.com]') + gw('b', '[ns2/reviews.com]')],
  ])('is quiet for %s', (_name, yaml) => {
    expect(runChecker(checker, yaml, 'Gateway/bookinfo/a')).toEqual([]);
    expect(runChecker(checker, yaml, 'Gateway/bookinfo/b')).toEqual([]);
  });

  it('ignores Gateway API Gateways', () => {
    const k8s = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: a, namespace: other}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: reviews.com}]
`;
    expect(runChecker(checker, k8s, 'Gateway/other/a')).toEqual([]);
  });
});
