// The outbound half of ztunnel for an ambient client: the engine's decision for that client says where the
// connection goes. Through a waypoint: HBONE to the waypoint, which re-originates towards the endpoint; to a
// workload that takes HBONE: a tunnel to its data plane; otherwise plain TCP. ztunnel never reads a
// DestinationRule and originates no TLS of its own. The application is plain: it sends no peer metadata, and
// when ztunnel cannot carry its connection it sees that connection closed.
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClientDecision, WaypointRef } from '../core/index.js';
import { baggageHeader, forwardedHeader, openTunnel, type Tunnel } from './hbone.js';
import {
  CallFailure,
  CONNECT_TIMEOUT_MS,
  connected,
  exchangeHttp,
  exchangeTcp,
  peerMetadata,
  rawError,
  type CallOptions,
  type CallResult,
  type OutboundEnvironment,
  type Transport,
  type Upstream,
} from './sidecar-outbound.js';
import type { LabWorkload } from './topology.js';
import { UPSTREAM_PRINCIPAL_HEADER, UPSTREAM_TRANSPORT_HEADER, type RunningWaypoint } from './waypoint.js';
import { reportConnection, reportRefused, ztunnelLabels, type ZtunnelConnection } from './ztunnel-inbound.js';

export interface ZtunnelOutboundEnvironment extends OutboundEnvironment {
  /** The waypoint as the lab runs it; undefined when it is not running. */
  waypoint(ref: WaypointRef): RunningWaypoint | undefined;
}

interface Carried {
  readonly stream: Duplex;
  readonly transport: Transport;
  readonly upstreamPrincipal: string | undefined;
  /** ztunnel's own hop was HBONE (the source report's security policy). */
  readonly hbone: boolean;
  /** Whom ztunnel connected to: the endpoint, or the waypoint. */
  readonly peer: { readonly workload: LabWorkload | undefined; readonly principal: string | undefined };
}

export async function ztunnelCall(env: ZtunnelOutboundEnvironment, from: LabWorkload, upstream: Upstream, options: CallOptions = {}): Promise<CallResult> {
  const started = performance.now();
  const decision = env.decide({ type: 'workload', workload: from.workload }, upstream.destination, upstream.endpoint);
  const base = { sends: decision.sends, hbone: decision.hbone, waypoint: decision.waypoint, responseFlags: '-' };
  // The client's identity is in the report only when ztunnel presented it, on an HBONE hop.
  const source = (mtls: boolean): Omit<ZtunnelConnection, 'flags' | 'destination' | 'destinationPrincipal'> => ({
    reporter: 'source',
    source: peerMetadata(from),
    sourcePrincipal: mtls ? from.spiffeId : undefined,
    service: upstream.destination.hostname,
    mtls,
  });
  let carried: Carried;
  try {
    carried = await carry(env, from, upstream, decision);
  } catch {
    reportRefused(env.telemetry, ztunnelLabels({ ...source(decision.hbone || decision.waypoint !== undefined), destination: upstream.workload, destinationPrincipal: undefined, flags: 'CONNECT' }));
    // ztunnel took the app's connection (it captures every outbound one), could not carry it, and closed it.
    return { ...base, ok: false, status: null, error: 'connection reset by peer', transport: undefined, upstreamPrincipal: undefined, durationMs: performance.now() - started };
  }
  const { stream, transport, upstreamPrincipal } = carried;
  reportConnection(env.telemetry, ztunnelLabels({ ...source(carried.hbone), destination: carried.peer.workload, destinationPrincipal: carried.peer.principal, flags: '-' }), stream);
  const done = { ...base, transport, upstreamPrincipal };
  try {
    if (upstream.protocol === 'http') {
      const status = await exchangeHttp(stream, upstream, undefined, options.path ?? '/');
      return { ...done, ok: status >= 200 && status < 300, status, error: null, durationMs: performance.now() - started };
    }
    const tcpBytes = await exchangeTcp(stream, options.payload ?? Buffer.from('SELECT 1;\n'), undefined);
    return { ...done, ok: true, status: null, error: null, tcpBytes, durationMs: performance.now() - started };
  } catch (error) {
    stream.destroy();
    const failure = error instanceof CallFailure ? error.error : (error as NodeJS.ErrnoException);
    return { ...done, ok: false, status: null, error: rawError(failure), durationMs: performance.now() - started };
  }
}

async function carry(env: ZtunnelOutboundEnvironment, from: LabWorkload, upstream: Upstream, decision: ClientDecision): Promise<Carried> {
  const target = upstream.workload;
  const targetPort = upstream.endpoint.targetPort ?? upstream.destination.servicePort.port;
  const refused = (why: string) => new CallFailure(Object.assign(new Error(why), { code: 'ECONNREFUSED' }), false);
  if (!target) throw refused('the lab runs nothing behind the endpoint');
  const tunnel = (to: { host: string; port: number }, identity: string, headers: Record<string, string>): Promise<Tunnel> => {
    const context = env.certificates.clientContext(from.spiffeId);
    if (!context) throw new CallFailure(Object.assign(new Error('the client has no workload certificate'), { code: 'ENOCERT' }), false);
    return openTunnel({ ...to, localAddress: from.address, authority: `${target.address}:${targetPort}`, context, expectedIdentities: [identity], headers, timeoutMs: CONNECT_TIMEOUT_MS });
  };
  if (decision.waypoint) {
    const waypoint = env.waypoint(decision.waypoint);
    if (!waypoint) throw refused(`waypoint ${decision.waypoint.namespace}/${decision.waypoint.name} is not running`);
    const opened = await tunnel(waypoint.hbone, waypoint.spiffeId, {
      baggage: baggageHeader(peerMetadata(from)),
      forwarded: forwardedHeader(from.address, `${upstream.destination.hostname}:${upstream.destination.servicePort.port}`),
    });
    // What the waypoint's own hop to the endpoint was, as it says in its answer.
    const transport = opened.headers[UPSTREAM_TRANSPORT_HEADER];
    const principal = opened.headers[UPSTREAM_PRINCIPAL_HEADER];
    return {
      stream: opened.stream,
      transport: transport === 'istio-mtls' || transport === 'tls' ? transport : 'plaintext',
      upstreamPrincipal: typeof principal === 'string' ? principal : undefined,
      hbone: true,
      peer: { workload: undefined, principal: opened.peerPrincipal },
    };
  }
  if (decision.hbone) {
    if (!upstream.hbone) throw refused('nothing takes HBONE at the endpoint');
    const opened = await tunnel(upstream.hbone, target.spiffeId, { baggage: baggageHeader(peerMetadata(from)) });
    return { stream: opened.stream, transport: 'istio-mtls', upstreamPrincipal: opened.peerPrincipal, hbone: true, peer: { workload: target, principal: opened.peerPrincipal } };
  }
  if (!upstream.address) throw refused('nothing listens on the endpoint port');
  const socket = await connected(netConnect({ host: upstream.address.host, port: upstream.address.port, localAddress: from.address }), 'connect');
  return { stream: socket, transport: 'plaintext', upstreamPrincipal: undefined, hbone: false, peer: { workload: target, principal: undefined } };
}
