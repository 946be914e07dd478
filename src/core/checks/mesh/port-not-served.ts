import type { Checker, Finding } from '../checker.js';
import { isPeerAuthentication } from '../policy-modes.js';

// portLevelMtls keys on the workload (container) port, not the Service port (istio-mtls-semantics §1.5).
// A key that none of the selected workloads serves is usually a Service port written by mistake.
// Workloads that declare no ports at all are not judged.
export const portNotServed: Checker = {
  code: 'MSL003',
  kinds: ['PeerAuthentication'],
  severity: 'warning',
  message: 'portLevelMtls names a port that the selected workloads do not serve (it keys on the container port, not the Service port)',
  invalidates: false,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !pa.selector || pa.portLevelMtls.size === 0 || ctx.isRootNamespace(pa.namespace)) return [];
    const workloads = ctx.workloadsMatching(pa.namespace, pa.selector);
    const served = workloads.map((w) => ctx.engine.workloadPorts(w));
    if (served.length === 0 || served.some((ports) => ports.length === 0)) return [];
    const findings: Finding[] = [];
    for (const port of pa.portLevelMtls.keys()) {
      if (served.some((ports) => ports.includes(port))) continue;
      findings.push({
        path: ['spec', 'portLevelMtls', String(port)],
        message: `portLevelMtls names port ${port}, which the selected workloads do not serve (they serve ${[...new Set(served.flat())].join(', ')}); it keys on the container port, not the Service port`,
      });
    }
    return findings;
  },
};
