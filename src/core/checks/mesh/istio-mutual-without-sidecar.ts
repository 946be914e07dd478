import { hasSidecar } from '../../model/dataplane.js';
import { hostMatches, qualifyHost } from '../../model/hosts.js';
import { formatRef } from '../../model/refs.js';
import type { Service, ServiceEntry } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { isDestinationRule } from '../policy-modes.js';
import { tlsBlocks } from './tls-blocks.js';

const SHOWN = 3;
const NAMESPACE_WIDE = /^\*\.([^.]+)\.svc\.cluster\.local$/;

/** Registry hosts a pattern may cover, found through the registry's indexes where the pattern allows. */
export function candidateHosts(pattern: string, ctx: CheckContext): readonly { hostname: string; object: Service | ServiceEntry }[] {
  if (!pattern.includes('*')) {
    const found = ctx.engine.services.find(pattern);
    return found ? [found] : [];
  }
  const namespace = NAMESPACE_WIDE.exec(pattern)?.[1];
  return namespace !== undefined ? ctx.engine.services.hostsIn(namespace) : ctx.engine.services.all();
}

// Istio mTLS towards an endpoint without sidecar reaches an app that cannot answer the handshake: 503 UF
// (istio-mtls-semantics §4.2 ISTIO row, §4.3). Auto mTLS avoids this; an explicit ISTIO_MUTUAL causes it.
// The engine decides, per endpoint, whether this rule is the one a client uses and what the edge does.
export const istioMutualWithoutSidecar: Checker = {
  code: 'MSL006',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'ISTIO_MUTUAL towards endpoints without sidecar: those requests fail',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !dr.host) return [];
    // Subset policies apply only when a route picks the subset, so only the rule-level blocks are judged.
    const block = tlsBlocks(dr).find((b) => b.path[1] === 'trafficPolicy' && b.tls.modeSet && b.tls.mode === 'ISTIO_MUTUAL');
    if (!block) return [];
    const pattern = qualifyHost(dr.host, dr.namespace);
    const broken: string[] = [];
    for (const { hostname, object } of candidateHosts(pattern, ctx)) {
      if (!hostMatches(pattern, hostname)) continue;
      for (const destination of ctx.engine.services.destinations(hostname, object)) {
        const client = ctx.probeClient(ctx.isRootNamespace(dr.namespace) ? destination.namespace : dr.namespace);
        for (const endpoint of destination.endpoints) {
          if (!endpoint.workload || hasSidecar(endpoint.workload)) continue;
          const edge = ctx.engine.edge(client, destination, endpoint);
          const decidedBy = edge.decision.decidedBy;
          if (edge.outcome.outcome !== 'fail' || edge.decision.sends !== 'ISTIO_MUTUAL' || !decidedBy || formatRef(decidedBy) !== formatRef(dr)) continue;
          broken.push(`${hostname}:${destination.servicePort.port} (${endpoint.workload.namespace}/${endpoint.workload.name})`);
        }
      }
    }
    if (broken.length === 0) return [];
    const shown = broken.slice(0, SHOWN).join(', ') + (broken.length > SHOWN ? `, and ${broken.length - SHOWN} more` : '');
    return [{ path: [...block.path, 'mode'], message: `ISTIO_MUTUAL towards endpoints without sidecar: requests to ${shown} fail (503 UF)` }];
  },
};
