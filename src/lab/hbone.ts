// HBONE, the tunnel of Istio's ambient mode: an HTTP/2 CONNECT request over mutual TLS to port 15008 of the
// destination's address, `:authority` the destination `ip:port`, each side presenting its SPIFFE certificate.
// The data plane that terminates it (ztunnel, a waypoint, a sidecar that terminates HBONE) answers 200 and
// carries the stream's bytes to the application; the headers carry `baggage` (who the client is, for metrics)
// and `forwarded` (the original source and the host the client asked for).
import { X509Certificate } from 'node:crypto';
import { connect as http2Connect, createSecureServer, type ClientHttp2Stream, type Http2SecureServer, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type SecureContext, type TLSSocket } from 'node:tls';
import { trustDomainOf, uriSans } from './ca.js';
import { ConnectionListener } from './connection-listener.js';
import type { PeerMetadata } from './peer-metadata.js';
import type { TlsMinVersion } from './workload-certificates.js';

export const HBONE_PORT = 15008;
const H2_ALPN = ['h2'];

/**
 * A tunnel stream as a plain Duplex, counting bytes like a socket. Node's HTTP/1 client and server reach into
 * a net.Socket's handle; an HTTP/2 stream must be wrapped before either can run on it.
 */
export class TunnelStream extends Duplex {
  bytesRead = 0;
  bytesWritten = 0;
  private readonly inner: Duplex;

  constructor(inner: Duplex) {
    super();
    this.inner = inner;
    inner.on('data', (chunk: Buffer) => {
      this.bytesRead += chunk.length;
      if (!this.push(chunk)) inner.pause();
    });
    inner.once('end', () => this.push(null));
    inner.once('error', (error) => this.destroy(error));
    inner.once('close', () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.length;
    this.inner.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.inner.destroyed) this.inner.destroy(error ?? undefined);
    callback(error);
  }
}

// ---- baggage and forwarded -----------------------------------------------------------------

/** ztunnel's baggage: the client workload in OpenTelemetry's resource attribute names. */
export function baggageHeader(peer: PeerMetadata): string {
  return [`k8s.namespace.name=${peer.namespace}`, `k8s.deployment.name=${peer.workload}`, `service.name=${peer.app}`, `service.version=${peer.version}`].join(',');
}

export function parseBaggage(value: string | string[] | undefined): PeerMetadata | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  if (!text) return undefined;
  const fields = new Map(text.split(',').map((entry) => entry.trim().split('=', 2) as [string, string | undefined]));
  const namespace = fields.get('k8s.namespace.name');
  const workload = fields.get('k8s.deployment.name');
  if (!namespace || !workload) return undefined;
  return { namespace, workload, app: fields.get('service.name') ?? 'unknown', version: fields.get('service.version') ?? 'unknown' };
}

/** RFC 7239: the original client address and the host:port it asked for (a waypoint picks its route from it). */
export function forwardedHeader(source: string, host: string | undefined): string {
  return `for="${source}"${host ? `;host=${host}` : ''}`;
}

export function forwardedHost(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? /(?:^|;)\s*host=("?)([^;"]+)\1/.exec(text)?.[2] : undefined;
}

// ---- client --------------------------------------------------------------------------------

export interface TunnelRequest {
  /** The HBONE listener of the data plane in front of the destination. */
  readonly host: string;
  readonly port: number;
  readonly localAddress: string;
  /** The destination `ip:port`, as Istio puts it in `:authority`. */
  readonly authority: string;
  /** The client data plane's certificate (its workload's, or the waypoint's). */
  readonly context: SecureContext;
  /** Secure naming: the SPIFFE IDs the server may present. */
  readonly expectedIdentities: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface Tunnel {
  readonly stream: TunnelStream;
  /** The SPIFFE ID the terminating side presented. */
  readonly peerPrincipal: string | undefined;
  /** The CONNECT response's headers. */
  readonly headers: IncomingHttpHeaders;
}

const failure = (message: string, code: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

/** Opens one tunnel on a connection of its own (the lab pools nothing: a change applies to the very next one). */
export function openTunnel(request: TunnelRequest): Promise<Tunnel> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let principal: string | undefined;
    const fail = (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      reject(error);
    };
    const session = http2Connect(`https://${request.host}:${request.port}`, {
      createConnection: () => {
        const where = { host: request.host, port: request.port, localAddress: request.localAddress };
        const socket = tlsConnect({
          ...where,
          secureContext: request.context,
          ALPNProtocols: H2_ALPN,
          checkServerIdentity: (_host, cert) => {
            const presented = uriSans(cert.subjectaltname);
            principal = presented.find((uri) => request.expectedIdentities.includes(uri));
            return principal
              ? undefined
              : failure(`secure naming: the HBONE server presented ${presented.join(', ') || 'no SPIFFE ID'}, expected one of ${request.expectedIdentities.join(', ')}`, 'ERR_SECURE_NAMING');
          },
        });
        socket.once('error', (error: NodeJS.ErrnoException) => fail(error));
        return socket;
      },
    });
    const timer = setTimeout(() => fail(failure('connection timeout', 'ETIMEDOUT')), request.timeoutMs);
    session.on('error', (error: NodeJS.ErrnoException) => fail(error));
    const stream: ClientHttp2Stream = session.request({ ':method': 'CONNECT', ':authority': request.authority, ...request.headers });
    stream.once('error', (error: NodeJS.ErrnoException) => fail(error));
    stream.once('close', () => {
      session.close();
      if (!settled) fail(failure('the HBONE stream closed before the CONNECT response', 'ECONNRESET'));
    });
    stream.once('response', (headers) => {
      const status = Number(headers[':status']);
      if (status !== 200) {
        fail(failure(`HBONE CONNECT answered ${status}`, 'EHBONESTATUS'));
        return;
      }
      settled = true;
      clearTimeout(timer);
      stream.removeAllListeners('error');
      resolve({ stream: new TunnelStream(stream), peerPrincipal: principal, headers });
    });
  });
}

