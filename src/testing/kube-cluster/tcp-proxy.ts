// A loopback TCP proxy in front of the API server: clients connect to it, and a test cuts every open
// connection at once (a network blip, a load balancer restart) without touching the server. TLS passes
// through untouched, so the client still checks the server's real certificate.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Connections open now (client side). */
  openConnections(): number;
  /** Destroys every open connection, both sides; returns how many client connections were cut. */
  dropConnections(): number;
  /** While true, new connections are closed at once, as if the server were unreachable. */
  setRefusing(refusing: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const clients = new Set<Socket>();
  const upstreams = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    clients.add(client);
    upstreams.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      clients.delete(client);
      upstreams.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dropAll = () => {
    const cut = clients.size;
    for (const socket of [...clients, ...upstreams]) socket.destroy();
    clients.clear();
    upstreams.clear();
    return cut;
  };
  return {
    port,
    openConnections: () => clients.size,
    dropConnections: dropAll,
    setRefusing(value) {
      refusing = value;
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
