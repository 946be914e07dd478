// ServiceEntries by (host, port number), once per check run, for the KIA1211/KIA1212 group checks.
import { field, list, num, str } from '../../model/read.js';
import type { MeshObject, ServiceEntry } from '../../model/types.js';
import type { Finding } from '../checker.js';
import type { CheckContext } from '../context.js';
import { overlaps, visibility, type Visibility } from '../../model/visibility.js';

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

function index(ctx: CheckContext): ReadonlyMap<string, readonly HostPort[]> {
  // ServiceEntries and the mesh defaults change only together (a snapshot rebuild).
  return ctx.memoOn(ctx.snapshot.serviceEntries, 'service-entry-host-ports', () => buildIndex(ctx));
}

function buildIndex(ctx: CheckContext): ReadonlyMap<string, readonly HostPort[]> {
  const map = new Map<string, HostPort[]>();
  const defaults = ctx.engine.meshConfig.defaultServiceExportTo;
  for (const entry of ctx.snapshot.serviceEntries) {
    for (const { key, value } of hostPorts(entry, visibility(entry.exportTo, entry.namespace, defaults))) {
      const entries = map.get(key);
      if (entries) entries.push(value);
      else map.set(key, [value]);
    }
  }
  return map;
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
    const others = (map.get(key) ?? []).filter((o) => o.entry !== entry && overlaps(o.visibility, value.visibility));
    if (others.length === 0) continue;
    const conflict = others.some((o) => o.protocol !== value.protocol);
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
