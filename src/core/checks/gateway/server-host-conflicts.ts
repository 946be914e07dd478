// KIA0301 is a group check: every server host of every Istio Gateway is compared with the hosts that follow
// it on the same port and selector. The whole result is computed once per check run, then read per Gateway.
import { pushTo } from '../../model/lists.js';
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

/*
 * Kiali's rule for two hosts of a group: hosts bound to different namespaces (`a/host`, `b/host`) never meet;
 * `*` matches everything; equal names match; a `*.x` host matches names ending in `.x`; two different
 * wildcards never match. linkNeighbours applies it to classes of hosts.
 */

/** Hosts with the same name and target collide with the same hosts: the algorithm works on these classes. */
interface HostClass {
  readonly name: string;
  readonly target: string;
  /** Classes that collide with this one, itself included. */
  readonly neighbours: Set<HostClass>;
  /** Position in the group of this class's last host. */
  last: number;
  /** The Gateways of the hosts of this class seen so far, in order, and where each one's same-Gateway run starts. */
  readonly gateways: MeshObject[];
  readonly runStart: number[];
  /** Per later Gateway: how many of `gateways` have already flagged a host of it (each flags only the first). */
  readonly covered: Map<MeshObject, number>;
}

const compatible = (a: HostClass, b: HostClass) => a.target === b.target || a.target === '*' || b.target === '*';

/** Every pair of colliding classes, found through indexes by name and wildcard suffix rather than by pairs. */
function linkNeighbours(classes: readonly HostClass[]): void {
  const link = (a: HostClass, b: HostClass) => {
    if (!compatible(a, b)) return;
    a.neighbours.add(b);
    b.neighbours.add(a);
  };
  const byName = new Map<string, HostClass[]>();
  const wildcardsBySuffix = new Map<string, HostClass[]>();
  for (const c of classes) {
    byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
    if (c.name.startsWith('*') && c.name !== '*') wildcardsBySuffix.set(c.name.slice(1), [...(wildcardsBySuffix.get(c.name.slice(1)) ?? []), c]);
  }
  for (const sameName of byName.values()) for (const a of sameName) for (const b of sameName) link(a, b);
  for (const star of byName.get('*') ?? []) for (const c of classes) link(star, c);
  for (const c of classes) {
    if (c.name.startsWith('*')) continue;
    for (let i = 0; i < c.name.length; i++) for (const wildcard of wildcardsBySuffix.get(c.name.slice(i)) ?? []) link(c, wildcard);
  }
}

/**
 * Kiali's group rule, kept exactly, in time linear in the hosts (plus the colliding pairs of classes): a host
 * that collides with a later host of its group is flagged, and so is the first colliding later host of each
 * other Gateway, for every earlier host.
 */
function flagGroup(group: readonly ServerHost[], flag: (h: ServerHost) => void): void {
  const classes = new Map<string, HostClass>();
  const classOf = group.map((host, position) => {
    const key = `${host.target}\u0000${host.name}`;
    let c = classes.get(key);
    if (!c) classes.set(key, (c = { name: host.name, target: host.target, neighbours: new Set(), last: position, gateways: [], runStart: [], covered: new Map() }));
    c.last = position;
    return c;
  });
  linkNeighbours([...classes.values()]);
  const lastColliding = new Map<HostClass, number>();
  for (const c of classes.values()) lastColliding.set(c, [...c.neighbours].reduce((last, n) => Math.max(last, n.last), -1));
  group.forEach((host, position) => {
    const own = classOf[position]!;
    if ((lastColliding.get(own) ?? -1) > position) flag(host);
    const gateway = host.gateway;
    for (const earlier of own.neighbours) {
      const seen = earlier.gateways.length;
      const from = earlier.covered.get(gateway) ?? 0;
      if (from >= seen) continue;
      earlier.covered.set(gateway, seen);
      // Some earlier host in [from, seen) belongs to another Gateway: the last one does, or its run starts after `from`.
      if (earlier.gateways[seen - 1] !== gateway || earlier.runStart[seen - 1]! > from) flag(host);
    }
    const previous = own.gateways.length - 1;
    own.runStart.push(previous >= 0 && own.gateways[previous] === gateway ? own.runStart[previous]! : own.gateways.length);
    own.gateways.push(gateway);
  });
}

/**
 * A host that collides with a later host of its group is flagged; so is the first colliding later host of
 * each *other* Gateway. Two colliding hosts of one Gateway flag only the earlier one (Kiali's test: one entry).
 */
export function conflictingServerHosts(ctx: CheckContext, gateway: MeshObject): readonly ObjectPath[] {
  const byGateway = ctx.cached('conflicting-server-hosts', () => {
    const groups = new Map<string, ServerHost[]>();
    for (const g of istioGateways(ctx)) {
      for (const { key, host } of serverHosts(g)) pushTo(groups, key, host);
    }
    const flagged = new Map<MeshObject, Map<string, ServerHost>>();
    const flag = (h: ServerHost) => {
      const paths = flagged.get(h.gateway) ?? new Map<string, ServerHost>();
      paths.set(`${h.serverIndex}/${h.hostIndex}`, h);
      flagged.set(h.gateway, paths);
    };
    for (const group of groups.values()) flagGroup(group, flag);
    const built = new Map<MeshObject, ObjectPath[]>();
    for (const [g, hosts] of flagged) {
      const sorted = [...hosts.values()].sort((a, b) => a.serverIndex - b.serverIndex || a.hostIndex - b.hostIndex);
      built.set(g, sorted.map((h) => ['spec', 'servers', h.serverIndex, 'hosts', h.hostIndex]));
    }
    return built;
  });
  return byGateway.get(gateway) ?? [];
}
