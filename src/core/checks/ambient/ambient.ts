// Ambient facts the ambient checks share (kiali-backend-reference §2.4.12, istio-mtls-semantics §7):
// which namespaces run the ambient data plane, and which resources are enrolled to use a waypoint.
import { parseHost } from '../kiali-host.js';
import { selectorMatches } from '../../model/labels.js';
import { field, isRecord, list, str, stringMap } from '../../model/read.js';
import type { Labels, MeshObject, Service } from '../../model/types.js';
import type { ObjectPath } from '../checker.js';
import type { CheckContext } from '../context.js';

export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
/** Labels Istio puts on the waypoint and gateway deployments it manages. */
const MANAGED_BY = 'gateway.istio.io/managed';
const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';

export function namespaceLabels(ctx: CheckContext, namespace: string): Labels {
  return ctx.snapshot.namespaces.get(namespace)?.labels ?? {};
}

/** The namespaces of istiod and of the root config. */
export function isControlPlaneNamespace(ctx: CheckContext, namespace: string): boolean {
  return namespace === ctx.rootNamespace || namespace === ctx.engine.meshConfig.source?.namespace;
}

/**
 * A namespace runs the ambient data plane when it is labelled `istio.io/dataplane-mode=ambient`; any
 * other value of the label means it does not. Without the label, files cannot tell (Kiali then asks the
 * control plane), so it does not.
 */
export function isDataplaneAmbient(ctx: CheckContext, namespace: string): boolean {
  return namespaceLabels(ctx, namespace)[DATAPLANE_MODE] === 'ambient';
}

/**
 * Enrolled to use a waypoint: the resource's own `istio.io/use-waypoint` decides when present (`none` or
 * empty opts out), else the namespace label (Istio's waypoint attachment order).
 */
function isEnrolled(resourceLabels: Labels | undefined, nsLabels: Labels): boolean {
  const own = resourceLabels?.[USE_WAYPOINT];
  if (own !== undefined) return own !== '' && own !== 'none';
  const inherited = nsLabels[USE_WAYPOINT];
  return inherited !== undefined && inherited !== '' && inherited !== 'none';
}

/** Pods (or Services) of a waypoint or of an ingress/egress gateway, by the labels Istio gives them. */
export function isWaypointOrGateway(labels: Labels): boolean {
  return labels[MANAGED_BY] !== undefined || labels[GATEWAY_NAME] !== undefined || labels['istio'] === 'ingressgateway' || labels['istio'] === 'egressgateway';
}

/** Waypoints are never the target of the enrollment question: they are what enrollment points to. */
function isWaypoint(labels: Labels): boolean {
  return labels[MANAGED_BY] === 'istio.io-mesh-controller';
}

/** `targetRef` or a non-empty `targetRefs`: how policies attach to waypoints and gateways. */
export function hasTargetRefs(object: MeshObject): boolean {
  return isRecord(field(object.raw, 'spec', 'targetRef')) || list(field(object.raw, 'spec', 'targetRefs')).length > 0;
}

/** `spec.targetRef` (deprecated single form) and `spec.targetRefs`, as written. */
export function targetRefs(object: MeshObject): unknown[] {
  const single = field(object.raw, 'spec', 'targetRef');
  return [...(isRecord(single) ? [single] : []), ...list(field(object.raw, 'spec', 'targetRefs'))];
}

const L7_CONDITION_PREFIXES = ['request.headers', 'request.auth.claims', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter'];
const L7_OPERATION_FIELDS = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];

function nonEmptyList(value: unknown): boolean {
  return list(value).length > 0;
}

/** An AuthorizationPolicy ztunnel cannot enforce: HTTP conditions, operations or JWT principals. */
export function isL7AuthorizationPolicy(object: MeshObject): boolean {
  for (const rule of list(field(object.raw, 'spec', 'rules'))) {
    for (const condition of list(field(rule, 'when'))) {
      const key = field(condition, 'key');
      if (typeof key === 'string' && L7_CONDITION_PREFIXES.some((p) => key.startsWith(p))) return true;
    }
    for (const to of list(field(rule, 'to'))) {
      if (L7_OPERATION_FIELDS.some((f) => nonEmptyList(field(to, 'operation', f)))) return true;
    }
    for (const from of list(field(rule, 'from'))) {
      if (nonEmptyList(field(from, 'source', 'requestPrincipals')) || nonEmptyList(field(from, 'source', 'notRequestPrincipals'))) return true;
    }
  }
  return false;
}

function trafficPolicyIsL7(policy: unknown): boolean {
  const hash = field(policy, 'loadBalancer', 'consistentHash');
  if (isRecord(hash) && (hash.httpHeaderName !== undefined || hash.httpCookie !== undefined)) return true;
  return isRecord(field(policy, 'connectionPool', 'http')) || isRecord(field(policy, 'outlierDetection'));
}

/** A DestinationRule whose traffic policy only a waypoint applies in ambient: HTTP hashing, HTTP pools, outlier detection. */
export function isL7DestinationRule(object: MeshObject): boolean {
  if (trafficPolicyIsL7(field(object.raw, 'spec', 'trafficPolicy'))) return true;
  return list(field(object.raw, 'spec', 'subsets')).some((s) => trafficPolicyIsL7(field(s, 'trafficPolicy')));
}

