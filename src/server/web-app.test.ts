// The built web app on the API's port: index.html for every app route (with a fresh CSP nonce), assets
// from the build, and a clear message when the app is not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testConsole, type TestConsole } from '../testing/console-server.js';

let c: TestConsole | undefined;
const builds: string[] = [];
afterEach(async () => {
  await c?.close();
  c = undefined;
  for (const dir of builds.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A built app's files in a new directory under `parent`. */
function fakeBuild(parent = tmpdir()): string {
  const root = mkdtempSync(join(parent, 'meshlock-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><meta name="csp-nonce" content="" /></head><body><div id="root"></div></body></html>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  builds.push(root);
  return root;
}

describe('web app', () => {
  it('serves index.html for app routes with a per-response style nonce in the meta tag and the CSP', async () => {
    c = await testConsole({ webRoot: fakeBuild() });
    const nonces = [];
    for (const url of ['/', '/istio/travel-agency/DestinationRule/enable-mtls', '/index.html']) {
      const response = await c.app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      const nonce = /<meta name="csp-nonce" content="([^"]+)" \/>/.exec(response.body)?.[1];
      expect(nonce).toBeTruthy();
      expect(response.headers['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(response.headers['content-security-policy']).toContain("script-src 'self';");
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(3);
  });

  it('serves hashed assets as immutable', async () => {
    c = await testConsole({ webRoot: fakeBuild() });
    const asset = await c.app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
  });

  it('looks files up in the build alone: other paths get the app, unknown API paths JSON, files beside it nothing', async () => {
    // The build and a file beside it in a directory of this test's own, not in the shared temp directory.
    const outer = mkdtempSync(join(tmpdir(), 'meshlock-beside-'));
    builds.push(outer);
    const web = fakeBuild(outer);
    writeFileSync(join(outer, 'meshlock-secret.txt'), 'not for the browser');
    c = await testConsole({ webRoot: web });
    for (const url of ['/assets/missing-123.js', '/assets/', '/assets', '/istio/']) {
      const page = await c.app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('<div id="root">');
    }
    for (const url of ['/../meshlock-secret.txt', '/assets/..%2f..%2fmeshlock-secret.txt', '/%2e%2e/meshlock-secret.txt', '/assets/%2e%2e/%2e%2e/meshlock-secret.txt']) {
      expect((await c.app.inject({ url })).body, url).not.toContain('not for the browser');
    }
    const api = await c.app.inject({ url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('says how to build when the app is missing, and API 404s stay JSON', async () => {
    c = await testConsole();
    const page = await c.app.inject({ url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build');
    expect((await c.app.inject({ url: '/api/nothing' })).json()).toMatchObject({ error: { code: 'not-found' } });
    expect((await c.app.inject({ method: 'POST', url: '/somewhere', headers: { 'x-csrf-token': c.csrfToken } })).statusCode).toBe(404);
  });
});
