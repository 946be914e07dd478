import type { Checker, Finding } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';
import { trafficPolicies } from './tls-blocks.js';

// A portLevelSettings entry replaces the policy for its port wholesale: without its own tls the port
// does not inherit trafficPolicy.tls and falls back to auto mTLS (or plaintext with auto mTLS off); Istio's
// endpoint labelling still reads the top-level mode, so the result is ambiguous (istio-mtls-semantics §2.3).
export const portSettingsDropTls: Checker = {
  code: 'MSL009',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'This portLevelSettings entry has no tls, so its port does not inherit the tls settings above it',
  invalidates: false,
  check(dr) {
    if (!isDestinationRule(dr)) return [];
    const findings: Finding[] = [];
    for (const { path, policy } of trafficPolicies(dr)) {
      if (!policy.tls) continue;
      policy.portLevelSettings.forEach((port, i) => {
        if (port.tls) return;
        findings.push({
          path: [...path, 'portLevelSettings', i],
          message: `portLevelSettings for port ${port.port ?? '?'} has no tls, so that port does not inherit tls mode ${policy.tls?.mode}: auto mTLS (or plaintext with auto mTLS off) applies to it`,
        });
      });
    }
    return findings;
  },
};
