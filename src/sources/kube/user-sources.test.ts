import { describe, expect, it } from 'vitest';
import type { Credential } from './kube-config.js';
import type { KubeSource } from './kube-source.js';
import { ACCESS_TOKEN_HEADER, credentialForRequest, SourcePool } from './user-sources.js';

describe('credentialForRequest', () => {
  it('anonymous: meshlock’s own credential for everyone', () => {
    expect(credentialForRequest('anonymous', { authorization: 'Bearer someone' })).toEqual({ credential: { type: 'kubeconfig' } });
  });

  it('token: the token the person signed in with, else their Authorization header', () => {
    expect(credentialForRequest('token', {}, 'signed-in')).toEqual({ credential: { type: 'token', token: 'signed-in' } });
    expect(credentialForRequest('token', { authorization: 'Bearer abc' })).toEqual({ credential: { type: 'token', token: 'abc' } });
    expect(credentialForRequest('token', {})).toEqual({ error: expect.stringContaining('sign in') });
  });

  it('header: the token a trusted proxy (oauth2-proxy) forwards', () => {
    expect(credentialForRequest('header', { [ACCESS_TOKEN_HEADER]: 'from-proxy' })).toEqual({ credential: { type: 'token', token: 'from-proxy' } });
    expect(credentialForRequest('header', { authorization: 'Bearer set-by-proxy' })).toEqual({ credential: { type: 'token', token: 'set-by-proxy' } });
    expect(credentialForRequest('header', { authorization: 'Basic eDp5' })).toEqual({ error: expect.stringContaining('--pass-access-token') });
  });
});

describe('SourcePool', () => {
  function pool(options: { maxSources?: number; idleMs?: number } = {}) {
    let now = 0;
    const created: Credential[] = [];
    const closed: Credential[] = [];
    const sources = new SourcePool(
      (credential) => {
        created.push(credential);
        return { close: async () => void closed.push(credential) } as unknown as KubeSource;
      },
      { ...options, now: () => now },
    );
    return { sources, created, closed, advance: (ms: number) => (now += ms) };
  }
  const token = (t: string): Credential => ({ type: 'token', token: t });

  it('keeps one source per token', () => {
    const { sources, created } = pool();
    expect(sources.get(token('a'))).toBe(sources.get(token('a')));
    sources.get(token('b'));
    expect(created).toHaveLength(2);
  });

  it('closes the least recently used beyond the limit, and idle ones', () => {
    const { sources, closed, advance } = pool({ maxSources: 2, idleMs: 1_000 });
    sources.get(token('a'));
    sources.get(token('b'));
    sources.get(token('a'));
    sources.get(token('c'));
    expect(closed).toEqual([token('b')]);
    advance(2_000);
    sources.get(token('d'));
    expect(closed).toEqual([token('b'), token('a'), token('c')]);
    expect(sources.size).toBe(1);
  });
});
