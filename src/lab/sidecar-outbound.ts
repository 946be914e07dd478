// The outbound half of a sidecar, per request: the engine's client decision picks the transport (plaintext,
// Istio mTLS with the workload certificate and secure naming, or SIMPLE/MUTUAL TLS without Istio ALPN),
// and failures come back as Envoy reports them (istio-mtls-semantics §4.2): a local 503 with `UF` when the
// upstream connection or its TLS handshake fails, `UC` when the upstream resets before answering. A client
// without sidecar has none of this: it sees the raw failure (`connection reset by peer`) and reports nothing.
// Towards an ambient endpoint (or a sidecar that terminates HBONE, when the engine says so) the sidecar opens
// an HBONE tunnel with its workload certificate, with the DestinationRule's SIMPLE/MUTUAL TLS inside.
import { hasSidecar } from '../core/index.js';
import { request as httpRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type SecureContext, type TLSSocket } from 'node:tls';
import type { Client, ClientDecision, ClientSends, Destination, Endpoint, WaypointRef } from '../core/index.js';
import type { Duplex } from 'node:stream';
import { spiffeId, uriSans } from './ca.js';
import { baggageHeader, HBONE_PORT, openTunnel } from './hbone.js';
import { PEER_EXCHANGE_ALPN, peerExchangeFrame, peerHeaders, type PeerMetadata } from './peer-metadata.js';
import { canonicalRevision, istioLabels, type IstioLabels, type TelemetryStore } from '../telemetry/embedded/store.js';
import type { AppProtocol, LabWorkload } from './topology.js';
import type { WorkloadCertificates } from './workload-certificates.js';

/** `istio-mtls`: Istio mTLS between sidecars, or an HBONE tunnel (mutual TLS between the two data planes). */
export type Transport = 'plaintext' | 'istio-mtls' | 'tls';

export interface Upstream {
  readonly destination: Destination;
  readonly endpoint: Endpoint;
  /** The endpoint's workload as the lab runs it; undefined when the lab runs nothing behind the endpoint. */
  readonly workload: LabWorkload | undefined;
  /** Where the endpoint's target port listens; undefined when nothing does. */
  readonly address: { readonly host: string; readonly port: number } | undefined;
  /** Where the endpoint's data plane takes HBONE (port 15008 of its address); undefined when none does. */
  readonly hbone: { readonly host: string; readonly port: number } | undefined;
  readonly protocol: AppProtocol;
}

export interface CallResult {
  readonly ok: boolean;
  /** HTTP status the caller received; null for TCP and for failures without a response. */
  readonly status: number | null;
  readonly error: string | null;
  readonly sends: ClientSends;
  /** The endpoint's data plane received an HBONE tunnel (from the client's data plane, or from `waypoint`). */
  readonly hbone: boolean;
  /** The waypoint the connection went through. */
  readonly waypoint: WaypointRef | undefined;
  /** The transport that carried the exchange; undefined when no connection was established. */
  readonly transport: Transport | undefined;
  /** Envoy's response flags on the client sidecar (`-` when none; also `-` without sidecar). */
  readonly responseFlags: string;
  /** The server certificate's SPIFFE ID, when TLS presented one. */
  readonly upstreamPrincipal: string | undefined;
  readonly durationMs: number;
  /** TCP only: bytes written to and read from the upstream connection. */
  readonly tcpBytes?: { readonly sent: number; readonly received: number };
}

export interface OutboundEnvironment {
  decide(client: Client, destination: Destination, endpoint: Endpoint): ClientDecision;
  readonly certificates: WorkloadCertificates;
  /** A certificate that is not the mesh's, for DestinationRule MUTUAL (the lab has no user-provided files). */
  readonly externalClientContext: SecureContext;
  trustDomain(): string;
  readonly telemetry: TelemetryStore;
}

export interface CallOptions {
  readonly path?: string;
  /** TCP only: bytes to send; the echo must return them. */
  readonly payload?: Buffer;
}

export const CONNECT_TIMEOUT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 5_000;
const RESET_BEFORE_HEADERS = 'upstream connect error or disconnect/reset before headers. reset reason:';

type Failure = { readonly flags: string; readonly reason: string; readonly status: number };

export class CallFailure extends Error {
  readonly error: NodeJS.ErrnoException;
  /** The upstream TCP connection (and TLS handshake) had completed. */
  readonly connected: boolean;

