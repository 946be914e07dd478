// Whether the workloads an AuthorizationPolicy applies to receive mTLS, as Kiali's KIA0105 judges it
// (kiali-backend-reference §1.8), with the PeerAuthentication facts taken from the engine: the policy in
// effect is the oldest one, and UNSET inherits (istio-mtls-semantics §1.3–1.4). Kiali reads the first
// policy with a mode literally, so a namespace PA with `mtls: {}` under a mesh PERMISSIVE looked "not enabled".
import { serviceHostname } from '../../model/hosts.js';
import { selectorMatches } from '../../model/labels.js';
import type { Labels } from '../../model/types.js';
import type { CheckContext } from '../context.js';
import { meshRulesVisibleTo, namespaceRulesVisibleTo, topTlsMode } from '../policy-modes.js';
import type { DestinationRule } from '../../model/types.js';
import { finalStatus, overall, type Triple } from '../../mtls/kiali-status.js';

/** The mode a namespace's own policy (or the mesh's, for the root) sets, "" when none sets one. */
function policyMode(namespace: string, owner: string, ctx: CheckContext): string {
  const decision = ctx.engine.namespaceMode(namespace);
  return decision.decidedBy && decision.decidedBy.namespace === owner ? decision.mode : '';
}

/** Kiali's namespace-level answer with the mesh filled in; no configuration at all counts as enabled with auto mTLS. */
function namespaceEnabled(namespace: string, ctx: CheckContext): boolean {
  // Every policy of a namespace gets the same answer: once per namespace and context.
  const known = ctx.cached('namespace-receives-mtls', () => new Map<string, boolean>());
  let enabled = known.get(namespace);
  if (enabled === undefined) {
    enabled = namespaceJudged(namespace, ctx);
    known.set(namespace, enabled);
  }
  return enabled;
}

function namespaceJudged(namespace: string, ctx: CheckContext): boolean {
  const autoMtls = ctx.autoMtls;
  const firstMode = (rules: readonly DestinationRule[]): string => rules.map((dr) => topTlsMode(dr) ?? '').find((m) => m !== '') ?? '';
  const root = ctx.rootNamespace;
  const meshPa = policyMode(root, root, ctx);
  const meshDr = firstMode(meshRulesVisibleTo(namespace, ctx));
  const mesh: Triple = { dr: meshDr, pa: meshPa, result: finalStatus(meshDr, meshPa, autoMtls, true) };
  let ns: Triple | undefined;
  if (namespace !== root) {
    const pa = policyMode(namespace, namespace, ctx);
    const dr = firstMode(namespaceRulesVisibleTo(namespace, ctx));
    ns = { dr, pa, result: finalStatus(dr, pa, autoMtls, true) };
  }
  // Kiali's combination with allowPermissive: PERMISSIVE plus a client that sends mTLS counts as enabled.
  const status = overall(ns, mesh, autoMtls, true);
  return status === 'MTLS_ENABLED' || (status === 'MTLS_NOT_ENABLED' && autoMtls);
}

/**
 * Kiali's workload level: the workload policy in effect (STRICT yes, DISABLE no); for PERMISSIVE, what an
 * in-mesh client is told by a DestinationRule for the Services of those workloads. undefined = no opinion,
 * the namespace decides.
 */
function workloadEnabled(namespace: string, labels: Labels, ctx: CheckContext): boolean | undefined {
  const decision = ctx.engine.serverMode({ namespace, podLabels: labels });
  const by = decision.decidedBy;
  const policy = by ? ctx.peerAuthenticationsIn(namespace).find((p) => p.name === by.name && p.selector !== undefined) : undefined;
  if (!policy || ctx.isRootNamespace(namespace)) return undefined;
  if (decision.mode === 'STRICT') return true;
  if (decision.mode === 'DISABLE') return false;
  const client = ctx.probeClient(namespace);
  for (const service of ctx.engine.services.servicesIn(namespace)) {
    if (!service.selector || !selectorMatches(service.selector, labels)) continue;
    for (const destination of ctx.engine.services.destinations(serviceHostname(service.name, namespace), service)) {
      const endpoint = destination.endpoints[0];
      if (!endpoint) continue;
      const sent = ctx.engine.decide(client, destination, endpoint);
      if (sent.decidedBy?.kind !== 'DestinationRule') continue;
      if (sent.sends === 'ISTIO_MUTUAL' || sent.sends === 'MUTUAL') return true;
      if (sent.sends === 'PLAINTEXT') return false;
    }
  }
  return undefined;
}

/** Whether the workloads selected by `labels` (the whole namespace when undefined) receive mTLS. */
export function receivesMtls(namespace: string, labels: Labels | undefined, ctx: CheckContext): boolean {
  const workload = labels ? workloadEnabled(namespace, labels, ctx) : undefined;
  return workload ?? namespaceEnabled(namespace, ctx);
}
