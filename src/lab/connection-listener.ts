// The TCP listener under every lab proxy (sidecar inbound, ztunnel's captured port, the HBONE port): it keeps its
// open connections, so closing it ends them at once instead of waiting for idle keep-alive clients.
import { createServer, type Server, type Socket } from 'node:net';

export class ConnectionListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  /** `pauseOnConnect`: the connection reads nothing until `accept` resumes it (to peek at its first bytes). */
  constructor(accept: (socket: Socket) => void, options: { readonly pauseOnConnect?: boolean } = {}) {
    this.server = createServer({ pauseOnConnect: options.pauseOnConnect ?? false }, (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      accept(socket);
    });
  }

  /** Binds `address:port`; `port` 0 takes any free port. Resolves with the port bound. */
  listen(address: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: address, port, exclusive: true }, () => {
        this.server.removeListener('error', reject);
        const bound = this.server.address();
        resolve(typeof bound === 'object' && bound ? bound.port : port);
      });
    });
  }

  /** Stops accepting and ends every open connection; resolves when the port is free. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