  constructor(error: NodeJS.ErrnoException, connected: boolean) {
    super(error.message);
    this.error = error;
    this.connected = connected;
  }
}

/** One request (HTTP) or one connection (TCP) from `from` (undefined: a client outside the mesh). */
export async function call(env: OutboundEnvironment, from: LabWorkload | undefined, upstream: Upstream, options: CallOptions = {}): Promise<CallResult> {
  const started = performance.now();
  const client: Client = from ? { type: 'workload', workload: from.workload } : { type: 'outside' };
  const decision = env.decide(client, upstream.destination, upstream.endpoint);
  const sends = decision.sends;
  const sidecar = from && hasSidecar(from.workload) ? from : undefined;
  const done = (result: Omit<CallResult, 'sends' | 'hbone' | 'waypoint' | 'durationMs'>): CallResult => {
    const full = { ...result, sends, hbone: sidecar !== undefined && decision.hbone, waypoint: undefined, durationMs: performance.now() - started };
    if (sidecar) report(env.telemetry, sidecar, upstream, full);
    return full;
  };
  if (!upstream.address) {
    return done({ ok: false, status: sidecar ? 503 : null, error: sidecar ? 'no healthy upstream' : 'connection refused', transport: undefined, responseFlags: sidecar ? 'UH' : '-', upstreamPrincipal: undefined });
  }
  let socket: Duplex | undefined;
  let transport: Transport | undefined;
  let upstreamPrincipal: string | undefined;
  try {
    ({ socket, transport, upstreamPrincipal } = sidecar && decision.hbone ? await openHbone(env, sends, sidecar, upstream) : await open(env, sends, sidecar, from, upstream));
    if (upstream.protocol === 'http') {
      const status = await exchangeHttp(socket, upstream, sidecar, options.path ?? '/');
      return done({ ok: status >= 200 && status < 300, status, error: null, transport, responseFlags: '-', upstreamPrincipal });
    }
    const meta = transport === 'istio-mtls' && (socket as Partial<TLSSocket>).alpnProtocol === PEER_EXCHANGE_ALPN && sidecar ? peerMetadata(sidecar) : undefined;
    const tcpBytes = await exchangeTcp(socket, options.payload ?? Buffer.from('SELECT 1;\n'), meta);
    return done({ ok: true, status: null, error: null, transport, responseFlags: '-', upstreamPrincipal, tcpBytes });
  } catch (error) {
    socket?.destroy();
    const failure = error instanceof CallFailure ? error : new CallFailure(error as NodeJS.ErrnoException, false);
    const connected = failure.connected ? transport : undefined;
    if (!sidecar) return done({ ok: false, status: null, error: rawError(failure.error), transport: connected, responseFlags: '-', upstreamPrincipal });
    const envoy = envoyFailure(failure, sends);
    // A TCP client of a sidecar just sees its connection closed; an HTTP client gets Envoy's local reply.
    const http = upstream.protocol === 'http';
    return done({ ok: false, status: http ? envoy.status : null, error: http ? envoy.reason : `connection closed by the sidecar: ${envoy.reason}`, transport: connected, responseFlags: envoy.flags, upstreamPrincipal });
  }
}

interface Opened {
  readonly socket: Duplex;
  readonly transport: Transport;
  readonly upstreamPrincipal: string | undefined;
}

/** HBONE to the endpoint's data plane with the sidecar's certificate; SIMPLE/MUTUAL TLS travels inside. */
async function openHbone(env: OutboundEnvironment, sends: ClientSends, sidecar: LabWorkload, upstream: Upstream): Promise<Opened> {
  const target = upstream.workload;
  if (!upstream.hbone || !target) throw new CallFailure(Object.assign(new Error(`nothing takes HBONE on port ${HBONE_PORT} of the endpoint`), { code: 'ECONNREFUSED' }), false);
  const context = env.certificates.clientContext(sidecar.spiffeId);
  if (!context) throw new CallFailure(Object.assign(new Error('the client has no workload certificate'), { code: 'ENOCERT' }), false);
  const tunnel = await openTunnel({
    ...upstream.hbone,
    localAddress: sidecar.address,
    authority: `${target.address}:${upstream.endpoint.targetPort ?? upstream.destination.servicePort.port}`,
    context,
    expectedIdentities: [target.spiffeId],
    headers: { baggage: baggageHeader(peerMetadata(sidecar)) },
    timeoutMs: CONNECT_TIMEOUT_MS,
  });
  return withInnerTls(tunnel.stream, tunnel.peerPrincipal, sends, upstream.destination.hostname, env.externalClientContext);
}

