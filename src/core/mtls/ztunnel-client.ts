// What an ambient client sends: its node's ztunnel decides from what istiod tells it, never from a
// DestinationRule or exportTo (ztunnel src/proxy/outbound.rs build_request). A connection addressed to a
// Service's virtual IP goes to the Service's waypoint when it has one; otherwise ztunnel picks the endpoint's
// workload, goes through the workload's waypoint when the connection was addressed to the pod, and tunnels HBONE
// to workloads that take it, plain TCP to the rest. A waypoint then applies the DestinationRule itself.
import { formatRef, refOf } from '../model/refs.js';
import type { WaypointRef, Workload } from '../model/types.js';
import { clusterPolicy, type ClientContext, type ClientDecision, type ClientSends } from './client-decision.js';
import type { Destination, Endpoint } from './destinations.js';
import { cite, citeZtunnel, ISTIO, ZTUNNEL } from './istio-source.js';

const named = (ref: WaypointRef): string => `${ref.namespace}/${ref.name}`;

export function decideZtunnel(ctx: ClientContext, workload: Workload, destination: Destination, endpoint: Endpoint): ClientDecision {
  const client = `${workload.namespace}/${workload.name}`;
  const explanation = [citeZtunnel(`${client} is in ambient: its node's ztunnel carries the connection and ignores DestinationRules and exportTo`, ZTUNNEL.outbound)];
  const vip = destination.virtualIp;
  if (vip) {
    const binding = ctx.serviceWaypoint(destination);
    explanation.push(cite(`service ${destination.hostname}: ${binding.reason}`, ISTIO.waypointBinding));
    if (binding.waypoint) return throughServiceWaypoint(ctx, binding.waypoint, destination, endpoint, explanation);
  }
  const target = endpoint.workload;
  if (!target) {
    // A ServiceEntry's inline endpoint is a workload for ztunnel too, with a waypoint of its own.
    const binding = vip ? undefined : ctx.entryEndpointWaypoint(destination);
    if (binding) {
      explanation.push(cite(`the connection is addressed to the endpoint of ${destination.hostname}: ${binding.reason}`, ISTIO.waypointBinding));
      if (binding.waypoint) return throughWorkloadWaypoint(binding.waypoint, explanation);
    }
    explanation.push(citeZtunnel(`ztunnel knows no workload behind ${destination.hostname}: it passes the connection on as plain TCP`, ZTUNNEL.outbound));
    return { sends: 'PLAINTEXT', decidedBy: null, explanation, hbone: false, waypoint: undefined };
  }
  const name = `${target.namespace}/${target.name}`;
  if (!vip) {
    const binding = ctx.workloadWaypoint(target);
    explanation.push(cite(`the connection is addressed to the pod of ${name}: ${binding.reason}`, ISTIO.waypointBinding));
    if (binding.waypoint) return throughWorkloadWaypoint(binding.waypoint, explanation);
  }
  if (ctx.takesHbone(target)) {
    explanation.push(cite(`${name} takes HBONE (${target.dataplane === 'ambient' ? 'ambient' : 'a sidecar that terminates HBONE'}): ztunnel sends Istio mTLS in an HBONE tunnel`, ISTIO.workloadTunnel));
    return { sends: 'ISTIO_MUTUAL', decidedBy: null, explanation, hbone: true, waypoint: undefined };
  }
  explanation.push(cite(`${name} does not take HBONE (${target.dataplane === 'sidecar' ? 'its sidecar does not terminate HBONE' : 'no sidecar, not in ambient'}): ztunnel sends plain TCP`, ISTIO.workloadTunnel));
  return { sends: 'PLAINTEXT', decidedBy: null, explanation, hbone: false, waypoint: undefined };
}

/**
 * A waypoint takes connections addressed to a workload it serves on its direct chains and sends them through its
 * `encap` cluster: HBONE to the address, whether or not anything there terminates HBONE.
 */
function throughWorkloadWaypoint(waypoint: WaypointRef, explanation: string[]): ClientDecision {
  explanation.push(
    cite(`waypoint ${named(waypoint)} takes pod-addressed connections on its direct chains and tunnels them to the address over HBONE, without DestinationRule`, ISTIO.waypointWorkloadChain),
  );
  return { sends: 'ISTIO_MUTUAL', decidedBy: null, explanation, hbone: true, waypoint };
}

/**
 * ztunnel tunnels the connection to the Service's waypoint; the waypoint's cluster for the service port applies
 * the DestinationRule it sees (its namespace first, selector rules ignored): SIMPLE and MUTUAL originate TLS,
 * ISTIO_MUTUAL and DISABLE originate nothing (HBONE replaces Istio mTLS). It tunnels HBONE to endpoints that take
 * it and sends the rest as is.
 */
function throughServiceWaypoint(ctx: ClientContext, waypoint: WaypointRef, destination: Destination, endpoint: Endpoint, explanation: string[]): ClientDecision {
  explanation.push(citeZtunnel(`ztunnel tunnels the connection over HBONE to waypoint ${named(waypoint)}`, ZTUNNEL.outbound));
  const lookup = ctx.destinationRules.lookup(waypoint.namespace, {}, destination.hostname, destination.namespace);
  explanation.push(...lookup.explanation);
  const tls = lookup.entry?.trafficPolicy ? clusterPolicy(lookup.entry.trafficPolicy, destination.servicePort.port).tls : undefined;
  let inner: ClientSends = 'PLAINTEXT';
  let decidedBy = null;
  if (lookup.entry && tls?.modeSet && (tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL')) {
    const rule = refOf(lookup.entry.rule);
    if (tls.mode === 'MUTUAL' && tls.credentialName === undefined && !tls.certificateFiles) {
      explanation.push(cite(`${formatRef(rule)} asks for MUTUAL without a client certificate; the waypoint builds no TLS`, ISTIO.waypointTls));
    } else {
      inner = tls.mode;
      decidedBy = rule;
      explanation.push(cite(`${formatRef(rule)} sets ${tls.mode}: the waypoint originates TLS to the endpoint`, ISTIO.waypointTls));
    }
  } else if (lookup.entry && tls) {
    explanation.push(cite(`${formatRef(lookup.entry.rule)} sets ${tls.modeSet ? tls.mode : 'tls without mode'}: a waypoint originates no TLS for it (HBONE replaces Istio mTLS)`, ISTIO.waypointTls));
  }
  const target = endpoint.workload;
  const hbone = target !== undefined && ctx.takesHbone(target);
  const where = target ? `${target.namespace}/${target.name}` : 'the endpoint';
  explanation.push(
    cite(
      hbone
        ? `${where} takes HBONE: the waypoint tunnels ${inner === 'PLAINTEXT' ? 'the connection' : `${inner} TLS`} to it over HBONE`
        : `${where} does not take HBONE: the waypoint sends ${inner === 'PLAINTEXT' ? 'plaintext' : `${inner} TLS`} straight to it`,
      ISTIO.endpointMetadata,
    ),
  );
  const sends: ClientSends = hbone && inner === 'PLAINTEXT' ? 'ISTIO_MUTUAL' : inner;
  return { sends, decidedBy, explanation, hbone, waypoint };
}
