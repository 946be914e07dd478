import { connect } from 'node:tls';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { firstRecordLength, looksLikeTls, offeredAlpn } from './client-hello.js';

/** The first TLS record a real Node client sends with these ALPN protocols. */
function clientHello(alpn: string[] | undefined): Promise<Buffer> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      let bytes = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        const length = firstRecordLength(bytes);
        if (length !== undefined && bytes.length >= length) {
          socket.destroy();
          server.close();
          resolve(bytes.subarray(0, length));
        }
      });
    }).listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...(alpn && { ALPNProtocols: alpn }) }).on('error', () => undefined);
    });
  });
}

describe('TLS inspector', () => {
  it('reads the ALPN protocols of a real ClientHello', async () => {
    const hello = await clientHello(['istio-peer-exchange', 'istio']);
    expect(looksLikeTls(hello)).toBe(true);
    expect(offeredAlpn(hello)).toEqual(['istio-peer-exchange', 'istio']);
  });

  it('finds no ALPN when the client offers none', async () => {
    expect(offeredAlpn(await clientHello(undefined))).toEqual([]);
  });

  it('tells plaintext from TLS by the first byte and survives truncated records', () => {
    expect(looksLikeTls(Buffer.from('GET / HTTP/1.1\r\n'))).toBe(false);
    expect(offeredAlpn(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00]))).toEqual([]);
    expect(firstRecordLength(Buffer.from([0x16, 0x03]))).toBeUndefined();
  });
});