/** HTTP or TLS routes that apply to mesh traffic (no `gateways`, or `mesh` among them). */
export function isMeshL7VirtualService(object: MeshObject): boolean {
  const spec = field(object.raw, 'spec');
  if (!nonEmptyList(field(spec, 'http')) && !nonEmptyList(field(spec, 'tls'))) return false;
  const gateways = list(field(spec, 'gateways'));
  return gateways.length === 0 || gateways.includes('mesh');
}

/** Telemetry that needs a waypoint: tracing, access logging or metric overrides. */
export function isL7Telemetry(object: MeshObject): boolean {
  const spec = field(object.raw, 'spec');
  if (nonEmptyList(field(spec, 'tracing')) || nonEmptyList(field(spec, 'accessLogging'))) return true;
  return list(field(spec, 'metrics')).some((m) => nonEmptyList(field(m, 'overrides')));
}

/**
 * For selector-attached L7 config in an ambient namespace: true when what it selects is not enrolled.
 * No selector → the namespace decides; a selector → any matched non-waypoint workload that is not enrolled;
 * a selector matching nothing → the namespace decides.
 */
function selectorNeedsWaypoint(ctx: CheckContext, object: MeshObject): boolean {
  const nsLabels = namespaceLabels(ctx, object.namespace);
  const selector = stringMap(field(object.raw, 'spec', 'selector', 'matchLabels'));
  if (Object.keys(selector).length > 0) {
    let matched = false;
    for (const w of ctx.engine.services.workloadsIn(object.namespace)) {
      if (isWaypoint(w.podLabels) || !selectorMatches(selector, w.podLabels)) continue;
      matched = true;
      if (!isEnrolled(w.podLabels, nsLabels)) return true;
    }
    if (matched) return false;
  }
  return !isEnrolled(undefined, nsLabels);
}

export interface AmbientDestination {
  readonly hostIndex: number;
  readonly service: Service;
  readonly enrolled: boolean;
}

function serviceNamed(ctx: CheckContext, namespace: string, name: string): Service | undefined {
  return ctx.engine.services.servicesIn(namespace).find((s) => s.name === name);
}

/**
 * The Services in ambient namespaces that the hosts of a VirtualService or DestinationRule name
 * (Kiali's host forms, relative to the object's namespace), one per Service, first host first.
 */
function ambientDestinations(ctx: CheckContext, object: MeshObject, hosts: readonly string[]): AmbientDestination[] {
  const seen = new Set<string>();
  const out: AmbientDestination[] = [];
  hosts.forEach((host, hostIndex) => {
    if (host === '' || host === '*') return;
    const parsed = parseHost(host, object.namespace, (ns) => ctx.namespaceExists(ns));
    if (!parsed.complete || !isDataplaneAmbient(ctx, parsed.namespace)) return;
    const service = serviceNamed(ctx, parsed.namespace, parsed.service);
    if (!service || seen.has(`${service.namespace}/${service.name}`)) return;
    seen.add(`${service.namespace}/${service.name}`);
    out.push({ hostIndex, service, enrolled: isEnrolled(service.labels, namespaceLabels(ctx, service.namespace)) });
  });
  return out;
}

/**
 * Whether a policy in an ambient namespace lacks waypoint enrollment: the Services its targetRefs name
 * decide when they resolve; otherwise what its selector picks, or its namespace.
 */
export function policyNeedsWaypoint(ctx: CheckContext, policy: MeshObject): boolean {
  const services = targetRefs(policy).flatMap((ref) => {
    if (field(ref, 'kind') !== 'Service') return [];
    const service = serviceNamed(ctx, policy.namespace, String(field(ref, 'name') ?? ''));
    return service ? [service] : [];
  });
  if (services.length > 0) return services.some((s) => !isEnrolled(s.labels, namespaceLabels(ctx, s.namespace)));
  return selectorNeedsWaypoint(ctx, policy);
}

/** The three host-based outcomes for an L7 VirtualService or DestinationRule (§2.4.12). */
export interface HostOutcome {
  /** Ambient destination Services in another namespace than the object: waypoints ignore such config. */
  readonly otherNamespace: readonly AmbientDestination[];
  /** Ambient destination Services not enrolled to use a waypoint. */
  readonly notEnrolled: readonly AmbientDestination[];
  /** No host resolved to an ambient Service, and the object's own ambient namespace is not enrolled. */
  readonly namespaceNotEnrolled: boolean;
}

/** `spec.hosts` of a VirtualService, `[spec.host]` of a DestinationRule. */
function hostsOf(object: MeshObject): string[] {
  if (object.kind === 'DestinationRule') return [str(field(object.raw, 'spec', 'host')) ?? ''];
  return list(field(object.raw, 'spec', 'hosts')).map((h) => (typeof h === 'string' ? h : ''));
}

/** Where a host is written: `spec/hosts[i]` of a VirtualService, `spec/host` of a DestinationRule. */
export function hostPath(object: MeshObject, hostIndex: number): ObjectPath {
  return object.kind === 'DestinationRule' ? ['spec', 'host'] : ['spec', 'hosts', hostIndex];
}

export function hostOutcome(ctx: CheckContext, object: MeshObject): HostOutcome {
  const destinations = ambientDestinations(ctx, object, hostsOf(object));
  return {
    otherNamespace: destinations.filter((d) => d.service.namespace !== object.namespace),
    notEnrolled: destinations.filter((d) => !d.enrolled),
    namespaceNotEnrolled:
      destinations.length === 0 && isDataplaneAmbient(ctx, object.namespace) && !isEnrolled(undefined, namespaceLabels(ctx, object.namespace)),
  };
}
