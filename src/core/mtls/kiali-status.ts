// Kiali's mTLS status codes (kiali-backend-reference §1), reproduced for tools that consume them.
// They follow Kiali's heuristics on purpose; meshlock's own `mode` and `lock` follow Istio.
import { CLUSTER_DOMAIN } from '../model/hosts.js';
import { field } from '../model/read.js';
import type { DestinationRule, MeshConfig, NamespaceInfo, PeerAuthentication } from '../model/types.js';

export type KialiStatus =
  | 'MTLS_ENABLED'
  | 'MTLS_PARTIALLY_ENABLED'
  | 'MTLS_NOT_ENABLED'
  | 'MTLS_DISABLED'
  | 'UNSET'
  | 'UNSET_INHERITED_STRICT'
  | 'UNSET_INHERITED_DISABLED';

export type Basic = 'MTLS_ENABLED' | 'MTLS_PARTIALLY_ENABLED' | 'MTLS_NOT_ENABLED' | 'MTLS_DISABLED';
export interface Triple { readonly dr: string; readonly pa: string; readonly result: Basic }

/** Kiali reads `spec.mtls.mode` as written: "" when mtls is absent, "UNSET" for `mtls: {}`. */
function paMode(pa: PeerAuthentication): string {
  const mtls = field(pa.raw, 'spec', 'mtls');
  if (mtls === undefined || mtls === null) return '';
  const mode = field(mtls, 'mode');
  return typeof mode === 'string' ? mode : 'UNSET';
}

/** A selector present at all (even empty) makes the PA non-global for Kiali. */
function paGlobalMode(pa: PeerAuthentication): string {
  return field(pa.raw, 'spec', 'selector') !== undefined ? '' : paMode(pa);
}

function drModeForHost(host: string, dr: DestinationRule): string {
  if (dr.host !== host) return '';
  return dr.trafficPolicy?.tls?.mode ?? '';
}

/**
 * Kiali's finalStatus (kiali-backend-reference §1.2). `allowPermissive` counts PERMISSIVE as enabled, as
 * the AuthorizationPolicy check (KIA0105) does; the status endpoints pass false.
 */
export function finalStatus(dr: string, pa: string, autoMtls: boolean, allowPermissive = false): Basic {
  const clientEnabled = dr === 'ISTIO_MUTUAL' || dr === 'MUTUAL' || (dr === '' && autoMtls);
  const clientDisabled = dr === 'DISABLE' || (dr === '' && autoMtls);
  if ((pa === 'STRICT' || (pa === 'PERMISSIVE' && allowPermissive)) && clientEnabled) return 'MTLS_ENABLED';
  if (pa === 'DISABLE' && clientDisabled) return 'MTLS_DISABLED';
  if (pa === '' && dr === '') return 'MTLS_NOT_ENABLED';
  return 'MTLS_PARTIALLY_ENABLED';
}

/** Kiali's `overall` (§1.3): the namespace result, gaps filled from the mesh, then the mesh-only rules. */
export function overall(ns: Triple | undefined, mesh: Triple, autoMtls: boolean, allowPermissive = false): Basic {
  if (ns && (ns.result === 'MTLS_ENABLED' || ns.result === 'MTLS_DISABLED')) return ns.result;
  if (ns && ns.result === 'MTLS_PARTIALLY_ENABLED') {
    const dr = ns.dr || mesh.dr;
    const pa = ns.pa || mesh.pa;
    return overall(undefined, { dr, pa, result: finalStatus(dr, pa, autoMtls, allowPermissive) }, autoMtls, allowPermissive);
  }
  if (mesh.result === 'MTLS_ENABLED' || mesh.result === 'MTLS_DISABLED') return mesh.result;
  if (mesh.pa === '' && mesh.dr === '') return 'MTLS_NOT_ENABLED';
  if ((mesh.pa === 'DISABLE' && mesh.dr === '') || (mesh.dr === 'DISABLE' && mesh.pa === '')) return 'MTLS_DISABLED';
  const meshWide = (mesh.pa === 'STRICT' || (mesh.pa === 'PERMISSIVE' && allowPermissive)) && mesh.dr === '';
  if (autoMtls && (meshWide || ((mesh.dr === 'ISTIO_MUTUAL' || mesh.dr === 'MUTUAL') && mesh.pa === ''))) return 'MTLS_ENABLED';
  return 'MTLS_PARTIALLY_ENABLED';
}

/** Kiali takes "the first" candidate in informer order; meshlock sorts by namespace then name to be deterministic. */
const byNamespaceName = <T extends { namespace: string; name: string }>(a: T, b: T): number =>
  a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1;

/** Narrow queries over the engine's indexes, so one namespace's status costs a few lookups. */
export interface KialiInputs {
  readonly meshConfig: MeshConfig;
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  peerAuthenticationsIn(namespace: string): readonly PeerAuthentication[];
  /** DRs whose `spec.host` is exactly `host`, as Kiali compares it. */
  destinationRulesWithHost(host: string): readonly DestinationRule[];
}

function firstMode(modes: Iterable<string>): string {
  for (const mode of modes) if (mode !== '') return mode;
  return '';
}

function meshTriple(inputs: KialiInputs): Triple {
  const root = inputs.meshConfig.rootNamespace;
  const pa = firstMode([...inputs.peerAuthenticationsIn(root)].sort(byNamespaceName).map(paGlobalMode));
  // Only DRs in namespaces labelled for injection count for the mesh (kiali-backend-reference §1.4 step 4).
  const drs = inputs.destinationRulesWithHost('*.local').filter((d) => inputs.namespaces.get(d.namespace)?.injection === 'enabled');
  const dr = firstMode([...drs].sort(byNamespaceName).map((d) => drModeForHost('*.local', d)));
  return { dr, pa, result: finalStatus(dr, pa, inputs.meshConfig.enableAutoMtls) };
}

export function kialiMeshStatus(inputs: KialiInputs): Basic {
  return overall(undefined, meshTriple(inputs), inputs.meshConfig.enableAutoMtls);
}

export function kialiNamespaceStatus(inputs: KialiInputs, namespace: string, mesh: Basic = kialiMeshStatus(inputs)): KialiStatus {
  if (namespace === inputs.meshConfig.rootNamespace) return mesh;
  // Namespace-wide here means no selector or empty matchLabels (§1.5 step 3); paGlobalMode is stricter.
  const namespaceWide = inputs.peerAuthenticationsIn(namespace).filter((p) => p.selector === undefined).sort(byNamespaceName);
  if (!namespaceWide.some((p) => paMode(p) !== '' && paMode(p) !== 'UNSET')) {
    if (mesh === 'MTLS_ENABLED') return 'UNSET_INHERITED_STRICT';
    if (mesh === 'MTLS_DISABLED') return 'UNSET_INHERITED_DISABLED';
    return 'UNSET';
  }
  const host = `*.${namespace}.svc.${CLUSTER_DOMAIN}`;
  const pa = firstMode(namespaceWide.map(paGlobalMode));
  const dr = firstMode([...inputs.destinationRulesWithHost(host)].sort(byNamespaceName).map((d) => drModeForHost(host, d)));
  return finalStatus(dr, pa, inputs.meshConfig.enableAutoMtls);
}
