import { hostMatches, qualifyHost } from '../../model/hosts.js';
import { formatRef } from '../../model/refs.js';
import type { Workload } from '../../model/types.js';
import type { Checker } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';
import { candidateHosts } from './istio-mutual-without-sidecar.js';
import { tlsBlocks } from './tls-blocks.js';

const SHOWN = 3;

// An ambient workload's connections leave through its node's ztunnel, which never reads DestinationRules: a
// rule whose TLS a sidecar in the same place would use does nothing for it (only a waypoint applies rules, and
// only those it sees for the Service). The engine decides both sides: the workload as it is, and the same
// workload with a sidecar.
export const ztunnelIgnoresDestinationRule: Checker = {
  code: 'MSL011',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: "ztunnel ignores this DestinationRule's tls for ambient clients",
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !dr.host) return [];
    const block = tlsBlocks(dr).find((b) => b.path[1] === 'trafficPolicy');
    if (!block) return [];
    const rule = formatRef(dr);
    const pattern = qualifyHost(dr.host, dr.namespace);
    const ignored: string[] = [];
    for (const { hostname, object } of candidateHosts(pattern, ctx)) {
      if (!hostMatches(pattern, hostname)) continue;
      for (const destination of ctx.engine.services.destinations(hostname, object)) {
        // The clients a rule reaches first: its own namespace's, or for a root rule the service namespace's.
        const clients = ctx.workloadsIn(ctx.isRootNamespace(dr.namespace) ? destination.namespace : dr.namespace).filter((w) => w.dataplane === 'ambient');
        for (const client of clients) {
          const asSidecar: Workload = { ...client, dataplane: 'sidecar' };
          const endpoint = destination.endpoints.find((e) => e.workload !== client) ?? destination.endpoints[0];
          if (!endpoint) continue;
          const wouldUse = ctx.engine.decide({ type: 'workload', workload: asSidecar }, destination, endpoint).decidedBy;
          const uses = ctx.engine.decide({ type: 'workload', workload: client }, destination, endpoint).decidedBy;
          if (wouldUse && formatRef(wouldUse) === rule && !(uses && formatRef(uses) === rule)) {
            ignored.push(`${client.namespace}/${client.name} → ${hostname}:${destination.servicePort.port}`);
          }
        }
      }
    }
    if (ignored.length === 0) return [];
    const shown = ignored.slice(0, SHOWN).join(', ') + (ignored.length > SHOWN ? `, and ${ignored.length - SHOWN} more` : '');
    return [
      {
        path: block.tls.modeSet ? [...block.path, 'mode'] : block.path,
        message: `ztunnel ignores this DestinationRule's tls for ambient clients: ${shown} go through ztunnel (Istio mTLS over HBONE where the endpoint takes it), not through this rule`,
      },
    ];
  },
};
