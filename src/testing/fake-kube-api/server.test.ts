// The fake API server answers as kube-apiserver does for everything meshlock's kube source relies on.
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

  it('serves only the versions an older Istio has', async () => {
    const old = await startFakeKubeApi({ servedVersions: { 'networking.istio.io': ['v1beta1', 'v1alpha3'] } });
    try {
      const group = await fetch(`${old.url}/apis/networking.istio.io`, { headers: { authorization: 'Bearer x' } }).then((r) => r.json() as Promise<Record<string, unknown>>);
      expect(group.preferredVersion).toEqual({ groupVersion: 'networking.istio.io/v1beta1', version: 'v1beta1' });
      expect((await fetch(`${old.url}/apis/networking.istio.io/v1`, { headers: { authorization: 'Bearer x' } })).status).toBe(404);
    } finally {
      await old.close();
    }
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

  it('answer 410 to a continue token whose version was compacted away', async () => {
    for (let i = 0; i < 3; i++) api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'shop' }, spec: {} });
    const first = await call('GET', '/api/v1/services?limit=1');
    api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'shop' }, spec: {} });
    api.compact();
    const next = await call('GET', `/api/v1/services?limit=1&continue=${meta(first).continue}`);
    expect(next).toMatchObject({ status: 410, body: { kind: 'Status', reason: 'Expired', code: 410 } });
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
      setTimeout(() => api.remove('security.istio.io/v1', 'PeerAuthentication', 'shop', 'default'), 20),
    );
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED', 'BOOKMARK']);
    expect(events[0]!.object).toMatchObject({ spec: { mtls: { mode: 'STRICT' } } });
    expect((events[2]!.object.metadata as Record<string, string>).resourceVersion).toBe(String(api.resourceVersion));
  });

  it('start with ADDED for every object when no version is given', async () => {
    const events = await watchEvents('/api/v1/namespaces?watch=true', 1);
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Namespace', metadata: { name: 'shop' } } });
  });

  it('send the 410 ERROR event, as kube-apiserver does, for a version older than the history', async () => {
    const old = api.resourceVersion - 1;
    api.compact();
    const events = await watchEvents(`${PA_PATH}?watch=1&resourceVersion=${old}`, 2);
    expect(events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringContaining('too old resource version') }) }]);
  });

  it('keep a bounded history', async () => {
    const small = await startFakeKubeApi({ historyLimit: 3 });
    try {
      small.load(SHOP);
      for (let i = 0; i < 10; i++) small.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'shop' }, spec: {} });
      const response = await fetch(`${small.url}/api/v1/services?watch=1&resourceVersion=1`, { headers: { authorization: 'Bearer x' } });
      expect(await response.text()).toContain('"code":410');
    } finally {
      await small.close();
    }
  });

  it('are cut by dropWatches and end after timeoutSeconds', async () => {
    const response = await fetch(`${api.url}${PA_PATH}?watch=1&resourceVersion=${api.resourceVersion}`, { headers: { authorization: 'Bearer admin' } });
    expect(api.openWatches()).toBe(1);
    expect(api.dropWatches()).toBe(1);
    await expect(response.text()).rejects.toThrow();
    const timed = await fetch(`${api.url}${PA_PATH}?watch=1&resourceVersion=${api.resourceVersion}&timeoutSeconds=0`, { headers: { authorization: 'Bearer admin' } });
    expect(await timed.text()).toBe('');
  });
});

