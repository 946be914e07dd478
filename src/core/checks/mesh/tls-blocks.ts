// Every ClientTLSSettings block of a DestinationRule with its path: top level, port-level entries, and
// the same inside each subset.
import type { ClientTls, DestinationRule, PortTrafficPolicy, TrafficPolicy } from '../../model/types.js';
import type { ObjectPath } from '../checker.js';

export interface PolicyAt {
  readonly path: ObjectPath;
  readonly policy: TrafficPolicy;
}

export interface TlsAt {
  readonly path: ObjectPath;
  readonly tls: ClientTls;
  readonly port: PortTrafficPolicy | undefined;
}

export function trafficPolicies(dr: DestinationRule): PolicyAt[] {
  const policies: PolicyAt[] = [];
  if (dr.trafficPolicy) policies.push({ path: ['spec', 'trafficPolicy'], policy: dr.trafficPolicy });
  dr.subsets.forEach((subset, i) => {
    if (subset.trafficPolicy) policies.push({ path: ['spec', 'subsets', i, 'trafficPolicy'], policy: subset.trafficPolicy });
  });
  return policies;
}

export function tlsBlocks(dr: DestinationRule): TlsAt[] {
  const blocks: TlsAt[] = [];
  for (const { path, policy } of trafficPolicies(dr)) {
    if (policy.tls) blocks.push({ path: [...path, 'tls'], tls: policy.tls, port: undefined });
    policy.portLevelSettings.forEach((port, i) => {
      if (port.tls) blocks.push({ path: [...path, 'portLevelSettings', i, 'tls'], tls: port.tls, port });
    });
  }
  return blocks;
}
