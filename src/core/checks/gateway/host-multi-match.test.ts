// kiali-backend-reference §2.4.6 (KIA0301) and Kiali's multi_match_checker tests.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../model/snapshot.js';
import { MtlsEngine } from '../../mtls/engine.js';
import { placed, runChecker } from '../../../testing/checker-findings.js';
import { objectsFromYaml } from '../../../testing/demo-mesh.js';
import { seededRandom } from '../../../testing/seeded-random.js';
import { CheckContext } from '../context.js';
import { formatPath } from '../path.js';
import { gatewayHostMultiMatch as checker } from './host-multi-match.js';
import { conflictingServerHosts } from './server-host-conflicts.js';

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

/** Kiali's rule as it reads, pair by pair: the reference the indexed implementation must agree with. */
function pairwise(gateways: { name: string; hosts: string[] }[]): Map<string, string[]> {
  const hosts = gateways.flatMap((g) =>
    g.hosts.map((written, hostIndex) => {
      const [first = '', second] = written.split('/');
      return { gateway: g.name, hostIndex, name: (second ?? first).toLowerCase(), target: second === undefined ? '*' : first === '.' ? 'bookinfo' : first };
    }),
  );
  type Host = (typeof hosts)[number];
  const collide = (a: Host, b: Host) => {
    if (a.target !== b.target && a.target !== '*' && b.target !== '*') return false;
    if (a.name === '*' || b.name === '*' || a.name === b.name) return true;
    if (a.name.startsWith('*') && b.name.startsWith('*')) return false;
    if (a.name.startsWith('*')) return b.name.endsWith(a.name.slice(1));
    if (b.name.startsWith('*')) return a.name.endsWith(b.name.slice(1));
    return false;
  };
  const flagged = new Map<string, Set<number>>();
  const flag = (h: Host) => flagged.set(h.gateway, (flagged.get(h.gateway) ?? new Set()).add(h.hostIndex));
  hosts.forEach((host, i) => {
    const others = new Set<string>();
    let collides = false;
    for (const later of hosts.slice(i + 1)) {
      if (!collide(host, later)) continue;
      collides = true;
      if (later.gateway === host.gateway || others.has(later.gateway)) continue;
      others.add(later.gateway);
      flag(later);
    }
    if (collides) flag(host);
  });
  return new Map([...flagged].map(([g, indexes]) => [g, [...indexes].sort((a, b) => a - b).map((i) => `spec/servers[0]/hosts[${i}]`)]));
}

describe('KIA0301 on large groups', () => {
  it('agrees with the pairwise rule on 300 random groups of Gateways', () => {
    const random = seededRandom(301);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const names = ['*', 'a.com', 'b.a.com', '*.a.com', '*a.com', 'reviews.com', '*.com', 'x.b.a.com', 'ns1/a.com', 'ns2/a.com', 'ns1/*', './b.a.com', 'ns2/*.a.com'];
    for (let round = 0; round < 300; round++) {
      const gateways = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({ name: `g${i}`, hosts: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(names)) }));
      const yaml = gateways.map((g) => gw(g.name, JSON.stringify(g.hosts))).join('');
      const objects = objectsFromYaml(yaml);
      const ctx = new CheckContext(new MtlsEngine(buildSnapshot(objects)));
      const actual = new Map(
        ctx.snapshot.objects.flatMap((o) => {
          const paths = conflictingServerHosts(ctx, o);
          return paths.length > 0 ? [[o.name, paths.map(formatPath)] as const] : [];
        }),
      );
      expect(actual, yaml).toEqual(pairwise(gateways));
    }
  });
});
