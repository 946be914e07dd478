// Hosts of the service registry (Kubernetes Services and ServiceEntry hosts) with their exportTo, indexed
// once per check run so that host lookups from thousands of objects stay cheap.
import { pushTo } from '../../model/lists.js';
import { serviceHostname } from '../../model/hosts.js';
import type { Service, ServiceEntry } from '../../model/types.js';
import type { CheckContext } from '../context.js';
import { visibility, visibleIn, type Visibility } from '../../model/visibility.js';

export interface RegistryHost {
  readonly hostname: string;
  readonly namespace: string;
  readonly visibility: Visibility;
  readonly object: Service | ServiceEntry;
}

export interface HostRegistry {
  /** Exact hostnames (Service FQDNs and non-wildcard ServiceEntry hosts). */
  readonly exact: ReadonlyMap<string, readonly RegistryHost[]>;
  /** ServiceEntry hosts that start with `*`. */
  readonly wildcards: readonly RegistryHost[];
  readonly byNamespace: ReadonlyMap<string, readonly RegistryHost[]>;
  readonly all: readonly RegistryHost[];
}

// Services, ServiceEntries and the mesh defaults change only together (a snapshot rebuild), so the
// registry is keyed on the services list.
export function hostRegistry(ctx: CheckContext): HostRegistry {
  return ctx.memoOn(ctx.snapshot.services, 'host-registry', () => buildRegistry(ctx));
}

function buildRegistry(ctx: CheckContext): HostRegistry {
  const defaults = ctx.engine.meshConfig.defaultServiceExportTo;
  const all: RegistryHost[] = [];
  for (const service of ctx.snapshot.services) {
    all.push({ hostname: serviceHostname(service.name, service.namespace), namespace: service.namespace, visibility: visibility(service.exportTo, service.namespace, defaults), object: service });
  }
  for (const entry of ctx.snapshot.serviceEntries) {
    const v = visibility(entry.exportTo, entry.namespace, defaults);
    for (const host of entry.hosts) all.push({ hostname: host.toLowerCase(), namespace: entry.namespace, visibility: v, object: entry });
  }
  const exact = new Map<string, RegistryHost[]>();
  const byNamespace = new Map<string, RegistryHost[]>();
  const wildcards: RegistryHost[] = [];
  for (const host of all) {
    if (host.hostname.startsWith('*')) wildcards.push(host);
    else pushTo(exact, host.hostname, host);
    pushTo(byNamespace, host.namespace, host);
  }
  return { exact, wildcards, byNamespace, all };
}

/** Istio's host.Name.Matches: equal, or one is a wildcard (`*`, `*.suffix`) covering the other. */
export function hostsMatch(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  if (a.startsWith('*') && b.startsWith('*')) return a.length <= b.length ? b.endsWith(a.slice(1)) : a.endsWith(b.slice(1));
  if (a.startsWith('*')) return b.endsWith(a.slice(1));
  if (b.startsWith('*')) return a.endsWith(b.slice(1));
  return false;
}

/** A registry host matching `host` (exact or through a wildcard) that `fromNamespace` may see. */
export function findVisibleHost(ctx: CheckContext, host: string, fromNamespace: string): RegistryHost | undefined {
  const registry = hostRegistry(ctx);
  const name = host.toLowerCase();
  const visible = (h: RegistryHost) => visibleIn(h.visibility, fromNamespace);
  if (name.startsWith('*')) return registry.all.find((h) => visible(h) && hostsMatch(name, h.hostname));
  return registry.exact.get(name)?.find(visible) ?? registry.wildcards.find((h) => visible(h) && hostsMatch(h.hostname, name));
}

/** The Service `name` of `namespace`, when `fromNamespace` may see it. */
export function findVisibleService(ctx: CheckContext, name: string, namespace: string, fromNamespace: string): RegistryHost | undefined {
  return hostRegistry(ctx)
    .exact.get(serviceHostname(name, namespace))
    ?.find((h) => h.object.kind === 'Service' && visibleIn(h.visibility, fromNamespace));
}
