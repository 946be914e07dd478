// HBONE on real sockets: an HTTP/2 CONNECT over mutual TLS carries bytes both ways and tells the server who
// called; a client without a mesh certificate, or a server with the wrong identity, gets no tunnel.
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateAuthority, spiffeId } from './ca.js';
import { baggageHeader, forwardedHeader, forwardedHost, HboneListener, openTunnel, parseBaggage, type InboundTunnel } from './hbone.js';

const SERVER = spiffeId('cluster.local', 'prod', 'api');
const CLIENT = spiffeId('cluster.local', 'web', 'client');
const DAY_MS = 24 * 3600_000;

let listener: HboneListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

/** An HBONE listener with the server's certificate that echoes each tunnel and records it. */
async function echoServer(mesh: CertificateAuthority): Promise<{ port: number; tunnels: InboundTunnel[] }> {
  const certificate = await mesh.issue({ uris: [SERVER], lifetimeMs: DAY_MS });
  const tunnels: InboundTunnel[] = [];
  listener = new HboneListener(
    { certificate: () => certificate, rootPem: () => mesh.rootPem, rootCertificate: () => new X509Certificate(mesh.rootPem), trustDomains: () => ['cluster.local'], minTlsVersion: () => 'TLSv1.2' },
    (tunnel) => {
      tunnels.push(tunnel);
      const stream = tunnel.accept();
      stream.pipe(stream);
    },
  );
  return { port: await listener.listen('127.0.0.1', 0), tunnels };
}

async function clientContext(ca: CertificateAuthority, mesh: CertificateAuthority) {
  const issued = await ca.issue({ uris: [CLIENT], lifetimeMs: DAY_MS });
  return createSecureContext({ key: issued.keyPem, cert: issued.certPem, ca: mesh.rootPem });
}

describe('HBONE', () => {
  it('tunnels bytes to the authority asked for, and the server knows the client by its certificate and baggage', async () => {
    const mesh = await CertificateAuthority.create('cluster.local');
    const { port, tunnels } = await echoServer(mesh);
    const baggage = baggageHeader({ namespace: 'web', workload: 'client', app: 'client', version: 'v1' });
    const tunnel = await openTunnel({ host: '127.0.0.1', port, localAddress: '127.0.0.1', authority: '127.0.0.7:8080', context: await clientContext(mesh, mesh), expectedIdentities: [SERVER], headers: { baggage }, timeoutMs: 2_000 });
    expect(tunnel.peerPrincipal).toBe(SERVER);
    const echoed = new Promise<string>((resolve) => tunnel.stream.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    tunnel.stream.write('SELECT 1;\n');
    expect(await echoed).toBe('SELECT 1;\n');
    tunnel.stream.end();
    expect(tunnels.map((t) => [t.authority, t.peerPrincipal])).toEqual([['127.0.0.7:8080', CLIENT]]);
    expect(parseBaggage(tunnels[0]?.headers.baggage)).toEqual({ namespace: 'web', workload: 'client', app: 'client', version: 'v1' });
  });

  it('refuses a client whose certificate is not from the mesh CA', async () => {
    const mesh = await CertificateAuthority.create('cluster.local');
    const other = await CertificateAuthority.create('cluster.local');
    const { port, tunnels } = await echoServer(mesh);
    const opening = openTunnel({ host: '127.0.0.1', port, localAddress: '127.0.0.1', authority: '127.0.0.7:8080', context: await clientContext(other, mesh), expectedIdentities: [SERVER], timeoutMs: 2_000 });
    await expect(opening).rejects.toThrow();
    expect(tunnels).toEqual([]);
  });

  it('fails secure naming when the server is not the identity expected', async () => {
    const mesh = await CertificateAuthority.create('cluster.local');
    const { port, tunnels } = await echoServer(mesh);
    const opening = openTunnel({ host: '127.0.0.1', port, localAddress: '127.0.0.1', authority: '127.0.0.7:8080', context: await clientContext(mesh, mesh), expectedIdentities: [spiffeId('cluster.local', 'prod', 'other')], timeoutMs: 2_000 });
    await expect(opening).rejects.toMatchObject({ code: 'ERR_SECURE_NAMING' });
    expect(tunnels).toEqual([]);
  });

  it('forwarded carries the host a waypoint routes by', () => {
    expect(forwardedHost(forwardedHeader('127.0.0.3', 'hotels.travel-agency.svc.cluster.local:8000'))).toBe('hotels.travel-agency.svc.cluster.local:8000');
    expect(forwardedHost(forwardedHeader('127.0.0.3', undefined))).toBeUndefined();
  });
});
