// Serves the built web app (vite build → dist/web) on the API's port. Every path that is not an API route
// or a file gets index.html, so the app's own routes survive a reload. index.html is sent with a fresh CSP
// nonce each time, which the app hands to CodeMirror for its <style> element.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastifyStatic } from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';
import { contentSecurityPolicy, newToken } from './security.js';

/** index.html carries `<meta name="csp-nonce" content="">`; the server fills it in. */
const NONCE_SLOT = '<meta name="csp-nonce" content="" />';

export async function installWebApp(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  const indexFile = webRoot === undefined ? undefined : join(webRoot, 'index.html');
  const index = indexFile && existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
  if (webRoot !== undefined && index !== undefined) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: false,
      // One route that looks a file up when it is asked for, not a route per file: registering those walked
      // dist/web and added 134 routes before the server could listen. A path that is no file, a directory
      // or index.html falls through to the not-found handler below, as an unknown path did before.
      wildcard: true,
      allowedPath: (path) => path !== '/index.html' && !path.endsWith('/'),
      cacheControl: false,
      // Vite puts a content hash in every asset name, so an asset never changes under the same URL.
      setHeaders: (res, path) => res.setHeader('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return reply.status(404).send(errorBody('not-found', `no API route ${request.method} ${request.url.split('?')[0]}`));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply.status(404).send(errorBody('not-found', `no route ${request.method} ${request.url}`));
    if (index === undefined) return reply.status(503).type('text/plain; charset=utf-8').send('The meshlock web app is not built. Run `npm run build`, then start the server again.\n');
    const nonce = newToken(16);
    return reply
      .header('content-security-policy', contentSecurityPolicy(nonce))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(index.replace(NONCE_SLOT, `<meta name="csp-nonce" content="${nonce}" />`));
  });
}
