// A waypoint, kept as simple as is honest: an HBONE terminator with an identity of its own that re-originates
// towards the endpoint as the engine decides the waypoint's hop (HBONE to a data plane that takes it, with a
// DestinationRule's SIMPLE/MUTUAL TLS inside, or straight to the endpoint), and that reports what passes as
// Istio's waypoints do: HTTP requests in `istio_requests_total` with `reporter="waypoint"` (it is an L7 proxy:
// it parses each request and sends it on), TCP as `istio_tcp_*`, the downstream always `mutual_tls`.
// Before answering the CONNECT it connects upstream, and says in two response headers what that hop was, so a
// probe can tell `mtls` from `tls` behind the waypoint.
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SecureContext } from 'node:tls';
import type { ClientSends } from '../core/index.js';
import { forwardedHost, openTunnel, parseBaggage, type InboundTunnel } from './hbone.js';
import type { PeerMetadata } from './peer-metadata.js';
import { CONNECT_TIMEOUT_MS, connected, withInnerTls, type Transport } from './sidecar-outbound.js';
import { canonicalRevision, istioLabels, type IstioLabels, type TelemetryStore } from '../telemetry/embedded/store.js';
import type { LabPort, LabWorkload } from './topology.js';
import { reportConnection, reportRefused } from './ztunnel-inbound.js';

export const UPSTREAM_TRANSPORT_HEADER = 'x-meshlock-upstream-transport';
export const UPSTREAM_PRINCIPAL_HEADER = 'x-meshlock-upstream-principal';

/** A waypoint as the lab runs it. */
export interface RunningWaypoint {
  /** `namespace/name` of its Gateway. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly address: string;
  readonly spiffeId: string;
  readonly hbone: { readonly host: string; readonly port: number };
}

/** The waypoint's hop for one tunnel, from the engine: where the endpoint is and what the waypoint sends it. */
export interface WaypointRoute {
  readonly service: string;
  readonly workload: LabWorkload;
  readonly port: LabPort;
  readonly sends: ClientSends;
  readonly hbone: boolean;
  /** The endpoint's HBONE listener (when `hbone`) or its port. */
  readonly to: { readonly host: string; readonly port: number } | undefined;
}

export interface WaypointEnvironment {
  /** `authority` is the endpoint `ip:port`, `host` the service host:port the client asked for. */
  route(authority: string, host: string | undefined, client: PeerMetadata | undefined): WaypointRoute | undefined;
  clientContext(spiffeId: string): SecureContext | undefined;
  readonly externalClientContext: SecureContext;
  readonly telemetry: TelemetryStore;
}

interface Upstream {
  readonly stream: Duplex;
  readonly transport: Transport;
  readonly principal: string | undefined;
}

export class WaypointProxy {
  readonly running: RunningWaypoint;
  private readonly env: WaypointEnvironment;

  constructor(running: RunningWaypoint, env: WaypointEnvironment) {
    this.running = running;
    this.env = env;
  }

  /** One tunnel from a client's ztunnel. */
  handle(tunnel: InboundTunnel): void {
    const client = parseBaggage(tunnel.headers.baggage);
    const route = this.env.route(tunnel.authority, forwardedHost(tunnel.headers.forwarded), client);
    if (!route) {
      tunnel.refuse(404);
      return;
    }
    const labels = (protocol: 'http' | 'tcp', upstream: Upstream | undefined, extra: Partial<IstioLabels>) => waypointLabels(client, tunnel.peerPrincipal, route, protocol, upstream, extra);
    this.connect(route).then(
      (upstream) => {
        const downstream = tunnel.accept({ [UPSTREAM_TRANSPORT_HEADER]: upstream.transport, ...(upstream.principal && { [UPSTREAM_PRINCIPAL_HEADER]: upstream.principal }) });
        downstream.once('close', () => upstream.stream.destroy());
        upstream.stream.once('close', () => downstream.end());
        if (route.port.app === 'http') this.proxyHttp(downstream, upstream, (code, flags) => labels('http', upstream, { response_code: code, response_flags: flags }));
        else {
          reportConnection(this.env.telemetry, labels('tcp', upstream, {}), downstream);
          downstream.pipe(upstream.stream).pipe(downstream);
        }
      },
      () => {
        // As Envoy: a request it could not send on is answered 503 UF, a TCP connection is just closed.
        if (route.port.app === 'http') this.env.telemetry.recordRequest(labels('http', undefined, { response_code: '503', response_flags: 'UF' }), 0);
        else reportRefused(this.env.telemetry, labels('tcp', undefined, { response_flags: 'UF' }));
        tunnel.refuse(503);
      },
    );
  }

