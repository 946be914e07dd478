// What a sidecar client sends to one endpoint of a destination (istio-mtls-semantics §2.3, §3.2, §7), and the
// types every client decision shares (clients.ts picks the data plane).
import { formatRef, refOf } from '../model/refs.js';
import type { ClientTls, MeshConfig, ObjectRef, PortTrafficPolicy, TrafficPolicy, WaypointRef, Workload } from '../model/types.js';
import type { WaypointBinding } from '../model/waypoints.js';
import type { DestinationRuleIndex } from './destination-rule-index.js';
import { cite, ISTIO } from './istio-source.js';
import type { Destination, Endpoint } from './destinations.js';
import type { ModeDecision } from './server-mode.js';

export type ClientSends = 'ISTIO_MUTUAL' | 'MUTUAL' | 'SIMPLE' | 'PLAINTEXT';

/** A client is a workload (with or without sidecar) or a caller outside the mesh. */
export type Client = { readonly type: 'outside' } | { readonly type: 'workload'; readonly workload: Workload };

/** The TLS a data plane originates towards the endpoint, which object decided it and why. */
export interface TlsDecision {
  readonly sends: ClientSends;
  readonly decidedBy: ObjectRef | null;
  readonly explanation: readonly string[];
}

export interface ClientDecision extends TlsDecision {
  /**
   * The endpoint's data plane receives it inside an HBONE tunnel: mutual TLS between the two data planes with
   * their SPIFFE identities. `sends` is then ISTIO_MUTUAL, or SIMPLE/MUTUAL when a DestinationRule's TLS
   * travels inside the tunnel to the application.
   */
  readonly hbone: boolean;
  /** The waypoint the connection passes through; `sends` and `hbone` then describe the waypoint's hop. */
  readonly waypoint: WaypointRef | undefined;
}

export interface ClientContext {
  readonly meshConfig: MeshConfig;
  readonly destinationRules: DestinationRuleIndex;
  readonly namespaceMode: (namespace: string) => ModeDecision;
  readonly serverMode: (endpoint: Endpoint) => ModeDecision;
  /** Whether the destination's Service/ServiceEntry is visible (exportTo) to a client namespace. */
  readonly exportedTo: (destination: Destination, namespace: string) => boolean;
  /** Whether istiod tells ztunnel the workload takes HBONE: ambient, or a sidecar that terminates HBONE. */
  readonly takesHbone: (workload: Workload) => boolean;
  /** The waypoint for traffic addressed to the destination's Service or ServiceEntry. */
  readonly serviceWaypoint: (destination: Destination) => WaypointBinding;
  /** The waypoint for traffic addressed to a workload's pods. */
  readonly workloadWaypoint: (workload: Workload) => WaypointBinding;
  /** The waypoint of a ServiceEntry's inline endpoint (a workload of its own for ztunnel); undefined without one. */
  readonly entryEndpointWaypoint: (destination: Destination) => WaypointBinding | undefined;
}

/** A decision sent straight to the endpoint (no tunnel, no waypoint). */
export function direct(tls: TlsDecision): ClientDecision {
  // Fields named, not spread: a spread of decisions of varying shapes was a profile's 18 ms in the status report.
  return { sends: tls.sends, decidedBy: tls.decidedBy, explanation: tls.explanation, hbone: false, waypoint: undefined };
}

/**
 * A sidecar sends HBONE to an ambient endpoint (one without `tlsMode=istio`) of a cluster with endpoints: its
 * HBONE transport socket comes first and wraps whatever TLS the DestinationRule asks for, so ISTIO_MUTUAL,
 * DISABLE, auto mTLS and "no TLS" all become a bare HBONE tunnel. Passthrough clusters (headless services) carry
 * no endpoint metadata, and a host the sidecar cannot see leaves through PassthroughCluster: both stay as decided.
 */