// ---- server --------------------------------------------------------------------------------

/** One CONNECT request that reached an HBONE listener. */
export interface InboundTunnel {
  readonly authority: string;
  readonly headers: IncomingHttpHeaders;
  /** The client's SPIFFE ID, verified against the mesh root. */
  readonly peerPrincipal: string;
  /** The address the tunnel's connection came from. */
  readonly sourceAddress: string;
  /** Answers the CONNECT: 200 gives the tunnel's stream, anything else ends it. */
  accept(headers?: Readonly<Record<string, string>>): TunnelStream;
  refuse(status: number): void;
}

export interface HboneIdentity {
  /** The listener's certificate now (rotation replaces it); undefined when it has none yet. */
  certificate(): { readonly keyPem: string; readonly certPem: string } | undefined;
  readonly rootPem: () => string;
  readonly rootCertificate: () => X509Certificate;
  trustDomains(): readonly string[];
  minTlsVersion(): TlsMinVersion;
}

export class HboneListener {
  private readonly server: ConnectionListener;
  private readonly identity: HboneIdentity;
  private readonly onTunnel: (tunnel: InboundTunnel) => void;
  /** Node's HTTP/2 server over TLS, fed the accepted sockets; its certificate follows rotation. */
  private h2: Http2SecureServer | undefined;
  private credentials: { certificate: object; minVersion: TlsMinVersion } | undefined;

  constructor(identity: HboneIdentity, onTunnel: (tunnel: InboundTunnel) => void) {
    this.identity = identity;
    this.onTunnel = onTunnel;
    this.server = new ConnectionListener((socket) => this.accept(socket));
  }

  listen(address: string, port: number): Promise<number> {
    return this.server.listen(address, port);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private accept(socket: Socket): void {
    const server = this.secureServer();
    if (!server) socket.destroy();
    else server.emit('connection', socket);
  }

  private secureServer(): Http2SecureServer | undefined {
    const certificate = this.identity.certificate();
    if (!certificate) return undefined;
    const minVersion = this.identity.minTlsVersion();
    if (this.h2 && this.credentials?.certificate === certificate && this.credentials.minVersion === minVersion) return this.h2;
    const options = { key: certificate.keyPem, cert: certificate.certPem, ca: this.identity.rootPem(), minVersion, requestCert: true, rejectUnauthorized: true };
    this.credentials = { certificate, minVersion };
    if (this.h2) {
      this.h2.setSecureContext(options);
      return this.h2;
    }
    const h2 = createSecureServer(options);
    h2.on('secureConnection', (tls: TLSSocket) => {
      if (!meshPeerPrincipal(tls, this.identity.rootCertificate(), this.identity.trustDomains())) tls.destroy();
    });
    h2.on('stream', (stream, headers) => this.stream(stream, headers));
    h2.on('tlsClientError', () => undefined);
    this.h2 = h2;
    return h2;
  }

  private stream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => stream.destroy());
    // The session's socket is the TLS connection (behind a proxy Node puts in front of it).
    const tls = stream.session?.socket as TLSSocket | undefined;
    const peerPrincipal = tls && meshPeerPrincipal(tls, this.identity.rootCertificate(), this.identity.trustDomains());
    if (!peerPrincipal) {
      stream.session?.destroy();
      return;
    }
    if (headers[':method'] !== 'CONNECT' || !headers[':authority']) {
      stream.respond({ ':status': 405 }, { endStream: true });
      return;
    }
    this.onTunnel({
      authority: headers[':authority'],
      headers,
      peerPrincipal,
      sourceAddress: tls.remoteAddress ?? '',
      accept: (extra = {}) => {
        stream.respond({ ':status': 200, ...extra });
        // The connection ends with its only tunnel (no pooling in the lab).
        stream.once('close', () => stream.session?.close());
        return new TunnelStream(stream);
      },
      refuse: (status) => {
        stream.respond({ ':status': status }, { endStream: true });
        stream.once('close', () => stream.session?.close());
      },
    });
  }
}

/**
 * The client's SPIFFE ID when its certificate chains to the mesh root, is within its validity and names an
 * accepted trust domain. Node leaves this check to the owner of a TLSSocket built on a socket.
 */
export function meshPeerPrincipal(tls: TLSSocket, root: X509Certificate, trustDomains: readonly string[]): string | undefined {
  // Built from the DER: getPeerX509Certificate() leaks native memory on every call in Node 20 (about 4.5 KB
  // per handshake, the lab's steady memory growth).
  const raw = tls.getPeerCertificate().raw as Buffer | undefined;
  const peer = raw && new X509Certificate(raw);
  if (!peer || !peer.checkIssued(root) || !peer.verify(root.publicKey)) return undefined;
  const now = Date.now();
  if (now < Date.parse(peer.validFrom) || now > Date.parse(peer.validTo)) return undefined;
  return uriSans(peer.subjectAltName).find((uri) => {
    const domain = trustDomainOf(uri);
    return domain !== undefined && trustDomains.includes(domain);
  });
}

/** `ip:port` of an authority; undefined when it is not one. */
export function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(.+):(\d+)$/.exec(authority);
  return match?.[1] && match[2] ? { host: match[1], port: Number(match[2]) } : undefined;
}
