// The inbound half of a sidecar, per workload port (istio-mtls-semantics §1.6 and §4.2). The mode is
// asked of the engine on every connection, so a config change applies to the next connection, as when
// istiod pushes a new listener:
//   STRICT      TLS only: mesh mTLS with a client certificate from the mesh root and a SPIFFE ID in the
//               trust domain. Plaintext matches no filter chain and is reset (no metrics).
//   PERMISSIVE  the first bytes decide: TLS offering an Istio ALPN is terminated as mesh mTLS (no fallback
//               if that fails); other TLS passes through to the app on TCP/auto ports and is closed on
//               declared-HTTP ports; plaintext is accepted.
//   DISABLE     plaintext only: TLS bytes meet the HTTP codec (400 DPE) on declared-HTTP ports and go to
//               the app on others.
//   NONE        no sidecar: the app owns the port.
import type { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { ServerMode } from '../core/index.js';
import type { WorkloadApp } from './apps.js';
import { ConnectionListener } from './connection-listener.js';
import { meshPeerPrincipal } from './hbone.js';
import { firstRecordLength, looksLikeTls, offeredAlpn } from './client-hello.js';
import { peek } from './peek.js';
import { PEER_EXCHANGE_ALPN, PEER_METADATA_HEADER, PEER_METADATA_ID_HEADER, readPeerExchange, readPeerHeader, type PeerMetadata } from './peer-metadata.js';
import { canonicalRevision, istioLabels, type IstioLabels, type TelemetryStore } from '../telemetry/embedded/store.js';
import type { LabPort, LabWorkload } from './topology.js';
import type { TlsMinVersion, WorkloadCertificates } from './workload-certificates.js';

/** ALPN values of Istio mTLS; PERMISSIVE terminates TLS only when the client offers one of them. */
const ISTIO_ALPNS = ['istio-peer-exchange', 'istio-http/1.1', 'istio-http/1.0', 'istio-h2', 'istio'];

/** What an inbound listener asks of the lab on each connection. */
export interface InboundEnvironment {
  mode(workload: LabWorkload, port: LabPort): ServerMode;
  /** Trust domains whose SPIFFE IDs a STRICT/PERMISSIVE port accepts. */
  trustDomains(): readonly string[];
  minTlsVersion(): TlsMinVersion;
  readonly certificates: WorkloadCertificates;
  readonly rootCertificate: () => X509Certificate;
  readonly telemetry: TelemetryStore;
}

interface Connection {
  /** Client certificate SPIFFE ID after a mesh mTLS handshake. */
  readonly peerPrincipal: string | undefined;
  readonly localPrincipal: string | undefined;
  readonly peer: PeerMetadata | undefined;
}

const PLAINTEXT: Connection = { peerPrincipal: undefined, localPrincipal: undefined, peer: undefined };

export class InboundListener {
  private readonly server: ConnectionListener;
  /** The sidecar's HTTP connection manager: it parses requests, reports them and calls the app. */
  private readonly http: HttpServer;
  private readonly connections = new WeakMap<Duplex, Connection>();
  private workload: LabWorkload;
  private port: LabPort;
  private readonly app: WorkloadApp;
  private readonly env: InboundEnvironment;

  constructor(workload: LabWorkload, port: LabPort, app: WorkloadApp, env: InboundEnvironment) {
    this.workload = workload;
    this.port = port;
    this.app = app;
    this.env = env;
    this.server = new ConnectionListener((socket) => void this.accept(socket), { pauseOnConnect: true });
    this.http = createHttpServer({ keepAliveTimeout: 1_000, requestTimeout: 10_000 }, (req, res) => this.handleRequest(req, res));
    this.http.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
      // Parse errors are the codec's to answer; resets and timeouts just end the connection.
      if (error.code?.startsWith('HPE_')) this.rejectUnparsable(socket);
      else socket.destroy();
    });
  }

  /** Binds `address:port`; `port` 0 takes any free port. Resolves with the port bound. */
  listen(address: string, port: number): Promise<number> {
    return this.server.listen(address, port);
  }

  /** Takes the workload and port as the current configuration describes them. */
  update(workload: LabWorkload, port: LabPort): void {
    this.workload = workload;
    this.port = port;
  }

  async close(): Promise<void> {
    const closed = this.server.close();
    this.http.closeAllConnections();
    await closed;
  }

  private async accept(socket: Socket): Promise<void> {
    const { workload, port } = this;
    const mode = this.env.mode(workload, port);
    if (mode === 'NONE') {
      await this.app.acceptRaw(socket, port.app);
      return;
    }
    // The TLS inspector: the first byte says TLS or not; for TLS, the whole ClientHello, for its ALPN.
    const first = await peek(socket, (bytes) => !looksLikeTls(bytes) || bytes.length >= (firstRecordLength(bytes) ?? Infinity));
    if (!first) {
      socket.destroy();
      return;
    }
    if (!looksLikeTls(first)) {
      // STRICT: no filter chain for plaintext; Envoy closes with NR and emits no metrics.
      if (mode === 'STRICT') socket.resetAndDestroy();
      else this.serve(socket, PLAINTEXT);
      return;
    }
    if (mode === 'DISABLE') {
      if (port.declaredHttp) this.serve(socket, PLAINTEXT);
      else this.passThrough(socket);
      return;
    }
    const offersIstio = offeredAlpn(first).some((protocol) => ISTIO_ALPNS.includes(protocol));
    if (mode === 'PERMISSIVE' && !offersIstio) {
      if (port.declaredHttp) socket.destroy();
      else this.passThrough(socket);
      return;
    }
    this.terminateMtls(socket);
  }

  private terminateMtls(socket: Socket): void {
    const local = this.workload.spiffeId;
    const context = this.env.certificates.serverContext(local, this.env.minTlsVersion());
    if (!context) {
      socket.destroy();
      return;
    }
    const tls = new TLSSocket(socket, { isServer: true, secureContext: context, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ISTIO_ALPNS });
    tls.on('error', () => tls.destroy());
    tls.once('secure', () => {
      const principal = meshPeerPrincipal(tls, this.env.rootCertificate(), this.env.trustDomains());
      if (!principal) {
        tls.destroy();
        return;
      }
      if (tls.alpnProtocol === PEER_EXCHANGE_ALPN) {
        void readPeerExchange(tls).then((peer) => this.serve(tls, { peerPrincipal: principal, localPrincipal: local, peer }));
      } else {
        this.serve(tls, { peerPrincipal: principal, localPrincipal: local, peer: undefined });
      }
    });
  }

  /**
   * A connection whose HBONE tunnel this sidecar terminated (a sidecar of Istio's ambient profile): mutual TLS
   * with the client's SPIFFE ID, so it is served as terminated mTLS is, whatever the port's mode.
   */
  acceptTunnelled(stream: Duplex, peerPrincipal: string, peer: PeerMetadata | undefined): void {
    this.serve(stream, { peerPrincipal, localPrincipal: this.workload.spiffeId, peer });
  }

  /** Plaintext or terminated mTLS: HTTP through the connection manager, TCP through the TCP proxy. */
  private serve(stream: Duplex, connection: Connection): void {
    this.connections.set(stream, connection);
    if (this.port.app === 'http') {
      this.http.emit('connection', stream);
      stream.resume();
      return;
    }
    const labels = this.tcpLabels(connection);
    this.env.telemetry.add('istio_tcp_connections_opened_total', labels);
    this.reportTcpClose(stream, labels);
    this.app.serveTcp(stream);
  }

  /** TLS the sidecar does not terminate goes to the app as opaque TCP, reported as `none`. */
  private passThrough(socket: Socket): void {
    const labels = this.tcpLabels(PLAINTEXT);
    this.env.telemetry.add('istio_tcp_connections_opened_total', labels);
    this.reportTcpClose(socket, labels);
    void this.app.acceptRaw(socket, this.port.app);
  }

  private reportTcpClose(stream: Duplex & { bytesRead?: number; bytesWritten?: number }, labels: IstioLabels): void {
    stream.once('close', () => {
      this.env.telemetry.add('istio_tcp_connections_closed_total', labels);
      this.env.telemetry.add('istio_tcp_received_bytes_total', labels, stream.bytesRead ?? 0);
      this.env.telemetry.add('istio_tcp_sent_bytes_total', labels, stream.bytesWritten ?? 0);
    });
  }

  private handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const connection = this.connections.get(req.socket) ?? PLAINTEXT;
    const peer = readPeerHeader(req.headers[PEER_METADATA_HEADER]) ?? connection.peer;
    delete req.headers[PEER_METADATA_HEADER];
    delete req.headers[PEER_METADATA_ID_HEADER];
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    res.once('finish', () => {
      const labels = this.labels({ ...connection, peer }, 'http', host, { response_code: String(res.statusCode) });
      this.env.telemetry.recordRequest(labels, performance.now() - started);
    });
    this.app.handleHttp(req, res);
  }

  /** What Envoy's HTTP codec does with bytes that are not HTTP (TLS on a DISABLE port): 400, flag DPE. */
  private rejectUnparsable(socket: Duplex): void {
    const labels = this.labels(this.connections.get(socket) ?? PLAINTEXT, 'http', '', { response_code: '400', response_flags: 'DPE' });
    this.env.telemetry.recordRequest(labels, 0);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  }

  private tcpLabels(connection: Connection): IstioLabels {
    return this.labels(connection, 'tcp', '', {});
  }

  /** Destination-reported labels (§5.4, §5.5): `mutual_tls` only with both a peer and a local principal. */
  private labels(connection: Connection, protocol: 'http' | 'tcp', host: string, extra: Partial<IstioLabels>): IstioLabels {
    const { workload, port } = this;
    const service = port.services.includes(host) ? host : port.services[0];
    const peer = connection.peer;
    const mtls = connection.peerPrincipal !== undefined && connection.localPrincipal !== undefined;
    return istioLabels({
      reporter: 'destination',
      ...(peer && { source_workload: peer.workload, source_app: peer.app, source_version: peer.version, source_canonical_service: peer.app, source_canonical_revision: canonicalRevision(peer.version), source_cluster: 'Kubernetes' }),
      source_workload_namespace: namespaceOf(connection.peerPrincipal) ?? peer?.namespace ?? 'unknown',
      source_principal: connection.peerPrincipal ?? 'unknown',
      destination_workload: workload.workload.name,
      destination_workload_namespace: workload.workload.namespace,
      destination_principal: mtls ? workload.spiffeId : 'unknown',
      destination_app: workload.app,
      destination_version: workload.version,
      destination_canonical_service: workload.app,
      destination_canonical_revision: canonicalRevision(workload.version),
      destination_cluster: 'Kubernetes',
      ...(service && { destination_service: service, destination_service_name: service.split('.')[0], destination_service_namespace: service.split('.')[1] }),
      request_protocol: protocol,
      connection_security_policy: mtls ? 'mutual_tls' : 'none',
      ...extra,
    });
  }
}

function namespaceOf(principal: string | undefined): string | undefined {
  return principal ? /\/ns\/([^/]+)\//.exec(principal)?.[1] : undefined;
}
