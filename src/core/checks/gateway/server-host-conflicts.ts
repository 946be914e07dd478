// KIA0301 is a group check: every server host of every Istio Gateway is compared with the hosts that follow
// it on the same port and selector. The whole result is computed once per check run, then read per Gateway.
import { field, list, num, stringMap } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { ObjectPath } from '../checker.js';
import type { CheckContext } from '../context.js';
import { istioGateways } from './istio-gateways.js';

interface ServerHost {
  readonly gateway: MeshObject;
  readonly serverIndex: number;
  readonly hostIndex: number;
  /** Lower-cased: DNS names are case-insensitive. */
  readonly name: string;
  /** From `ns/host`; `.` is the Gateway's namespace; `*` when not given. */
  readonly target: string;
}

function serverHosts(gateway: MeshObject): { key: string; host: ServerHost }[] {
  const selector = Object.entries(stringMap(field(gateway.raw, 'spec', 'selector')))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const out: { key: string; host: ServerHost }[] = [];
  list(field(gateway.raw, 'spec', 'servers')).forEach((server, serverIndex) => {
    const key = `${num(field(server, 'port', 'number')) ?? 0}|${selector}`;
    list(field(server, 'hosts')).forEach((written, hostIndex) => {
      if (typeof written !== 'string') return;
      const [first = '', second] = written.split('/');
      const target = second === undefined ? '*' : first === '.' ? gateway.namespace : first;
      out.push({ key, host: { gateway, serverIndex, hostIndex, name: (second ?? first).toLowerCase(), target } });
    });
  });
  return out;
}

/**
 * Kiali's rule: `*` matches everything; equal names match; a `*.x` host matches names ending in `.x`;
 * two different wildcards never match. Hosts bound to different namespaces (`a/host`, `b/host`) never meet.
 */
function collide(a: ServerHost, b: ServerHost): boolean {
  if (a.target !== b.target && a.target !== '*' && b.target !== '*') return false;
  if (a.name === '*' || b.name === '*' || a.name === b.name) return true;
  const aWild = a.name.startsWith('*');
  const bWild = b.name.startsWith('*');
  if (aWild && bWild) return false;
  if (aWild) return b.name.endsWith(a.name.slice(1));
  if (bWild) return a.name.endsWith(b.name.slice(1));
  return false;
}

const cache = new WeakMap<CheckContext, ReadonlyMap<MeshObject, readonly ObjectPath[]>>();

/**
 * A host that collides with a later host of its group is flagged; so is the first colliding later host of
 * each *other* Gateway. Two colliding hosts of one Gateway flag only the earlier one (Kiali's test: one entry).
 */
export function conflictingServerHosts(ctx: CheckContext, gateway: MeshObject): readonly ObjectPath[] {
  let byGateway = cache.get(ctx);
  if (!byGateway) {
    const groups = new Map<string, ServerHost[]>();
    for (const g of istioGateways(ctx)) {
      for (const { key, host } of serverHosts(g)) {
        const group = groups.get(key);
        if (group) group.push(host);
        else groups.set(key, [host]);
      }
    }
    const flagged = new Map<MeshObject, Map<string, ServerHost>>();
    const flag = (h: ServerHost) => {
      const paths = flagged.get(h.gateway) ?? new Map<string, ServerHost>();
      paths.set(`${h.serverIndex}/${h.hostIndex}`, h);
      flagged.set(h.gateway, paths);
    };
    for (const group of groups.values()) {
      group.forEach((host, i) => {
        const others = new Set<MeshObject>();
        let collides = false;
        for (const later of group.slice(i + 1)) {
          if (!collide(host, later)) continue;
          collides = true;
          if (later.gateway === host.gateway || others.has(later.gateway)) continue;
          others.add(later.gateway);
          flag(later);
        }
        if (collides) flag(host);
      });
    }
    const built = new Map<MeshObject, ObjectPath[]>();
    for (const [g, hosts] of flagged) {
      const sorted = [...hosts.values()].sort((a, b) => a.serverIndex - b.serverIndex || a.hostIndex - b.hostIndex);
      built.set(g, sorted.map((h) => ['spec', 'servers', h.serverIndex, 'hosts', h.hostIndex]));
    }
    byGateway = built;
    cache.set(ctx, byGateway);
  }
  return byGateway.get(gateway) ?? [];
}
