// Security of the console itself: strict headers on every response, CSRF protection for state-changing
// requests, a Host check so a DNS-rebinding page cannot talk to the console whatever address it is bound to,
// and, with `--auth header`, a check that requests come through the trusted proxy.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routes } from '../api/routes.js';
import { HttpError } from './errors.js';
import { hostAllowed } from '../net/host-names.js';

/**
 * Scripts and styles only from this origin; no inline script, no frames, no plugins. The page itself gets a
 * per-response nonce for style elements: CodeMirror mounts its theme as a <style> element carrying it.
 * Inline style attributes stay blocked (React and CodeMirror set styles through the CSSOM, which CSP allows).
 */
export function contentSecurityPolicy(styleNonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

function applySecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Validation and what-if change nothing, so they need no token (docs/product.md). */
const TOKEN_FREE = new Set<string>([routes.validate.path, routes.whatif.path]);

/** Probes (kubelet, load balancers) reach these without a token or the proxy; they tell only whether the process serves. */
const HEALTH_PATHS = new Set(['/livez', '/healthz']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A random token for CSRF protection and CSP nonces. */
export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export interface SecurityOptions {
  readonly csrfToken: string;
  /** Host names the console answers to (host-names.ts: loopback names, the bound address, `--allowed-host`). */
  readonly allowedHosts: ReadonlySet<string>;
  /** With `--trusted-proxy`/`--trusted-proxy-ca`: why a request did not come through the proxy, or undefined. */
  readonly notFromProxy?: (request: FastifyRequest) => string | undefined;
}

export function installSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const allowed = [...options.allowedHosts].join(', ');
  app.addHook('onRequest', async (request, reply) => {
    applySecurityHeaders(reply);
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    const host = request.headers.host ?? '';
    if (!hostAllowed(host, options.allowedHosts)) {
      throw new HttpError(403, 'forbidden', `this console answers only to the host names ${allowed}, not ${host || 'an empty Host'}; add one with --allowed-host`);
    }
    const proxyRefusal = HEALTH_PATHS.has(path) ? undefined : options.notFromProxy?.(request);
    if (proxyRefusal) throw new HttpError(401, 'unauthorized', proxyRefusal);
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
      throw new HttpError(403, 'forbidden', `cross-origin request from ${origin} refused`);
    }
    if (TOKEN_FREE.has(path)) return;
    const token = request.headers['x-csrf-token'];
    if (typeof token !== 'string' || !sameToken(token, options.csrfToken)) {
      throw new HttpError(403, 'forbidden', 'missing or wrong X-CSRF-Token header; read the token from GET /api/session');
    }
  });
}
