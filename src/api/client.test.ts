import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, routeUrl } from './client.js';
import { REVISION_HEADER, routes } from './routes.js';

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('routeUrl', () => {
  it('fills and encodes path parameters and leaves empty query values out', () => {
    expect(routeUrl(routes.configGet, { namespace: 'a b', kind: 'DestinationRule', name: 'x/y' })).toBe('/api/config/a%20b/DestinationRule/x%2Fy');
    expect(routeUrl(routes.posture, undefined, { level: 'port', q: '', notStrict: undefined, limit: 5 })).toBe('/api/posture?level=port&limit=5');
    expect(() => routeUrl(routes.configGet, { namespace: 'a' })).toThrow('missing parameter kind');
  });
});

describe('ApiClient', () => {
  it('sends the CSRF token on writes only, and JSON bodies', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const client = new ApiClient({
      baseUrl: 'http://console',
      csrfToken: () => 'token-1',
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init ?? {} });
        return json(200, { deleted: { kind: 'PeerAuthentication', namespace: 'ns', name: 'default' } });
      },
    });
    await client.call('configDelete', { params: { namespace: 'ns', kind: 'PeerAuthentication', name: 'default' }, query: { resourceVersion: 'v1' } });
    expect(seen[0]?.url).toBe('http://console/api/config/ns/PeerAuthentication/default?resourceVersion=v1');
    expect(seen[0]?.init.headers).toMatchObject({ 'x-csrf-token': 'token-1' });
    expect(seen[0]?.init.body).toBeUndefined();
  });

  it('turns the error shape into an ApiError with code and positions', async () => {
    const client = new ApiClient({ fetch: async () => json(400, { error: { code: 'invalid', message: 'bad', problems: [{ message: 'x', line: 3, column: 7 }] } }) });
    const error = await client.call('configCreate', { body: { yaml: 'a' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid', message: 'bad', problems: [{ line: 3, column: 7 }] });
  });

  it('fails loudly, naming the field, when a response does not match its schema', async () => {
    const client = new ApiClient({ fetch: async () => json(200, { rootNamespace: 'istio-system', mode: 'STRICTEST' }) });
    await expect(client.call('mesh', {})).rejects.toThrow(/GET \/api\/mesh: unexpected response at mode/);
  });

  it('tells the caller which configuration revision an answer was made from', async () => {
    const answer = json(200, { deleted: { kind: 'PeerAuthentication', namespace: 'ns', name: 'default' } });
    answer.headers.set(REVISION_HEADER, '7');
    const heard: number[] = [];
    await new ApiClient({ fetch: async () => answer }).call('configDelete', { params: { namespace: 'ns', kind: 'PeerAuthentication', name: 'default' } }, { revision: (r) => heard.push(r) });
    expect(heard).toEqual([7]);
  });

  it('reports an unreachable server as a network error', async () => {
    const client = new ApiClient({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await expect(client.call('mesh', {})).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
