// The look-alike answers reads as kube-apiserver does, so the bench's comparison figures measure the same
// work: discovery, paged lists, watches with bookmarks and 410 beyond the history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from './server.js';

const SHOP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
`;

const PA_PATH = '/apis/security.istio.io/v1/namespaces/shop/peerauthentications';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let api: FakeKubeApi;

async function call(method: string, path: string, options: { token?: string | null; body?: unknown; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? 'admin'}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(api.url + path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Reads watch events until `count` arrived or the stream ended. */
async function watchEvents(path: string, count: number, during?: () => void): Promise<{ type: string; object: Record<string, unknown> }[]> {
  const response = await fetch(api.url + path, { headers: { authorization: 'Bearer admin' } });
  const reader = response.body!.getReader();
  const events: { type: string; object: Record<string, unknown> }[] = [];
  let buffer = '';
  during?.();
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += Buffer.from(value).toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line) events.push(JSON.parse(line) as { type: string; object: Record<string, unknown> });
  }
  await reader.cancel();
  return events;
}

const meta = (answer: Answer) => answer.body.metadata as Record<string, string>;

beforeEach(async () => {
  api = await startFakeKubeApi({ bookmarkIntervalMs: 50 });
  api.load(SHOP);
});

afterEach(async () => {
  await api.close();
});

describe('discovery', () => {
  it('serves /api, /apis, groups and resource lists, preferring v1', async () => {
    expect((await call('GET', '/api')).body.versions).toEqual(['v1']);
    const groups = (await call('GET', '/apis')).body.groups as { name: string; preferredVersion: { version: string } }[];
    expect(groups.find((g) => g.name === 'networking.istio.io')?.preferredVersion.version).toBe('v1');
    const resources = (await call('GET', '/apis/security.istio.io/v1')).body.resources as { name: string; kind: string; namespaced: boolean }[];
    expect(resources).toContainEqual(expect.objectContaining({ name: 'peerauthentications', kind: 'PeerAuthentication', namespaced: true }));
    expect((await call('GET', '/api/v1')).body.resources).toContainEqual(expect.objectContaining({ name: 'namespaces', namespaced: false }));
  });
});

describe('lists', () => {
  it('carry the global resourceVersion; built-in items have no kind, custom resources keep theirs', async () => {
    const deployments = await call('GET', '/apis/apps/v1/deployments');
    expect(meta(deployments).resourceVersion).toBe(String(api.resourceVersion));
    const [cart] = deployments.body.items as Record<string, unknown>[];
    expect(cart).not.toHaveProperty('kind');
    expect(cart!.metadata).toMatchObject({ name: 'cart', namespace: 'shop', uid: expect.any(String), creationTimestamp: expect.stringMatching(/Z$/) });
    const policies = await call('GET', PA_PATH);
    expect((policies.body.items as Record<string, unknown>[])[0]).toMatchObject({ kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1' });
  });

  it('page with limit and continue, consistently at the first page’s version', async () => {
    for (let i = 0; i < 5; i++) api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'shop' }, spec: {} });
    const first = await call('GET', '/api/v1/services?limit=2');
    expect((first.body.items as unknown[]).length).toBe(2);
    api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'shop' }, spec: {} });
    const names: string[] = [];
    let page = first;
    for (let i = 0; i < 10; i++) {
      names.push(...(page.body.items as { metadata: { name: string } }[]).map((s) => s.metadata.name));
      const next = meta(page).continue;
      if (!next) break;
      page = await call('GET', `/api/v1/services?limit=2&continue=${next}`);
      expect(meta(page).resourceVersion).toBe(meta(first).resourceVersion);
    }
    expect(names).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('answer 410 to a continue token whose version left the history', async () => {
    const small = await startFakeKubeApi({ historyLimit: 2 });
    try {
      small.load(SHOP);
      for (let i = 0; i < 3; i++) small.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'shop' }, spec: {} });
      const first = await fetch(`${small.url}/api/v1/services?limit=1`, { headers: { authorization: 'Bearer x' } }).then((r) => r.json() as Promise<{ metadata: { continue: string } }>);
      for (let i = 0; i < 6; i++) small.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `late${i}`, namespace: 'shop' }, spec: {} });
      const next = await fetch(`${small.url}/api/v1/services?limit=1&continue=${first.metadata.continue}`, { headers: { authorization: 'Bearer x' } });
      expect(next.status).toBe(410);
      expect(await next.json()).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    } finally {
      await small.close();
    }
  });

  it('filter by metadata.name and metadata.namespace field selectors', async () => {
    const one = await call('GET', '/api/v1/namespaces?fieldSelector=metadata.name%3Dshop');
    expect((one.body.items as unknown[]).length).toBe(1);
    const none = await call('GET', '/apis/apps/v1/deployments?fieldSelector=metadata.namespace!%3Dshop');
    expect(none.body.items).toEqual([]);
    expect((await call('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dx')).status).toBe(400);
  });
});

describe('watches', () => {
  it('replay events after the given version, then stream live changes and bookmarks', async () => {
    const from = api.resourceVersion;
    api.replace({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop', resourceVersion: String(from) }, spec: { mtls: { mode: 'STRICT' } } });
    const events = await watchEvents(`${PA_PATH}?watch=1&resourceVersion=${from}&allowWatchBookmarks=true`, 3, () =>
      setTimeout(() => api.replace({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'DISABLE' } } }), 20),
    );
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'BOOKMARK']);
    expect(events[0]!.object).toMatchObject({ spec: { mtls: { mode: 'STRICT' } } });
    expect((events[2]!.object.metadata as Record<string, string>).resourceVersion).toBe(String(api.resourceVersion));
  });

  it('start with ADDED for every object when no version is given', async () => {
    const events = await watchEvents('/api/v1/namespaces?watch=true', 1);
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Namespace', metadata: { name: 'shop' } } });
  });

  it('keep a bounded history', async () => {
    const small = await startFakeKubeApi({ historyLimit: 3 });
    try {
      small.load(SHOP);
      for (let i = 0; i < 10; i++) small.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'shop' }, spec: {} });
      const response = await fetch(`${small.url}/api/v1/services?watch=1&resourceVersion=1`, { headers: { authorization: 'Bearer x' } });
      // The 410 arrives as kube-apiserver sends it: an ERROR event in the watch stream.
      expect(JSON.parse(await response.text())).toEqual({ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringContaining('too old resource version') }) });
    } finally {
      await small.close();
    }
  });

  it('are counted while open and end after timeoutSeconds', async () => {
    const timed = await fetch(`${api.url}${PA_PATH}?watch=1&resourceVersion=${api.resourceVersion}&timeoutSeconds=0`, { headers: { authorization: 'Bearer admin' } });
    expect(await timed.text()).toBe('');
    const open = await fetch(`${api.url}${PA_PATH}?watch=1&resourceVersion=${api.resourceVersion}`, { headers: { authorization: 'Bearer admin' } });
    expect(api.openWatches()).toBe(1);
    await open.body?.cancel();
  });
});

describe('requests', () => {
  it('need a bearer token, and only read', async () => {
    expect((await call('GET', PA_PATH, { token: null })).status).toBe(401);
    expect((await call('POST', PA_PATH, { body: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'x' } } })).status).toBe(405);
    expect(api.stats).toMatchObject({ requests: 2 });
  });
});
