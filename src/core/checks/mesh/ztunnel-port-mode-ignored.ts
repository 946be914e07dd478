import type { Checker, Finding } from '../checker.js';
import { isPeerAuthentication } from '../policy-modes.js';

// ztunnel only denies or allows connections without a peer identity, from DENY policies istiod converts out of
// PeerAuthentications (pilot/pkg/serviceregistry/ambient/authorization.go): DISABLE is PERMISSIVE there, and a
// port exception is converted only when it differs from what the workload already gets (under a STRICT parent
// only PERMISSIVE ports count). A port-level mode whose port ends up otherwise on an ambient workload is ignored.
export const ztunnelPortModeIgnored: Checker = {
  code: 'MSL012',
  kinds: ['PeerAuthentication'],
  severity: 'warning',
  message: 'ztunnel does not enforce this port-level mode on the ambient workloads it selects',
  invalidates: false,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !pa.selector || pa.portLevelMtls.size === 0 || ctx.isRootNamespace(pa.namespace)) return [];
    const ambient = ctx.workloadsMatching(pa.namespace, pa.selector).filter((w) => w.dataplane === 'ambient');
    const findings: Finding[] = [];
    for (const [port, mode] of pa.portLevelMtls) {
      if (mode === undefined) continue;
      // ztunnel has no DISABLE: the closest it can do is let plaintext in, which is PERMISSIVE.
      const asked = mode === 'DISABLE' ? 'PERMISSIVE' : mode;
      const differ = ambient.map((w) => ({ w, enforced: ctx.engine.ztunnelMode(w, port).mode })).filter(({ enforced }) => enforced !== asked);
      if (differ.length === 0) continue;
      const named = differ.map(({ w, enforced }) => `${w.namespace}/${w.name} is ${enforced}`).join(', ');
      findings.push({
        path: ['spec', 'portLevelMtls', String(port), 'mode'],
        message: `ztunnel does not enforce ${mode} on port ${port} of the ambient workloads it selects: ${named} there (istiod converts only port exceptions that differ from the workload's policy, and only PERMISSIVE ones under STRICT)`,
      });
    }
    return findings;
  },
};