describe('writes', () => {
  const pa = (mode: string, resourceVersion?: string) => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'shop', ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { mtls: { mode } },
  });

  it('create, replace with the right version, merge-patch and delete', async () => {
    const created = await call('POST', PA_PATH, { body: { ...pa('STRICT'), metadata: { name: 'second', namespace: 'shop' } } });
    expect(created.status).toBe(201);
    const version = meta(created).resourceVersion;
    const replaced = await call('PUT', `${PA_PATH}/second`, { body: { ...pa('DISABLE', version), metadata: { name: 'second', namespace: 'shop', resourceVersion: version } } });
    expect(replaced.status).toBe(200);
    expect(Number(meta(replaced).resourceVersion)).toBeGreaterThan(Number(version));
    expect(meta(replaced).generation).toBe(2);
    const patched = await call('PATCH', `${PA_PATH}/second`, { body: { spec: { mtls: { mode: 'STRICT' } } }, contentType: 'application/merge-patch+json' });
    expect(patched.body.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect((await call('DELETE', `${PA_PATH}/second`, { body: { preconditions: { resourceVersion: meta(patched).resourceVersion } } })).status).toBe(200);
    expect((await call('GET', `${PA_PATH}/second`)).status).toBe(404);
  });

  it('answer 409 with kube-apiserver’s message when the resourceVersion is stale', async () => {
    const current = meta(await call('GET', `${PA_PATH}/default`)).resourceVersion!;
    expect((await call('PUT', `${PA_PATH}/default`, { body: pa('STRICT', current) })).status).toBe(200);
    const stale = await call('PUT', `${PA_PATH}/default`, { body: pa('DISABLE', current) });
    expect(stale).toMatchObject({
      status: 409,
      body: {
        reason: 'Conflict',
        message: 'Operation cannot be fulfilled on peerauthentications.security.istio.io "default": the object has been modified; please apply your changes to the latest version and try again',
      },
    });
    const patch = await call('PATCH', `${PA_PATH}/default`, { body: { metadata: { resourceVersion: current } }, contentType: 'application/merge-patch+json' });
    expect(patch.status).toBe(409);
    const del = await call('DELETE', `${PA_PATH}/default`, { body: { preconditions: { resourceVersion: current } } });
    expect(del).toMatchObject({ status: 409, body: { reason: 'Conflict' } });
    expect((await call('POST', PA_PATH, { body: pa('STRICT') })).body).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  });

  it('refuse an unconditional update of a custom resource, and values the schema rejects', async () => {
    expect((await call('PUT', `${PA_PATH}/default`, { body: pa('STRICT') })).body).toMatchObject({ code: 422, message: expect.stringContaining('metadata.resourceVersion') });
    const bad = await call('POST', PA_PATH, { body: { ...pa('STRIKT'), metadata: { name: 'bad', namespace: 'shop' } }, token: 'admin' });
    expect(bad.body).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'spec.mtls.mode' })] } });
  });

  it('check but store nothing with dryRun=All', async () => {
    const before = api.resourceVersion;
    const dry = await call('POST', `${PA_PATH}?dryRun=All`, { body: { ...pa('STRICT'), metadata: { name: 'dry', namespace: 'shop' } } });
    expect(dry.status).toBe(201);
    expect(api.resourceVersion).toBe(before);
    expect((await call('GET', `${PA_PATH}/dry`)).status).toBe(404);
    expect((await call('PATCH', `${PA_PATH}/default?dryRun=All`, { body: { spec: { mtls: { mode: 'NOPE' } } }, contentType: 'application/merge-patch+json' })).status).toBe(422);
  });

  it('only accept merge patches', async () => {
    expect((await call('PATCH', `${PA_PATH}/default`, { body: [], contentType: 'application/json-patch+json' })).status).toBe(415);
  });

  it('delete a namespace with everything in it', async () => {
    await call('DELETE', '/api/v1/namespaces/shop');
    expect(api.objects()).toEqual([]);
  });
});

describe('access', () => {
  it('needs a bearer token', async () => {
    expect((await call('GET', '/api/v1/pods', { token: null })).status).toBe(401);
  });

  it('forbids a namespace per token, with kube-apiserver’s wording, and the cluster scope with it', async () => {
    api.setPolicy('alice', { user: 'alice' });
    api.forbidNamespace('alice', 'shop');
    expect((await call('GET', '/api/v1/namespaces/shop/pods', { token: 'alice' })).body).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "shop"',
    });
    expect((await call('GET', '/api/v1/namespaces/shop', { token: 'alice' })).body.message).toBe(
      'namespaces "shop" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "shop"',
    );
    expect((await call('GET', '/apis/security.istio.io/v1/peerauthentications', { token: 'alice' })).body.message).toContain('at the cluster scope');
    expect((await call('GET', '/api/v1/namespaces', { token: 'alice' })).status).toBe(200);
    expect((await call('GET', '/api/v1/pods', { token: 'admin' })).status).toBe(200);
  });

  it('answers SelfSubjectAccessReview with the same rules', async () => {
    api.setPolicy('viewer', { readOnly: true });
    const review = (token: string, verb: string) =>
      call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token,
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group: 'security.istio.io', resource: 'peerauthentications', namespace: 'shop' } } },
      });
    expect((await review('viewer', 'list')).body.status).toMatchObject({ allowed: true });
    expect((await review('viewer', 'patch')).body.status).toMatchObject({ allowed: false, reason: expect.stringContaining('cannot patch') });
    expect((await review('admin', 'patch')).body.status).toMatchObject({ allowed: true });
  });
});
