// The console's own security: headers, CSRF, Host and Origin checks whatever the bind address, the trusted
// proxy, HTTPS, size limits, and errors without stacks but with a request id in the log. The F-numbers are
// the findings of the reliability review these tests keep fixed (docs/security.md).
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../api/schemas.js';
import { CertificateAuthority } from '../lab/ca.js';
import type { ConfigSource } from '../sources/config-source.js';
import { LiveMesh } from '../sources/live-mesh.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { createServer } from './create-server.js';

let c: TestConsole;
beforeEach(async () => {
  c = await testConsole();
});
afterEach(async () => {
  await c.close();
});

const URL = '/api/config/istio-system/ConfigMap/istio';
const codeOf = (body: unknown) => ApiErrorBody.parse(body).error.code;

async function currentVersion(): Promise<{ yaml: string; resourceVersion: string }> {
  return (await c.app.inject({ url: URL })).json();
}

describe('security headers', () => {
  it('every response has a strict CSP and the other headers; API answers are not cached', async () => {
    for (const url of ['/api/mesh', '/api/nope']) {
      const response = await c.app.inject({ url });
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': 'no-store',
      });
    }
  });
});

describe('state-changing requests', () => {
  it('need the session CSRF token', async () => {
    const { yaml, resourceVersion } = await currentVersion();
    const payload = { yaml, resourceVersion };
    const missing = await c.app.inject({ method: 'PUT', url: URL, headers: { 'content-type': 'application/json' }, payload });
    expect(missing.statusCode).toBe(403);
    expect(codeOf(missing.json())).toBe('forbidden');
    const wrong = await c.app.inject({ method: 'PUT', url: URL, headers: { 'content-type': 'application/json', 'x-csrf-token': 'guess' }, payload });
    expect(wrong.statusCode).toBe(403);
    expect((await c.app.inject({ method: 'PUT', url: URL, headers: c.headers, payload })).statusCode).toBe(200);
  });

  it('are refused from another origin, even with the token', async () => {
    const { yaml, resourceVersion } = await currentVersion();
    const response = await c.app.inject({ method: 'PUT', url: URL, headers: { ...c.headers, origin: 'http://evil.example' }, payload: { yaml, resourceVersion } });
    expect(response.statusCode).toBe(403);
    expect(ApiErrorBody.parse(response.json()).error.message).toContain('cross-origin');
  });

  it('must be JSON (415 otherwise), well-formed (400) and at most 1 MiB (413)', async () => {
    const form = await c.app.inject({ method: 'POST', url: '/api/config', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': c.csrfToken }, payload: 'yaml=a' });
    expect([form.statusCode, codeOf(form.json())]).toEqual([415, 'unsupported-media-type']);
    const malformed = await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: '{"yaml": ' });
    expect([malformed.statusCode, codeOf(malformed.json())]).toEqual([400, 'bad-request']);
    const huge = await c.app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ yaml: 'x'.repeat(1024 * 1024 + 1) }) });
    expect([huge.statusCode, codeOf(huge.json())]).toEqual([413, 'too-large']);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('a console on loopback answers only to a loopback Host', async () => {
    const rebinding = await c.app.inject({ url: '/api/mesh', headers: { host: 'attacker.example:20001' } });
    expect(rebinding.statusCode).toBe(403);
    for (const host of ['127.0.0.1:20001', 'localhost:20001', '[::1]:20001', '127.0.0.2:20001']) expect((await c.app.inject({ url: '/api/mesh', headers: { host } })).statusCode).toBe(200);
  });

  it('refuses Host values that are not one name and a port, whatever a parser might read in them', async () => {
    for (const host of ['127.0.0.1:1@evil.example', '[::1].evil.example', '[::1]evil.example', '127.0.0.1:20001, evil.example', '127.0.0.1.evil.example', 'localhost.']) {
      expect((await c.app.inject({ url: '/api/session', headers: { host } })).statusCode, host).toBe(403);
    }
  });

  it('stays on when bound to every interface (F2): a rebinding page can neither read the token nor write', async () => {
    const app = await createServer({ mesh: c.live, host: '0.0.0.0' });
    try {
      const foreign = { host: 'evil.example:20001', origin: 'http://evil.example:20001' };
      const session = await app.inject({ url: '/api/session', headers: foreign });
      expect(session.statusCode).toBe(403);
      expect(ApiErrorBody.parse(session.json()).error.message).toContain('--allowed-host');
      const token = (await app.inject({ url: '/api/session', headers: { host: 'localhost:20001' } })).json<{ csrfToken: string }>().csrfToken;
      const write = await app.inject({
        method: 'POST',
        url: '/api/config',
        headers: { ...foreign, 'content-type': 'application/json', 'x-csrf-token': token },
        payload: { yaml: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: travel-portal}\nspec: {mtls: {mode: DISABLE}}\n' },
      });
      expect(write.statusCode).toBe(403);
      expect(c.live.current.snapshot.objects.some((o) => o.kind === 'PeerAuthentication' && o.namespace === 'travel-portal')).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('answers the bound address and the names given with --allowed-host, and nothing else', async () => {
    const app = await createServer({ mesh: c.live, host: '10.1.2.3', allowedHosts: ['Meshlock.Example.com'] });
    try {
      for (const host of ['10.1.2.3:20001', 'meshlock.example.com', 'meshlock.example.com:443', 'localhost:20001']) expect((await app.inject({ url: '/api/mesh', headers: { host } })).statusCode, host).toBe(200);
      for (const host of ['10.1.2.4:20001', 'evil.example', 'meshlock.example.com.evil.example']) expect((await app.inject({ url: '/api/mesh', headers: { host } })).statusCode, host).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe('--trusted-proxy (F2)', () => {
  it('answers only requests from the proxy network with 401 for the rest; probes reach /livez and /healthz', async () => {
    const app = await createServer({ mesh: c.live, host: '0.0.0.0', trustedProxy: { networks: ['10.0.0.0/8', 'fd00::/8'] } });
    try {
      const from = (remoteAddress: string, url = '/api/mesh') => app.inject({ url, remoteAddress, headers: { host: 'localhost' } });
      expect((await from('10.20.30.40')).statusCode).toBe(200);
      expect((await from('::ffff:10.20.30.40')).statusCode).toBe(200);
      expect((await from('fd00::1')).statusCode).toBe(200);
      const around = await from('192.168.1.5');
      expect(around.statusCode).toBe(401);
      expect(ApiErrorBody.parse(around.json()).error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('trusted proxy') });
      expect((await from('127.0.0.1')).statusCode).toBe(401);
      for (const url of ['/livez', '/healthz']) expect((await from('192.168.1.5', url)).statusCode, url).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('HTTPS (F2)', () => {
  it('serves TLS with --tls-cert/--tls-key and, with a proxy CA, answers only clients holding a certificate it signed', async () => {
    const ca = await CertificateAuthority.create('meshlock test proxy CA');
    const other = await CertificateAuthority.create('someone else');
    const server = await ca.issue({ commonName: 'localhost', dnsNames: ['localhost'], lifetimeMs: 3600_000 });
    const proxy = await ca.issue({ commonName: 'proxy', lifetimeMs: 3600_000 });
    const stranger = await other.issue({ commonName: 'stranger', lifetimeMs: 3600_000 });
    const app = await createServer({ mesh: c.live, tls: { cert: server.certPem, key: server.keyPem, clientCa: ca.rootPem }, trustedProxy: { clientCertificate: true } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const port = (app.server.address() as AddressInfo).port;
      const get = (client?: { certPem: string; keyPem: string }) =>
        new Promise<number>((resolve, reject) => {
          const req = httpsRequest({ host: '127.0.0.1', port, path: '/api/mesh', servername: 'localhost', headers: { host: `localhost:${port}` }, ca: ca.rootPem, ...(client && { cert: client.certPem, key: client.keyPem }) }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await get(proxy)).toBe(200);
      expect(await get()).toBe(401);
      expect(await get(stranger)).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe('internal errors (F11)', () => {
  it('are a 500 with a request id and no stack trace, and the server log has the details under that id', async () => {
    const broken: ConfigSource = {
      description: 'broken',
      readOnlyReason: undefined,
      ready: () => Promise.resolve(),
      contents: () => c.source.contents(),
      subscribe: () => () => undefined,
      write: () => Promise.reject(new Error('secret detail at /home/me/file.ts:12')),
      writeAccess: () => Promise.resolve(undefined),
      status: () => undefined,
      close: () => Promise.resolve(),
    };
    const log: string[] = [];
    const app = await createServer({ mesh: new LiveMesh(broken), errorLog: (line) => log.push(line) });
    try {
      const token = (await app.inject({ url: '/api/session' })).json<{ csrfToken: string }>().csrfToken;
      const response = await app.inject({ method: 'PUT', url: URL, headers: { 'content-type': 'application/json', 'x-csrf-token': token }, payload: { yaml: 'a: 1', resourceVersion: 'v' } });
      expect(response.statusCode).toBe(500);
      const { code, message } = ApiErrorBody.parse(response.json()).error;
      expect(code).toBe('internal');
      const id = /^internal error \(request ([0-9a-f]{8}-[0-9a-z]+)\); the server log has the details$/.exec(message)?.[1];
      expect(id, message).toBeDefined();
      expect(response.body).not.toContain('secret');
      expect(log).toHaveLength(1);
      expect(log[0]).toContain(`request ${id} (PUT ${URL}) failed: Error: secret detail at /home/me/file.ts:12`);
      expect(log[0]).toMatch(/\n\s+at /);
    } finally {
      await app.close();
    }
  });
});
