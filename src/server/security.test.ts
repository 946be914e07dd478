// The console's own security: headers, CSRF, Host and Origin checks, size limits, and errors without stacks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../api/schemas.js';
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

describe('Host check', () => {
  it('a console on loopback answers only to a loopback Host (DNS rebinding)', async () => {
    const rebinding = await c.app.inject({ url: '/api/mesh', headers: { host: 'attacker.example:20001' } });
    expect(rebinding.statusCode).toBe(403);
    for (const host of ['127.0.0.1:20001', 'localhost:20001', '[::1]:20001']) expect((await c.app.inject({ url: '/api/mesh', headers: { host } })).statusCode).toBe(200);
  });
});

describe('internal errors', () => {
  it('are a 500 with a generic message and no stack trace', async () => {
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
    const app = await createServer({ mesh: new LiveMesh(broken) });
    try {
      const token = (await app.inject({ url: '/api/session' })).json<{ csrfToken: string }>().csrfToken;
      const response = await app.inject({ method: 'PUT', url: URL, headers: { 'content-type': 'application/json', 'x-csrf-token': token }, payload: { yaml: 'a: 1', resourceVersion: 'v' } });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'internal', message: 'internal error; the server log has the details' } });
      expect(response.body).not.toContain('secret');
    } finally {
      await app.close();
    }
  });
});
