// ServiceEntries by (host, port number), once per check run, for the KIA1211/KIA1212 group checks.
import { field, list, num, str } from '../../model/read.js';
import type { MeshObject, ServiceEntry } from '../../model/types.js';
import type { Finding } from '../checker.js';
import type { CheckContext } from '../context.js';
import { visibility, type Visibility } from '../../model/visibility.js';

interface HostPort {
  readonly entry: ServiceEntry;
  readonly portIndex: number;
  /** Upper-cased, as Kiali compares them. */
  readonly protocol: string;
  readonly visibility: Visibility;
}


function hostPorts(entry: ServiceEntry, v: Visibility): { key: string; value: HostPort }[] {
  const out: { key: string; value: HostPort }[] = [];
  list(field(entry.raw, 'spec', 'ports')).forEach((port, portIndex) => {
    const number = num(field(port, 'number'));
    if (number === undefined) return;
    const protocol = (str(field(port, 'protocol')) ?? '').toUpperCase();
    for (const host of new Set(entry.hosts.map((h) => h.toLowerCase()))) {
      out.push({ key: `${host}|${number}`, value: { entry, portIndex, protocol, visibility: v } });
    }
  });
  return out;
}

/** ServiceEntries of one (host, port) group seen by some set of namespaces, and which protocols they declare. */
class Bucket {
  readonly entries = new Set<ServiceEntry>();
  readonly byProtocol = new Map<string, Set<ServiceEntry>>();

  add(value: HostPort): void {
    this.entries.add(value.entry);
    let entries = this.byProtocol.get(value.protocol);
    if (!entries) this.byProtocol.set(value.protocol, (entries = new Set()));
    entries.add(value.entry);
  }

  /** Another entry than `entry` is here (with a protocol other than `protocol`, when given). */
  hasOther(entry: ServiceEntry, protocol?: string): boolean {
    if (protocol === undefined) return this.entries.size - (this.entries.has(entry) ? 1 : 0) > 0;
    for (const [declared, entries] of this.byProtocol) if (declared !== protocol && entries.size - (entries.has(entry) ? 1 : 0) > 0) return true;
    return false;
  }
}

/**
 * One (host, port) group by visibility: entries seen everywhere, entries seen by some namespaces, and those by
 * namespace. Which entries share a namespace with a given one is then a few lookups, not a scan of the group.
 */
interface Group {
  readonly everywhere: Bucket;
  readonly scoped: Bucket;
  readonly byNamespace: Map<string, Bucket>;
}

function index(ctx: CheckContext): ReadonlyMap<string, Group> {
  // ServiceEntries and the mesh defaults change only together (a snapshot rebuild).
  return ctx.memoOn(ctx.snapshot.serviceEntries, 'service-entry-host-ports', () => buildIndex(ctx));
}

function buildIndex(ctx: CheckContext): ReadonlyMap<string, Group> {
  const map = new Map<string, Group>();
  const defaults = ctx.engine.meshConfig.defaultServiceExportTo;
  for (const entry of ctx.snapshot.serviceEntries) {
    for (const { key, value } of hostPorts(entry, visibility(entry.exportTo, entry.namespace, defaults))) {
      let group = map.get(key);
      if (!group) map.set(key, (group = { everywhere: new Bucket(), scoped: new Bucket(), byNamespace: new Map() }));
      if (value.visibility.all) {
        group.everywhere.add(value);
        continue;
      }
      if (value.visibility.namespaces.size > 0) group.scoped.add(value);
      for (const namespace of value.visibility.namespaces) {
        let bucket = group.byNamespace.get(namespace);
        if (!bucket) group.byNamespace.set(namespace, (bucket = new Bucket()));
        bucket.add(value);
      }
    }
  }
  return map;
}

/** The buckets holding every entry that some namespace sees together with `value`. */
function overlapping(group: Group, value: HostPort): Bucket[] {
  if (value.visibility.all) return [group.everywhere, group.scoped];
  return [group.everywhere, ...[...value.visibility.namespaces].flatMap((ns) => group.byNamespace.get(ns) ?? [])];
}

/**
 * The ports of a ServiceEntry that another ServiceEntry also declares for one of the same hosts, where
 * some namespace sees both: those with a protocol conflict (KIA1212) or those without (KIA1211).
 */
export function clashingPorts(ctx: CheckContext, object: MeshObject, protocolConflict: boolean): Finding[] {
  const entry = asServiceEntry(object);
  if (!entry) return [];
  const map = index(ctx);
  const defaults = ctx.engine.meshConfig.defaultServiceExportTo;
  const byPort = new Map<number, boolean>();
  for (const { key, value } of hostPorts(entry, visibility(entry.exportTo, entry.namespace, defaults))) {
    const group = map.get(key);
    if (!group || value.visibility.namespaces.size + (value.visibility.all ? 1 : 0) === 0) continue;
    const buckets = overlapping(group, value);
    if (!buckets.some((b) => b.hasOther(entry))) continue;
    const conflict = buckets.some((b) => b.hasOther(entry, value.protocol));
    byPort.set(value.portIndex, (byPort.get(value.portIndex) ?? false) || conflict);
  }
  return [...byPort]
    .filter(([, conflict]) => conflict === protocolConflict)
    .sort(([a], [b]) => a - b)
    .map(([portIndex]) => ({ path: ['spec', 'ports', portIndex] }));
}

/** The object as the snapshot reads it, when it is an Istio ServiceEntry. */
function asServiceEntry(object: MeshObject): ServiceEntry | undefined {
  return object.kind === 'ServiceEntry' && 'hosts' in object ? (object as ServiceEntry) : undefined;
}