/** The tunnel as is (Istio mTLS is the tunnel itself), or the DestinationRule's SIMPLE/MUTUAL TLS inside it. */
export async function withInnerTls(stream: Duplex, tunnelPrincipal: string | undefined, sends: ClientSends, servername: string, externalClientContext: SecureContext): Promise<Opened> {
  if (sends !== 'SIMPLE' && sends !== 'MUTUAL') return { socket: stream, transport: 'istio-mtls', upstreamPrincipal: tunnelPrincipal };
  try {
    const tls = await connected(tlsConnect({ socket: stream, servername, rejectUnauthorized: false, ...(sends === 'MUTUAL' && { secureContext: externalClientContext }) }), 'secureConnect');
    return { socket: tls, transport: 'tls', upstreamPrincipal: uriSans(tls.getPeerCertificate().subjectaltname)[0] };
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

async function open(env: OutboundEnvironment, sends: ClientSends, sidecar: LabWorkload | undefined, from: LabWorkload | undefined, upstream: Upstream): Promise<Opened> {
  const address = upstream.address;
  if (!address) throw new Error('no address');
  const base = { host: address.host, port: address.port, localAddress: from?.address ?? '127.0.0.1' };
  if (sends === 'PLAINTEXT' || !sidecar) return { socket: await connected(netConnect(base), 'connect'), transport: 'plaintext', upstreamPrincipal: undefined };
  const hostname = upstream.destination.hostname;
  if (sends === 'ISTIO_MUTUAL') {
    const context = env.certificates.clientContext(sidecar.spiffeId);
    if (!context) throw new CallFailure(Object.assign(new Error('the client has no workload certificate'), { code: 'ENOCERT' }), false);
    const expected = expectedIdentities(upstream.destination, env.trustDomain());
    const options: ConnectionOptions = {
      ...base,
      secureContext: context,
      // Istio's SNI for a service port's default subset.
      servername: `outbound_.${upstream.destination.servicePort.port}_._.${hostname}`,
      ALPNProtocols: upstream.protocol === 'http' ? ['istio-http/1.1', 'istio'] : [PEER_EXCHANGE_ALPN, 'istio'],
      // Secure naming (§6): the server must present one of the service's identities.
      checkServerIdentity: (_host, cert) => {
        const presented = uriSans(cert.subjectaltname);
        return presented.some((uri) => expected.includes(uri))
          ? undefined
          : Object.assign(new Error(`secure naming: the server presented ${presented.join(', ') || 'no SPIFFE ID'}, expected one of ${expected.join(', ')}`), { code: 'ERR_SECURE_NAMING' });
      },
    };
    return secured(await connected(tlsConnect(options), 'secureConnect'), 'istio-mtls');
  }
  // SIMPLE and MUTUAL: the DR names no CA here, so the server certificate is not verified (Envoy with no
  // validation context); MUTUAL presents a certificate that is not from the mesh CA.
  const options: ConnectionOptions = { ...base, servername: hostname, rejectUnauthorized: false, ...(sends === 'MUTUAL' && { secureContext: env.externalClientContext }) };
  return secured(await connected(tlsConnect(options), 'secureConnect'), 'tls');
}

// getPeerCertificate, not getPeerX509Certificate: the latter leaks native memory per call in Node 20.
const secured = (socket: TLSSocket, transport: Transport): Opened => ({ socket, transport, upstreamPrincipal: uriSans(socket.getPeerCertificate().subjectaltname)[0] });

function expectedIdentities(destination: Destination, trustDomain: string): string[] {
  return destination.endpoints.flatMap((e) => (e.workload ? [spiffeId(trustDomain, e.workload.namespace, e.workload.serviceAccount)] : []));
}

export function connected<T extends Socket>(socket: T, event: 'connect' | 'secureConnect'): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connection timeout'), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CallFailure(error, false));
    });
    socket.once(event, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

export function exchangeHttp(socket: Duplex, upstream: Upstream, sidecar: LabWorkload | undefined, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(new CallFailure(error, true));
    const headers: Record<string, string> = { host: `${upstream.destination.hostname}:${upstream.destination.servicePort.port}`, connection: 'close' };
    if (sidecar) Object.assign(headers, peerHeaders(peerMetadata(sidecar)));
    const req = httpRequest({ createConnection: () => socket, path, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.on('error', fail);
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('upstream request timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', fail);
    req.end();
  });
}

/** Sends the payload, waits for its echo; resolves with the bytes written and read. */
export function exchangeTcp(socket: Duplex, payload: Buffer, meta: PeerMetadata | undefined): Promise<{ sent: number; received: number }> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let sent = 0;
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), REQUEST_TIMEOUT_MS);
    const fail = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CallFailure(error, true));
    };
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= payload.length) {
        clearTimeout(timer);
        socket.end();
        resolve({ sent, received });
      }
    });
    socket.on('end', () => {
      if (received < payload.length) fail(Object.assign(new Error('connection closed before the reply'), { code: 'ECONNRESET' }));
    });
    const frame = meta ? peerExchangeFrame(meta) : Buffer.alloc(0);
    sent = frame.length + payload.length;
    socket.write(Buffer.concat([frame, payload]));
  });
}

