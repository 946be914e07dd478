// The inbound sidecar with real sockets and handshakes, one mode at a time (istio-mtls-semantics §1.6).
import { X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, createSecureContext, type ConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot, MtlsEngine, type ServerMode } from '../core/index.js';
import { parseText } from '../documents/parse.js';
import { WorkloadApp } from './apps.js';
import { CertificateAuthority, spiffeId } from './ca.js';
import { InboundListener, type InboundEnvironment } from './sidecar-inbound.js';
import { TelemetryStore } from '../telemetry/embedded/store.js';
import { planWorkloads, type LabWorkload } from './topology.js';
import { WorkloadCertificates } from './workload-certificates.js';

const MESH = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, version: v1}}
    spec: {serviceAccountName: api, containers: [{name: api, ports: [{containerPort: 8080}, {containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{name: http, port: 80, targetPort: 8080}, {name: tcp-db, port: 5432, targetPort: 5432}]}
`;

const CLIENT_ID = spiffeId('cluster.local', 'web', 'client');

let mode: ServerMode = 'PERMISSIVE';
let api: LabWorkload;
let telemetry: TelemetryStore;
let meshCa: CertificateAuthority;
let clientCert: { key: string; cert: string };
const listeners: InboundListener[] = [];
const ports = new Map<number, number>();

beforeAll(async () => {
  const { objects } = parseText(MESH, 'mesh.yaml');
  [api] = planWorkloads(new MtlsEngine(buildSnapshot(objects)), new Map()) as [LabWorkload];
  meshCa = await CertificateAuthority.create('cluster.local');
  const appCa = await CertificateAuthority.create('apps');
  const certificates = new WorkloadCertificates(meshCa, 3_600_000);
  await certificates.ensure([api.spiffeId]);
  const issued = await meshCa.issue({ uris: [CLIENT_ID], lifetimeMs: 3_600_000 });
  clientCert = { key: issued.keyPem, cert: issued.certPem };
  const appCert = await appCa.issue({ commonName: 'app', lifetimeMs: 3_600_000 });
  telemetry = new TelemetryStore();
  const env: InboundEnvironment = {
    mode: () => mode,
    trustDomains: () => ['cluster.local'],
    minTlsVersion: () => 'TLSv1.2',
    certificates,
    rootCertificate: () => new X509Certificate(meshCa.rootPem),
    telemetry,
  };
  const app = new WorkloadApp({ workload: 'api', namespace: 'shop' }, createSecureContext({ key: appCert.keyPem, cert: appCert.certPem }));
  for (const port of api.ports) {
    const listener = new InboundListener(api, port, app, env);
    listeners.push(listener);
    ports.set(port.targetPort, await listener.listen('127.0.0.2', 0));
  }
});

afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
});

type Reply = { status: number } | { error: string };

/** GET / over plaintext, or over TLS with `tls` options; resolves with the status or the error code. */
function get(tls?: ConnectionOptions): Promise<Reply> {
  const port = ports.get(8080) ?? 0;
  return new Promise((resolve) => {
    const socket = tls ? tlsConnect({ host: '127.0.0.2', port, rejectUnauthorized: false, ...tls }) : netConnect({ host: '127.0.0.2', port });
    const req = request({ createConnection: () => socket, path: '/', headers: { host: 'api.shop.svc.cluster.local', connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    // EPROTO carries OpenSSL's reason only in the message.
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code === 'EPROTO' ? error.message : (error.code ?? error.message) }));
    req.end();
  });
}

/** Sends bytes to the TCP port (optionally over TLS) and resolves with what came back before the close. */
function echo(tls?: ConnectionOptions): Promise<string> {
  const port = ports.get(5432) ?? 0;
  return new Promise((resolve) => {
    let received = '';
    const socket = tls ? tlsConnect({ host: '127.0.0.2', port, rejectUnauthorized: false, ...tls }) : netConnect({ host: '127.0.0.2', port });
    socket.on(tls ? 'secureConnect' : 'connect', () => socket.write('ping'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      if (received.length >= 4) socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`));
    socket.on('close', () => resolve(received));
  });
}

const meshMtls = (): ConnectionOptions => ({ ...clientCert, ca: meshCa.rootPem, ALPNProtocols: ['istio-http/1.1', 'istio'], checkServerIdentity: () => undefined, rejectUnauthorized: true });

