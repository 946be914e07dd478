// `--auth anonymous|token|header`: whose identity a console request reads the cluster with. `anonymous`
// shares meshlock's own service account; `token` and `header` use the person's bearer token, so what they
// may not list they do not see, and their edits are theirs in the audit log. Each token gets its own
// KubeSource (with its own 403s and forbidden namespaces), kept in a small pool and closed when idle.
import { createHash } from 'node:crypto';
import type { Credential } from './kube-config.js';
import type { KubeSource } from './kube-source.js';

export type AuthMode = 'anonymous' | 'token' | 'header';

export const AUTH_MODES: readonly AuthMode[] = ['anonymous', 'token', 'header'];

/** oauth2-proxy's header with `--pass-access-token`; with `--set-authorization-header` it is Authorization. */
export const ACCESS_TOKEN_HEADER = 'x-forwarded-access-token';

export type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

export type CredentialResult = { readonly credential: Credential } | { readonly error: string };

function single(value: string | readonly string[] | undefined): string | undefined {
  const text = typeof value === 'string' ? value : value?.[0];
  return text?.trim() ? text.trim() : undefined;
}

function bearer(headers: Headers): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(single(headers.authorization) ?? '')?.[1];
}

/**
 * The credential for one request. `sessionToken` is the token a person signed in with, when the server keeps
 * it; `tokenHeader` is the header a trusted proxy puts the token in (`--auth-header`, lower case).
 */
export function credentialForRequest(mode: AuthMode, headers: Headers, sessionToken?: string, tokenHeader: string = ACCESS_TOKEN_HEADER): CredentialResult {
  if (mode === 'anonymous') return { credential: { type: 'kubeconfig' } };
  if (mode === 'token') {
    const token = sessionToken ?? bearer(headers);
    return token ? { credential: { type: 'token', token } } : { error: 'sign in with a Kubernetes bearer token (meshlock was started with --auth token)' };
  }
  // Only a trusted reverse proxy may set these: the console must not be reachable around it.
  const token = single(headers[tokenHeader]) ?? bearer(headers);
  return token
    ? { credential: { type: 'token', token } }
    : { error: `the reverse proxy sent neither ${tokenHeader} nor Authorization: Bearer; run oauth2-proxy with --pass-access-token (or --set-authorization-header)` };
}

export interface SourcePoolOptions {
  /** Sources kept at once; the least recently used is closed beyond this (default 16). */
  readonly maxSources?: number;
  /** A source unused this long is closed (default 10 minutes). */
  readonly idleMs?: number;
  readonly now?: () => number;
}

/** The key never holds the token itself, so a heap dump or a log line of keys does not leak it. */
function keyOf(credential: Credential): string {
  return credential.type === 'kubeconfig' ? 'kubeconfig' : `token:${createHash('sha256').update(credential.token).digest('hex')}`;
}

export class SourcePool {
  private readonly sources = new Map<string, { source: KubeSource; usedAt: number }>();
  private readonly create: (credential: Credential) => KubeSource;
  private readonly maxSources: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(create: (credential: Credential) => KubeSource, options: SourcePoolOptions = {}) {
    this.create = create;
    this.maxSources = options.maxSources ?? 16;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The source for this credential, started on first use; await its ready() before reading. */
  get(credential: Credential): KubeSource {
    const now = this.now();
    this.evictIdle(now);
    const key = keyOf(credential);
    const found = this.sources.get(key);
    if (found) {
      // Re-inserted so the map's order stays least-recently-used first.
      this.sources.delete(key);
      this.sources.set(key, { source: found.source, usedAt: now });
      return found.source;
    }
    const source = this.create(credential);
    this.sources.set(key, { source, usedAt: now });
    while (this.sources.size > this.maxSources) {
      const [oldest, entry] = this.sources.entries().next().value!;
      this.sources.delete(oldest);
      void entry.source.close();
    }
    return source;
  }

  get size(): number {
    return this.sources.size;
  }

  async close(): Promise<void> {
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.all(all.map((e) => e.source.close()));
  }

  private evictIdle(now: number): void {
    for (const [key, entry] of this.sources) {
      if (now - entry.usedAt < this.idleMs) continue;
      this.sources.delete(key);
      void entry.source.close();
    }
  }
}