export function decideSidecar(ctx: ClientContext, workload: Workload, destination: Destination, endpoint: Endpoint): ClientDecision {
  const tls = decideSidecarTls(ctx, workload, destination, endpoint);
  const target = endpoint.workload;
  const tunnelled = target !== undefined && target.dataplane === 'ambient' && target.tlsMode !== 'istio' && !destination.passthrough && ctx.exportedTo(destination, workload.namespace);
  if (!tunnelled) return direct(tls);
  const inner: ClientSends = tls.sends === 'SIMPLE' || tls.sends === 'MUTUAL' ? tls.sends : 'PLAINTEXT';
  const step =
    inner === 'PLAINTEXT'
      ? `${target.namespace}/${target.name} is in ambient, so the sidecar's HBONE transport socket applies: Istio mTLS in an HBONE tunnel to its ztunnel (a DestinationRule's ISTIO_MUTUAL or DISABLE and auto mTLS do not change that)`
      : `${target.namespace}/${target.name} is in ambient, so the sidecar tunnels the ${inner} TLS of the DestinationRule through HBONE to its ztunnel`;
  return {
    sends: inner === 'PLAINTEXT' ? 'ISTIO_MUTUAL' : inner,
    decidedBy: inner === 'PLAINTEXT' ? null : tls.decidedBy,
    hbone: true,
    waypoint: undefined,
    explanation: [...tls.explanation, cite(step, ISTIO.hboneSockets)],
  };
}

/** The DR policy of the cluster for a service port: a matching port-level entry replaces the top level wholesale. */
export function clusterPolicy(policy: TrafficPolicy, servicePort: number) {
  const portEntry: PortTrafficPolicy | undefined = policy.portLevelSettings.find((p) => p.port === servicePort);
  return {
    tls: portEntry ? portEntry.tls : policy.tls,
    portEntry: portEntry !== undefined,
    // The per-endpoint auto-mTLS labelling reads the port entry's tls, else the top level (§2.3 "known inconsistency").
    endpointTls: portEntry?.tls ?? policy.tls,
    // Istio infers the service mode from the port's merged policy, so a port entry's loadBalancer replaces the top level's too (§3.1).
    passthrough: (portEntry ?? policy).loadBalancer === 'PASSTHROUGH',
  };
}

export function isKubernetesSecretCredential(tls: ClientTls): boolean {
  return tls.credentialName !== undefined && !tls.credentialName.startsWith('configmap://');
}

