// How the PA and DR checks read modes and scopes. Istio's scope rules (istio-mtls-semantics §1.2, §2.5)
// replace Kiali's literal readings where they differ; docs/validations.md lists each difference.
import { hasSidecar } from '../model/dataplane.js';
import { destinationRuleExportTo, destinationRuleVisibleIn, visibility } from '../model/visibility.js';
import type { ClientTlsMode, DestinationRule, MeshObject, PeerAuthentication, Workload } from '../model/types.js';
import type { CheckContext } from './context.js';
import { namespaceWideHost } from './kiali-host.js';

/** The host Kiali treats as "mesh-wide" for DestinationRules. */
export const MESH_WIDE_HOST = '*.local';

export const isPeerAuthentication = (object: MeshObject): object is PeerAuthentication => object.kind === 'PeerAuthentication' && 'portLevelMtls' in object;
export const isDestinationRule = (object: MeshObject): object is DestinationRule => object.kind === 'DestinationRule' && 'host' in object;

/**
 * STRICT turns callers away only at sidecars: ztunnel takes HBONE from sidecars and ztunnels whatever their
 * DestinationRules say. True when ambient workloads are there and no sidecar workload enforces STRICT, so a
 * missing ISTIO_MUTUAL rule breaks nothing (the checks stay as Kiali's while no workload is known).
 */
export const strictOnlyAtZtunnel = (workloads: readonly Workload[], ctx: CheckContext): boolean =>
  workloads.some((w) => w.dataplane === 'ambient') && !workloads.some((w) => hasSidecar(w) && ctx.engine.serverMode(w).mode === 'STRICT');

/** Mesh- or namespace-wide: no selector or empty matchLabels, as Istio reads it (§1.2). */
export const isNamespaceWide = (pa: PeerAuthentication): boolean => pa.selector === undefined;

/** The namespace-wide PA Istio uses in its namespace: the oldest; younger ones are dropped (§1.3, MSL002). */
export const isEffectiveNamespaceWide = (pa: PeerAuthentication, ctx: CheckContext): boolean =>
  isNamespaceWide(pa) && ctx.namespaceWidePolicies(pa.namespace)[0] === pa;

/** The top-level `trafficPolicy.tls` mode (port-level and subset TLS are not read, as in Kiali). */
export function topTlsMode(dr: DestinationRule): ClientTlsMode | undefined {
  return dr.trafficPolicy?.tls?.mode;
}

export const sendsMutual = (mode: ClientTlsMode | undefined): boolean => mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL';

export const isMeshWideRule = (dr: DestinationRule): boolean => dr.host === MESH_WIDE_HOST;

export const isNamespaceWideRuleFor = (dr: DestinationRule, namespace: string): boolean => dr.host === namespaceWideHost(namespace);

/**
 * The namespaces whose clients see a DR, or `*` for all (exportTo; empty = the mesh default; a
 * workloadSelector keeps it in its own namespace, §2.5).
 */
export function exportedTo(dr: DestinationRule, namespace: string, ctx: CheckContext): boolean {
  return destinationRuleVisibleIn(dr, namespace, ctx.engine.meshConfig);
}

/** The namespaces that see a DR (`*` for all), for indexes that count rules per namespace. */
export function exportNamespaces(dr: DestinationRule, ctx: CheckContext): '*' | ReadonlySet<string> {
  const seenBy = visibility(destinationRuleExportTo(dr, ctx.engine.meshConfig), dr.namespace);
  return seenBy.all ? '*' : seenBy.namespaces;
}

/** DRs for exactly `host` that clients in `namespace` see, sorted by namespace then name. */
function rulesForHostVisibleTo(host: string, namespace: string, ctx: CheckContext): DestinationRule[] {
  return ctx.destinationRulesWithHost(host).filter((dr) => exportedTo(dr, namespace, ctx));
}

/** Mesh-wide rules (`*.local`) visible to a namespace. */
export const meshRulesVisibleTo = (namespace: string, ctx: CheckContext): DestinationRule[] => rulesForHostVisibleTo(MESH_WIDE_HOST, namespace, ctx);

/** Namespace-wide rules for `namespace` (`*.<ns>.svc.cluster.local`, from any namespace) visible to it. */
export const namespaceRulesVisibleTo = (namespace: string, ctx: CheckContext): DestinationRule[] =>
  rulesForHostVisibleTo(namespaceWideHost(namespace), namespace, ctx);
