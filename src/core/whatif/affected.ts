// Which destinations a change can touch, so the what-if compares those edges only. A PeerAuthentication acts
// on the servers of its namespace (the whole mesh from the root namespace), and auto mTLS reads the same
// server modes (istio-mtls-semantics §1.2, §3.2); a DestinationRule acts on the hosts it names, old and new
// (§2.5). Any other kind can change workloads, sidecars or the mesh config, so everything is compared.
import { hostMatches, qualifyHost } from '../model/hosts.js';
import { formatRef } from '../model/refs.js';
import type { DestinationRule } from '../model/types.js';
import type { Destination } from '../mtls/destinations.js';
import type { Change, MtlsEngine } from '../mtls/engine.js';

/**
 * Which destinations to compare. `target` is asked first, of each Service or ServiceEntry by hostname and
 * namespace, so the destinations of the others are never built; `destination` then narrows by endpoints.
 */
export interface DestinationFilter {
  /** Every target is a Service or ServiceEntry of this namespace: only its hosts are asked. */
  readonly namespace?: string;
  readonly target: (hostname: string, namespace: string) => boolean;
  readonly destination?: (destination: Destination) => boolean;
}

/** A filter over destinations, or undefined when every edge of the mesh may change. */
export function affectedDestinations(before: MtlsEngine, changes: readonly Change[]): DestinationFilter | undefined {
  const root = before.meshConfig.rootNamespace;
  const namespaces = new Set<string>();
  const hosts = new Set<string>();
  for (const change of changes) {
    const ref = change.type === 'upsert' ? change.object : change.ref;
    if (ref.kind === 'PeerAuthentication') {
      if (ref.namespace === root) return undefined;
      namespaces.add(ref.namespace);
      continue;
    }
    if (ref.kind !== 'DestinationRule') return undefined;
    const old = before.snapshot.destinationRules.find((rule) => formatRef(rule) === formatRef(ref));
    if (old) hosts.add(qualifyHost(old.host, old.namespace));
    if (change.type === 'upsert') {
      // An object of that kind that did not normalise as a rule (another API group) is handled as unknown.
      if (!('host' in change.object)) return undefined;
      hosts.add(qualifyHost((change.object as DestinationRule).host, ref.namespace));
    }
  }
  // A Service or ServiceEntry selects workloads of its own namespace only, so its endpoints are servers of
  // a namespace whose policy changed exactly when it is in that namespace.
  const named = [...hosts];
  const only = namespaces.size === 1 && named.length === 0 ? [...namespaces][0] : undefined;
  return { ...(only !== undefined && { namespace: only }), target: (hostname, namespace) => namespaces.has(namespace) || named.some((host) => hostMatches(host, hostname)) };
}