/** What a sidecar's cluster sends to the endpoint without HBONE: DestinationRule TLS, else auto mTLS. */
function decideSidecarTls(ctx: ClientContext, workload: Workload, destination: Destination, endpoint: Endpoint): TlsDecision {
  const explanation: string[] = [];
  if (!ctx.exportedTo(destination, workload.namespace)) {
    // Without visibility the sidecar has no cluster for the host, so no DR or auto mTLS applies: the call leaves
    // through PassthroughCluster as the app sent it (§3.3e).
    explanation.push(cite(`${formatRef(destination.ref)} is not exported to ${workload.namespace} (exportTo), so the sidecar has no cluster for it and sends through PassthroughCluster: plaintext`, ISTIO.serviceVisible));
    return { sends: 'PLAINTEXT', decidedBy: destination.ref, explanation };
  }
  const lookup = ctx.destinationRules.lookup(workload.namespace, workload.podLabels, destination.hostname, destination.namespace);
  explanation.push(...lookup.explanation);
  const entry = lookup.entry;
  let endpointTls: ClientTls | undefined;
  let passthrough = destination.passthrough;
  if (entry?.trafficPolicy) {
    const cluster = clusterPolicy(entry.trafficPolicy, destination.servicePort.port);
    endpointTls = cluster.endpointTls;
    if (cluster.passthrough && !passthrough) {
      passthrough = true;
      explanation.push(cite(`${formatRef(entry.rule)} sets loadBalancer PASSTHROUGH, so the cluster is passthrough (all-or-nothing auto mTLS)`, ISTIO.serviceMtlsMode));
    }
    const tls = cluster.tls;
    const where = cluster.portEntry ? `portLevelSettings for port ${destination.servicePort.port}` : 'trafficPolicy.tls';
    if (tls) {
      const ref = refOf(entry.rule);
      if (!tls.modeSet) {
        explanation.push(cite(`${formatRef(ref)} ${where} has no mode, which means DISABLE and switches auto mTLS off: plaintext`, ISTIO.upstreamTlsSettings));
        return { sends: 'PLAINTEXT', decidedBy: ref, explanation };
      }
      if ((tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') && isKubernetesSecretCredential(tls) && !entry.selector) {
        explanation.push(cite(`${formatRef(ref)} uses ${tls.mode} with credentialName but no workloadSelector; sidecars then build the cluster without TLS: plaintext`, ISTIO.upstreamTlsContext));
        return { sends: 'PLAINTEXT', decidedBy: ref, explanation };
      }
      if (tls.mode === 'MUTUAL' && tls.credentialName === undefined && !tls.certificateFiles) {
        // Validation rejects this; if it slips through, Istio fails to build the TLS context and the cluster has none (§2.2).
        explanation.push(cite(`${formatRef(ref)} uses MUTUAL without clientCertificate/privateKey or credentialName; the cluster is built without TLS: plaintext`, ISTIO.upstreamTlsContext));
        return { sends: 'PLAINTEXT', decidedBy: ref, explanation };
      }
      const sends: ClientSends = tls.mode === 'DISABLE' ? 'PLAINTEXT' : tls.mode;
      explanation.push(cite(`${formatRef(ref)} ${where} sets ${tls.mode}`, ISTIO.upstreamTlsSettings));
      return { sends, decidedBy: ref, explanation };
    }
    if (cluster.portEntry) explanation.push(cite(`${formatRef(entry.rule)} portLevelSettings for port ${destination.servicePort.port} has no tls, so the top-level tls is not inherited`, ISTIO.portLevelPolicy));
  } else if (entry) {
    explanation.push(cite(`${formatRef(entry.rule)} has no trafficPolicy, so auto mTLS decides`, ISTIO.upstreamTlsSettings));
  }

  const meshRef = ctx.meshConfig.source ?? null;
  if (destination.external) {
    explanation.push(cite(`${destination.hostname} is MESH_EXTERNAL: auto mTLS sends plaintext`, ISTIO.upstreamTlsSettings));
    return { sends: 'PLAINTEXT', decidedBy: destination.ref, explanation };
  }
  if (!ctx.meshConfig.enableAutoMtls) {
    explanation.push(cite('auto mTLS is off (enableAutoMtls: false) and no DestinationRule sets tls: plaintext', ISTIO.upstreamTlsSettings));
    return { sends: 'PLAINTEXT', decidedBy: meshRef, explanation };
  }
  const nsMode = ctx.namespaceMode(destination.namespace);
  if (nsMode.mode === 'DISABLE') {
    explanation.push(cite(`the service namespace ${destination.namespace} is DISABLE, so auto mTLS sends plaintext to every endpoint (workload policies are not consulted)`, ISTIO.serviceMtlsMode));
    return { sends: 'PLAINTEXT', decidedBy: nsMode.decidedBy, explanation };
  }
  if (passthrough) {
    const allIstio = destination.endpoints.length > 0 && destination.endpoints.every((e) => e.workload?.tlsMode === 'istio');
    explanation.push(
      cite(
        allIstio
          ? 'passthrough (headless) service whose endpoints all have sidecars: auto mTLS sends Istio mTLS to all'
          : 'passthrough (headless) service with an endpoint without sidecar (or none): auto mTLS sends plaintext to all',
        ISTIO.serviceMtlsMode,
      ),
    );
    return { sends: allIstio ? 'ISTIO_MUTUAL' : 'PLAINTEXT', decidedBy: null, explanation };
  }
  // The endpoint's own tlsMode label comes first: Istio's EDS can only clear it, never set it, so a DR's tls
  // cannot make auto mTLS send Istio mTLS to an endpoint without sidecar.
  if (!endpoint.workload || endpoint.workload.tlsMode !== 'istio') {
    explanation.push(cite(`auto mTLS: the endpoint ${endpoint.workload ? `${endpoint.workload.namespace}/${endpoint.workload.name} ` : ''}has no tlsMode=istio label, so plaintext`, ISTIO.endpointMetadata));
    return { sends: 'PLAINTEXT', decidedBy: null, explanation };
  }
  if (endpointTls) {
    const sends: ClientSends = endpointTls.modeSet && endpointTls.mode === 'ISTIO_MUTUAL' ? 'ISTIO_MUTUAL' : 'PLAINTEXT';
    explanation.push(cite(`auto mTLS labels endpoints from the top-level tls (${endpointTls.mode}): ${sends === 'ISTIO_MUTUAL' ? 'Istio mTLS' : 'plaintext'}`, ISTIO.endpointMtls));
    return { sends, decidedBy: entry ? refOf(entry.rule) : null, explanation };
  }
  const server = ctx.serverMode(endpoint);
  if (server.mode === 'DISABLE') {
    explanation.push(cite(`auto mTLS: the endpoint's port is DISABLE (${server.decidedBy ? formatRef(server.decidedBy) : 'default'}), so plaintext`, ISTIO.endpointMtls));
    return { sends: 'PLAINTEXT', decidedBy: server.decidedBy, explanation };
  }
  explanation.push(cite('auto mTLS: the endpoint has a sidecar (tlsMode=istio) and its port is not DISABLE, so Istio mTLS', ISTIO.endpointMtls));
  return { sends: 'ISTIO_MUTUAL', decidedBy: null, explanation };
}
