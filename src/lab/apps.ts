// The applications behind the sidecars: each answers HTTP with 200, or echoes TCP (mysqldb). Like many
// real apps they also speak TLS when a client opens with a handshake, using a certificate of their own
// (not the mesh's): that is what SIMPLE/MUTUAL origination and PERMISSIVE passthrough reach, and why
// Istio mTLS towards an app without a sidecar fails certificate verification.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';
import { looksLikeTls } from './client-hello.js';
import { peek } from './peek.js';
import type { AppProtocol } from './topology.js';

export interface AppIdentity {
  readonly workload: string;
  readonly namespace: string;
}

export class WorkloadApp {
  private readonly http: Server;
  private readonly identity: AppIdentity;
  private readonly tlsContext: SecureContext;

  constructor(identity: AppIdentity, tlsContext: SecureContext) {
    this.identity = identity;
    this.tlsContext = tlsContext;
    this.http = createServer({ keepAliveTimeout: 1_000, requestTimeout: 10_000 }, (req, res) => this.handleHttp(req, res));
  }

  /** The app's request handler; a sidecar that parsed the request calls it directly. */
  handleHttp(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const body = JSON.stringify({ workload: this.identity.workload, namespace: this.identity.namespace, path: req.url ?? '/' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** A stream of HTTP bytes the app parses itself (its own HTTP server). */
  serveHttp(stream: Duplex): void {
    this.http.emit('connection', stream);
    stream.resume();
  }

  /** TCP echo, standing in for a database: every byte comes back. */
  serveTcp(stream: Duplex): void {
    stream.on('error', () => stream.destroy());
    stream.pipe(stream);
  }

  /** Raw bytes straight from the network (no sidecar, a sidecar passing them through, or ztunnel's tunnel). */
  async acceptRaw(socket: Duplex, protocol: AppProtocol): Promise<void> {
    socket.on('error', () => socket.destroy());
    const first = await peek(socket, (bytes) => bytes.length > 0);
    if (!first) {
      socket.destroy();
      return;
    }
    const serve = (stream: Duplex) => (protocol === 'http' ? this.serveHttp(stream) : this.serveTcp(stream));
    if (!looksLikeTls(first)) {
      serve(socket);
      return;
    }
    const tls = new TLSSocket(socket, { isServer: true, secureContext: this.tlsContext });
    tls.on('error', () => tls.destroy());
    tls.once('secure', () => serve(tls));
  }

  close(): void {
    this.http.close();
    this.http.closeAllConnections();
  }
}
