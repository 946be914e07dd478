import { describe, expect, it } from 'vitest';
import type { Credential } from './kube-config.js';
import type { KubeSource } from './kube-source.js';
import { ACCESS_TOKEN_HEADER } from './auth-modes.js';
import { credentialForRequest, SourcePool, UnauthenticatedError } from './user-sources.js';

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
  function pool(options: { maxSources?: number; idleMs?: number; known?: readonly string[] } = {}) {
    let now = 0;
    const created: Credential[] = [];
    const closed: Credential[] = [];
    const checked: string[] = [];
    const known = options.known;
    const sources = new SourcePool(
      (credential) => {
        created.push(credential);
        return { close: async () => void closed.push(credential) } as unknown as KubeSource;
      },
      {
        ...options,
        now: () => now,
        ...(known && {
          check: async (credential: Credential) => {
            const token = credential.type === 'token' ? credential.token : '';
            checked.push(token);
            return known.includes(token) ? 'authenticated' : 'unauthenticated';
          },
        }),
      },
    );
    return { sources, created, closed, checked, advance: (ms: number) => (now += ms) };
  }
  const token = (t: string): Credential => ({ type: 'token', token: t });

  it('keeps one source per token', async () => {
    const { sources, created } = pool();
    expect(await sources.get(token('a'))).toBe(await sources.get(token('a')));
    await sources.get(token('b'));
    expect(created).toHaveLength(2);
  });

  it('closes the least recently used beyond the limit, and idle ones', async () => {
    const { sources, closed, advance } = pool({ maxSources: 2, idleMs: 1_000 });
    await sources.get(token('a'));
    await sources.get(token('b'));
    await sources.get(token('a'));
    await sources.get(token('c'));
    expect(closed).toEqual([token('b')]);
    advance(2_000);
    await sources.get(token('d'));
    expect(closed).toEqual([token('b'), token('a'), token('c')]);
    expect(sources.size).toBe(1);
  });

  it('checks a new token once, keeps the verdict for a while, and gives made-up tokens no source (F7)', async () => {
    const { sources, created, checked, advance } = pool({ maxSources: 2, known: ['alice', 'bob'] });
    const alice = await sources.get(token('alice'));
    for (let i = 0; i < 50; i++) await expect(sources.get(token(`guess-${i % 5}`))).rejects.toThrow(UnauthenticatedError);
    // Five made-up tokens, each asked about once; alice was never evicted, nothing was made for them.
    expect(checked).toEqual(['alice', 'guess-0', 'guess-1', 'guess-2', 'guess-3', 'guess-4']);
    expect(created).toEqual([token('alice')]);
    expect(await sources.get(token('alice'))).toBe(alice);
    expect(sources.verdictOf(token('guess-0'))).toBe('unauthenticated');
    advance(31_000);
    await expect(sources.get(token('guess-0'))).rejects.toThrow(UnauthenticatedError);
    expect(checked.at(-1)).toBe('guess-0');
  });

  it('asks once for many requests that arrive together with one new token', async () => {
    const { sources, checked, created } = pool({ known: ['alice'] });
    const all = await Promise.all(Array.from({ length: 20 }, () => sources.get(token('alice'))));
    expect(new Set(all).size).toBe(1);
    expect(checked).toEqual(['alice']);
    expect(created).toHaveLength(1);
  });

  it('closes a source whose token the API server no longer knows', async () => {
    const known = ['carol'];
    const { sources, closed } = pool({ known });
    const carol = await sources.get(token('carol'));
    expect(await sources.dropIfUnauthenticated(token('carol'), carol)).toBe(false);
    known.pop();
    expect(await sources.dropIfUnauthenticated(token('carol'), carol)).toBe(true);
    expect(closed).toEqual([token('carol')]);
    expect(sources.size).toBe(0);
  });
});
