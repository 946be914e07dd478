// `--auth anonymous|token|header`: whose identity a console request reads the cluster with. `anonymous`
// shares meshlock's own service account; `token` and `header` use the person's bearer token, so what they
// may not list they do not see, and their edits are theirs in the audit log. Each token gets its own
// KubeSource (with its own 403s and forbidden namespaces), kept in a small pool and closed when idle; a token
// gets one only after the API server said it knows it.
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { configFor, type Credential } from './kube-config.js';
import type { KubeSource } from './kube-source.js';
import { ACCESS_TOKEN_HEADER, type AuthMode } from './auth-modes.js';
import { kubeTransport } from './transport.js';

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

/** What the API server said of a token: it knows who it is, or it does not (401). */
export type TokenVerdict = 'authenticated' | 'unauthenticated';

/** One cheap request with the token; throws when the API server cannot be asked. */
export type TokenCheck = (credential: Credential) => Promise<TokenVerdict>;

/** The token is not one the API server knows: the request gets 401 and no source is made for it. */
export class UnauthenticatedError extends Error {}

/**
 * Asks the API server whether it knows the token with one SelfSubjectAccessReview ("may I list namespaces?"):
 * 401 means it does not; any answer (allowed or not) means it does. Served by every Kubernetes version and by
 * the fake API server of the tests.
 */
export function selfAccessReviewCheck(kubeConfig: KubeConfig, timeoutMs = 10_000): TokenCheck {
  return async (credential) => {
    const transport = kubeTransport(configFor(kubeConfig, credential));
    const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'namespaces' } } };
    const response = await transport.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body, timeoutMs });
    if (response.status === 401) return 'unauthenticated';
    if (response.status < 500) return 'authenticated';
    throw new Error(`the API server did not answer the token check (HTTP ${response.status})`);
  };
}

export interface SourcePoolOptions {
  /** Sources kept at once; the least recently used is closed beyond this (default 16). */
  readonly maxSources?: number;
  /** A source unused this long is closed (default 10 minutes). */
  readonly idleMs?: number;
  /** Asked once per new token before a source is made for it; without it every token is taken as it comes. */
  readonly check?: TokenCheck;
  /** How long a verdict on a token is kept (default 30 s): a flood of one made-up token costs one request. */
  readonly verdictMs?: number;
  readonly now?: () => number;
}

/** The key never holds the token itself, so a heap dump or a log line of keys does not leak it. */
function keyOf(credential: Credential): string {
  return credential.type === 'kubeconfig' ? 'kubeconfig' : `token:${createHash('sha256').update(credential.token).digest('hex')}`;
}

/** Verdicts kept at once; beyond this the oldest go first (a flood of distinct made-up tokens stays bounded). */
const MAX_VERDICTS = 1_000;

/**
 * One KubeSource per signed-in person. A token is checked with the API server before a source is made for it,
 * so made-up tokens cost one cheap request (then nothing, for a while) and never take a place in the pool
 * from someone signed in.
 */
export class SourcePool {
  private readonly sources = new Map<string, { source: KubeSource; usedAt: number }>();
  private readonly verdicts = new Map<string, { verdict: TokenVerdict; at: number }>();
  private readonly checking = new Map<string, Promise<TokenVerdict>>();
  private readonly create: (credential: Credential) => KubeSource;
  private readonly maxSources: number;
  private readonly idleMs: number;
  private readonly verdictMs: number;
  private readonly check: TokenCheck | undefined;
  private readonly now: () => number;

  constructor(create: (credential: Credential) => KubeSource, options: SourcePoolOptions = {}) {
    this.create = create;
    this.maxSources = options.maxSources ?? 16;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.verdictMs = options.verdictMs ?? 30_000;
    this.check = options.check;
    this.now = options.now ?? (() => performance.now());
  }

  /** The pooled source of this credential, if it has one (never starts anything). */
  peek(credential: Credential): KubeSource | undefined {
    return this.sources.get(keyOf(credential))?.source;
  }

  /** The kept verdict on this credential's token, while it is fresh. */
  verdictOf(credential: Credential): TokenVerdict | undefined {
    const kept = this.verdicts.get(keyOf(credential));
    return kept && this.now() - kept.at < this.verdictMs ? kept.verdict : undefined;
  }

  /** The source for this credential, started on first use; await its ready() before reading. Throws UnauthenticatedError. */
  async get(credential: Credential): Promise<KubeSource> {
    const key = keyOf(credential);
    const pooled = this.touch(key);
    if (pooled) return pooled;
    if ((await this.verdict(key, credential)) === 'unauthenticated') throw new UnauthenticatedError('the API server does not know this token (401); sign in again');
    // Another request may have made the source while this one waited for the check.
    const made = this.touch(key);
    if (made) return made;
    const source = this.create(credential);
    this.sources.set(key, { source, usedAt: this.now() });
    while (this.sources.size > this.maxSources) {
      const [oldest, entry] = this.sources.entries().next().value!;
      this.sources.delete(oldest);
      void entry.source.close();
    }
    return source;
  }

  /**
   * A source whose first sync failed: asked again, without the kept verdict, whether the API server knows the
   * token. If it does not (revoked, expired), the source is closed and dropped; returns whether that happened.
   */
  async dropIfUnauthenticated(credential: Credential, source: KubeSource): Promise<boolean> {
    const key = keyOf(credential);
    this.verdicts.delete(key);
    if ((await this.verdict(key, credential).catch(() => 'authenticated' as const)) === 'authenticated') return false;
    if (this.sources.get(key)?.source === source) this.sources.delete(key);
    await source.close();
    return true;
  }

  get size(): number {
    return this.sources.size;
  }

  async close(): Promise<void> {
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.all(all.map((e) => e.source.close()));
  }

  private touch(key: string): KubeSource | undefined {
    const now = this.now();
    this.evictIdle(now);
    const found = this.sources.get(key);
    if (!found) return undefined;
    // Re-inserted so the map's order stays least-recently-used first.
    this.sources.delete(key);
    this.sources.set(key, { source: found.source, usedAt: now });
    return found.source;
  }

  /** The kept verdict, or one request to the API server shared by every request that waits for it. */
  private async verdict(key: string, credential: Credential): Promise<TokenVerdict> {
    if (!this.check || credential.type === 'kubeconfig') return 'authenticated';
    const kept = this.verdicts.get(key);
    if (kept && this.now() - kept.at < this.verdictMs) return kept.verdict;
    let pending = this.checking.get(key);
    if (!pending) {
      pending = this.check(credential).finally(() => this.checking.delete(key));
      this.checking.set(key, pending);
    }
    const verdict = await pending;
    this.verdicts.delete(key);
    this.verdicts.set(key, { verdict, at: this.now() });
    if (this.verdicts.size > MAX_VERDICTS) this.verdicts.delete(this.verdicts.keys().next().value!);
    return verdict;
  }

  private evictIdle(now: number): void {
    for (const [key, entry] of this.sources) {
      if (now - entry.usedAt < this.idleMs) continue;
      this.sources.delete(key);
      void entry.source.close();
    }
  }
}