function isTlsError(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? '';
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'ERR_SECURE_NAMING' || /CERT|SELF_SIGNED|UNABLE_TO_/.test(code) || code === 'EPROTO';
}

/** Envoy's local reply for an upstream failure. */
function envoyFailure(failure: CallFailure, sends: ClientSends): Failure {
  const error = failure.error;
  if (error.code === 'ETIMEDOUT' && failure.connected) return { flags: 'UT', reason: 'upstream request timeout', status: 504 };
  const tls = sends !== 'PLAINTEXT';
  if (!failure.connected || isTlsError(error)) {
    const transport = tls && error.code !== 'ECONNREFUSED' ? `TLS error: ${error.code ?? ''} ${error.message}`.trim() : `delayed connect error: ${error.code ?? error.message}`;
    return { flags: 'UF', reason: `${RESET_BEFORE_HEADERS} remote connection failure, transport failure reason: ${transport}`, status: 503 };
  }
  return { flags: 'UC', reason: `${RESET_BEFORE_HEADERS} connection termination`, status: 503 };
}

/** What a plain client (curl) prints for a failure. */
export function rawError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNRESET':
      return error.message === 'socket hang up' ? 'empty reply from server' : 'connection reset by peer';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'operation timed out';
    case 'EPIPE':
      return 'broken pipe';
    default:
      return error.message;
  }
}

export function peerMetadata(workload: LabWorkload): PeerMetadata {
  return { workload: workload.workload.name, namespace: workload.workload.namespace, app: workload.app, version: workload.version };
}

/** Source-reported series (§5.4): `connection_security_policy` is always `unknown` on the client side. */
function report(telemetry: TelemetryStore, source: LabWorkload, upstream: Upstream, result: CallResult): void {
  const destination = upstream.workload;
  const hostname = upstream.destination.hostname;
  const labels: IstioLabels = istioLabels({
    reporter: 'source',
    source_workload: source.workload.name,
    source_workload_namespace: source.workload.namespace,
    source_principal: result.transport === 'istio-mtls' ? source.spiffeId : 'unknown',
    source_app: source.app,
    source_version: source.version,
    source_canonical_service: source.app,
    source_canonical_revision: canonicalRevision(source.version),
    source_cluster: 'Kubernetes',
    ...(destination && {
      destination_workload: destination.workload.name,
      destination_workload_namespace: destination.workload.namespace,
      destination_app: destination.app,
      destination_version: destination.version,
      destination_canonical_service: destination.app,
      destination_canonical_revision: canonicalRevision(destination.version),
      destination_cluster: 'Kubernetes',
    }),
    destination_principal: result.upstreamPrincipal ?? 'unknown',
    destination_service: hostname,
    destination_service_name: upstream.destination.ref.kind === 'Service' ? upstream.destination.ref.name : hostname,
    destination_service_namespace: upstream.destination.namespace,
    request_protocol: upstream.protocol,
    response_code: result.status === null ? '0' : String(result.status),
    response_flags: result.responseFlags,
  });
  if (upstream.protocol === 'http') {
    telemetry.recordRequest(labels, result.durationMs);
    return;
  }
  telemetry.add('istio_tcp_connections_opened_total', labels);
  telemetry.add('istio_tcp_connections_closed_total', labels);
  telemetry.add('istio_tcp_sent_bytes_total', labels, result.tcpBytes?.sent ?? 0);
  telemetry.add('istio_tcp_received_bytes_total', labels, result.tcpBytes?.received ?? 0);
}
