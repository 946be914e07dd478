import { pushTo } from '../../model/lists.js';
import { qualifyHost } from '../../model/hosts.js';
import { field, list, stringList } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { overlaps, type Visibility } from '../../model/visibility.js';
import { specVisibility } from '../service-entry/visibility.js';

interface Bound {
  readonly vs: MeshObject;
  readonly visibility: Visibility;
}


/** Sidecars merge no VirtualServices: for one host they use one and ignore the rest (istioctl analyze IST0109). */
function appliesToSidecars(vs: MeshObject): boolean {
  const gateways = list(field(vs.raw, 'spec', 'gateways'));
  return gateways.length === 0 || gateways.includes('mesh');
}

function hostsOf(vs: MeshObject): string[] {
  return [...new Set(stringList(field(vs.raw, 'spec', 'hosts')).map((h) => qualifyHost(h, vs.namespace)))];
}

function byHost(ctx: CheckContext): ReadonlyMap<string, readonly Bound[]> {
  const virtualServices = ctx.objectsOfKind('VirtualService');
  return ctx.memoOn(virtualServices, 'vs-by-host', () => indexByHost(ctx, virtualServices));
}

function indexByHost(ctx: CheckContext, virtualServices: readonly MeshObject[]): ReadonlyMap<string, readonly Bound[]> {
  const built = new Map<string, Bound[]>();
  for (const vs of virtualServices) {
    if (!vs.apiVersion.startsWith('networking.istio.io/') || !appliesToSidecars(vs)) continue;
    const bound = { vs, visibility: specVisibility(ctx, vs, 'defaultVirtualServiceExportTo') };
    for (const host of hostsOf(vs)) pushTo(built, host, bound);
  }
  return built;
}

// Two VirtualServices for the same host that some namespace's sidecars both see: Istio keeps one of them
// and the other's routes silently do nothing there. Gateways merge VirtualServices, so only mesh-bound ones count.
export const virtualServiceSingleHost: Checker = {
  code: 'KIA1106',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'More than one Virtual Service for same host',
  invalidates: false,
  check(vs, ctx) {
    if (!vs.apiVersion.startsWith('networking.istio.io/') || !appliesToSidecars(vs)) return [];
    const index = byHost(ctx);
    const own = specVisibility(ctx, vs, 'defaultVirtualServiceExportTo');
    const clash = hostsOf(vs).some((host) => (index.get(host) ?? []).some((other) => other.vs !== vs && overlaps(own, other.visibility)));
    return clash ? [{ path: ['spec', 'hosts'] }] : [];
  },
};
