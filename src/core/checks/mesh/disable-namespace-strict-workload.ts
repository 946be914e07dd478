import { hasSidecar } from '../../model/dataplane.js';
import { serviceHostname } from '../../model/hosts.js';
import { selectorMatches } from '../../model/labels.js';
import { formatRef } from '../../model/refs.js';
import type { Checker, ObjectPath } from '../checker.js';
import { isPeerAuthentication } from '../policy-modes.js';

// When the namespace (or the mesh) is DISABLE, auto mTLS sends plaintext to every workload in it without
// looking at workload policies, so a STRICT workload there rejects all in-mesh callers (istio/istio#56084,
// istio-mtls-semantics §3.3 a). Where Services select the workloads, the engine's edges confirm it: a
// DestinationRule with ISTIO_MUTUAL for them is the workaround and silences this check.
export const disableNamespaceStrictWorkload: Checker = {
  code: 'MSL004',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'STRICT under a DISABLE namespace or mesh: clients send plaintext here and this workload rejects it',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !pa.selector || ctx.isRootNamespace(pa.namespace)) return [];
    const strictAt: ObjectPath[] = [];
    if (pa.mode === 'STRICT') strictAt.push(['spec', 'mtls', 'mode']);
    for (const [port, mode] of pa.portLevelMtls) if (mode === 'STRICT') strictAt.push(['spec', 'portLevelMtls', String(port), 'mode']);
    if (strictAt.length === 0) return [];
    const namespaceMode = ctx.engine.namespaceMode(pa.namespace);
    if (namespaceMode.mode !== 'DISABLE') return [];
    const selector = pa.selector;
    const workloads = ctx.workloadsMatching(pa.namespace, selector).filter((w) => hasSidecar(w));
    // Without a sidecar nothing enforces the STRICT mode, so nothing is rejected.
    if (workloads.length === 0) return [];
    const client = ctx.probeClient(pa.namespace);
    const outcomes: string[] = [];
    for (const service of ctx.engine.services.servicesIn(pa.namespace)) {
      if (!service.selector || !workloads.some((w) => service.selector && selectorMatches(service.selector, w.podLabels))) continue;
      for (const destination of ctx.engine.services.destinations(serviceHostname(service.name, service.namespace), service)) {
        for (const endpoint of destination.endpoints) {
          if (endpoint.workload && workloads.includes(endpoint.workload)) outcomes.push(ctx.engine.edge(client, destination, endpoint).outcome.outcome);
        }
      }
    }
    if (outcomes.length > 0 && !outcomes.includes('fail')) return [];
    const by = namespaceMode.decidedBy ? formatRef(namespaceMode.decidedBy) : 'the namespace';
    return strictAt.map((path) => ({
      path,
      message: `STRICT under DISABLE from ${by}: auto mTLS sends plaintext to every workload of the namespace, so this workload rejects in-mesh callers`,
    }));
  },
};