  private async connect(route: WaypointRoute): Promise<Upstream> {
    if (!route.to) throw new Error('nothing listens at the endpoint');
    const authority = `${route.workload.address}:${route.port.targetPort}`;
    if (route.hbone) {
      const context = this.env.clientContext(this.running.spiffeId);
      if (!context) throw new Error('the waypoint has no certificate');
      const tunnel = await openTunnel({ ...route.to, localAddress: this.running.address, authority, context, expectedIdentities: [route.workload.spiffeId], timeoutMs: CONNECT_TIMEOUT_MS });
      const opened = await withInnerTls(tunnel.stream, tunnel.peerPrincipal, route.sends, route.service, this.env.externalClientContext);
      return { stream: opened.socket, transport: opened.transport, principal: opened.upstreamPrincipal };
    }
    const socket = await connected(netConnect({ host: route.to.host, port: route.to.port, localAddress: this.running.address }), 'connect');
    if (route.sends === 'PLAINTEXT') return { stream: socket, transport: 'plaintext', principal: undefined };
    // Not HBONE but SIMPLE/MUTUAL: the same origination as inside a tunnel, straight on the socket.
    const opened = await withInnerTls(socket, undefined, route.sends, route.service, this.env.externalClientContext);
    return { stream: opened.socket, transport: opened.transport, principal: opened.upstreamPrincipal };
  }

  /** Parses the client's requests and sends each on over the upstream connection. */
  private proxyHttp(downstream: Duplex, upstream: Upstream, labels: (code: string, flags: string) => IstioLabels): void {
    const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
      const started = performance.now();
      const forward = httpRequest({ createConnection: () => upstream.stream, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        res.once('finish', () => this.env.telemetry.recordRequest(labels(String(answer.statusCode ?? 0), '-'), performance.now() - started));
      });
      forward.on('error', () => {
        this.env.telemetry.recordRequest(labels('503', 'UC'), performance.now() - started);
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream connect error or disconnect/reset before headers. reset reason: connection termination');
        else res.destroy();
      });
      req.pipe(forward);
    });
    server.on('clientError', () => downstream.destroy());
    server.emit('connection', downstream);
    downstream.resume();
  }
}

/** Istio's standard labels as a waypoint reports them: the client from its baggage, the endpoint behind the service. */
function waypointLabels(client: PeerMetadata | undefined, clientPrincipal: string, route: WaypointRoute, protocol: 'http' | 'tcp', upstream: Upstream | undefined, extra: Partial<IstioLabels>): IstioLabels {
  const { workload, service } = route;
  return istioLabels({
    reporter: 'waypoint',
    ...(client && {
      source_workload: client.workload,
      source_workload_namespace: client.namespace,
      source_app: client.app,
      source_version: client.version,
      source_canonical_service: client.app,
      source_canonical_revision: canonicalRevision(client.version),
      source_cluster: 'Kubernetes',
    }),
    source_principal: clientPrincipal,
    destination_workload: workload.workload.name,
    destination_workload_namespace: workload.workload.namespace,
    destination_principal: upstream?.transport === 'istio-mtls' ? workload.spiffeId : 'unknown',
    destination_app: workload.app,
    destination_version: workload.version,
    destination_canonical_service: workload.app,
    destination_canonical_revision: canonicalRevision(workload.version),
    destination_cluster: 'Kubernetes',
    destination_service: service,
    destination_service_name: service.split('.')[0],
    destination_service_namespace: service.split('.')[1],
    request_protocol: protocol,
    connection_security_policy: 'mutual_tls',
    ...extra,
  });
}