function destinationRequests(csp: string): number {
  return telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', connection_security_policy: csp } })[0]?.value ?? 0;
}

describe('STRICT', () => {
  it('resets plaintext and reports nothing server-side', async () => {
    mode = 'STRICT';
    const before = telemetry.render();
    expect(await get()).toEqual({ error: 'ECONNRESET' });
    expect(telemetry.render()).toBe(before);
  });

  it('accepts mesh mTLS and reports mutual_tls with both principals', async () => {
    mode = 'STRICT';
    expect(await get(meshMtls())).toEqual({ status: 200 });
    const [series] = telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', connection_security_policy: 'mutual_tls' }, by: ['source_principal', 'destination_principal', 'destination_service'] });
    expect(series?.labels).toEqual({ source_principal: CLIENT_ID, destination_principal: api.spiffeId, destination_service: 'api.shop.svc.cluster.local' });
  });

  it('fails TLS without a client certificate', async () => {
    mode = 'STRICT';
    expect(await get({ ALPNProtocols: ['istio'] })).toEqual({ error: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  });

  it('closes a connection whose certificate is from another root', async () => {
    mode = 'STRICT';
    const other = await CertificateAuthority.create('cluster.local');
    const foreign = await other.issue({ uris: [CLIENT_ID], lifetimeMs: 60_000 });
    expect(await get({ key: foreign.keyPem, cert: foreign.certPem, ALPNProtocols: ['istio'] })).not.toHaveProperty('status');
  });

  it('closes a connection whose SPIFFE ID is in another trust domain', async () => {
    mode = 'STRICT';
    const stranger = await meshCa.issue({ uris: [spiffeId('other.domain', 'web', 'client')], lifetimeMs: 60_000 });
    expect(await get({ key: stranger.keyPem, cert: stranger.certPem, ALPNProtocols: ['istio'] })).not.toHaveProperty('status');
  });
});

describe('PERMISSIVE', () => {
  it('accepts plaintext, reported as none with unknown principals', async () => {
    mode = 'PERMISSIVE';
    const before = destinationRequests('none');
    expect(await get()).toEqual({ status: 200 });
    expect(destinationRequests('none')).toBe(before + 1);
  });

  it('terminates TLS that offers an Istio ALPN as mesh mTLS', async () => {
    mode = 'PERMISSIVE';
    const before = destinationRequests('mutual_tls');
    expect(await get(meshMtls())).toEqual({ status: 200 });
    expect(destinationRequests('mutual_tls')).toBe(before + 1);
  });

  it('closes TLS without an Istio ALPN on a declared-HTTP port', async () => {
    mode = 'PERMISSIVE';
    expect(await get({})).toEqual({ error: 'ECONNRESET' });
  });

  it('passes TLS without an Istio ALPN through to the app on a TCP port', async () => {
    mode = 'PERMISSIVE';
    expect(await echo({})).toBe('ping');
    expect(await echo()).toBe('ping');
  });
});

describe('DISABLE', () => {
  it('accepts plaintext', async () => {
    mode = 'DISABLE';
    expect(await get()).toEqual({ status: 200 });
  });

  it('answers TLS on a declared-HTTP port with the HTTP codec: 400 DPE, the client sees a broken handshake', async () => {
    mode = 'DISABLE';
    expect(await get(meshMtls())).toEqual({ error: expect.stringContaining('wrong version number') });
    const dpe = telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', response_flags: 'DPE' }, by: ['response_code'] });
    expect(dpe).toEqual([{ labels: { response_code: '400' }, value: 1 }]);
  });

  it('forwards TLS bytes to the app on a TCP port (this app answers TLS with its own certificate)', async () => {
    mode = 'DISABLE';
    expect(await echo({})).toBe('ping');
  });
});

describe('no sidecar', () => {
  it('the app owns the port: plaintext works and nothing is reported', async () => {
    mode = 'NONE';
    const before = telemetry.render();
    expect(await get()).toEqual({ status: 200 });
    expect(telemetry.render()).toBe(before);
  });
});

describe('config changes', () => {
  it('take effect on the next connection', async () => {
    mode = 'PERMISSIVE';
    expect(await get()).toEqual({ status: 200 });
    mode = 'STRICT';
    expect(await get()).toEqual({ error: 'ECONNRESET' });
    mode = 'PERMISSIVE';
    expect(await get()).toEqual({ status: 200 });
  });
});
