// The console's API on a cluster (a real kube-apiserver with Istio's CRDs and the demo mesh), through
// ConfigTextSource: objects shown as YAML without server noise, checks placed in that YAML, saves that name
// the resourceVersion (a real 409 with the current version when it moved on), the CRD schema's errors from a
// dry run placed next to the YAML, create and delete, /healthz and the connection, and `--auth token` with
// users whose RBAC differs.
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as s from '../api/schemas.js';
import { clusterConsole, type ClusterConsole, type ClusterConsoleOptions } from '../testing/cluster-console.js';
import { eventually } from '../testing/eventually.js';
import type { KubeCluster } from '../testing/kube-cluster/cluster.js';
import { resetDemo, startDemoCluster } from '../testing/kube-cluster/demo.js';
import { freePort } from '../testing/kube-cluster/processes.js';
import { ALICE_NAMESPACES, USERS } from '../testing/kube-cluster/users.js';

let cluster: KubeCluster;
const open: ClusterConsole[] = [];

beforeAll(async () => {
  cluster = await startDemoCluster();
}, 600_000);

afterAll(async () => {
  await cluster?.close();
});

beforeEach(async () => {
  await resetDemo(cluster);
});

afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function start(options: Partial<ClusterConsoleOptions> = {}): Promise<ClusterConsole> {
  const c = await clusterConsole({ cluster, ...options });
  open.push(c);
  return c;
}

const PA = '/api/config/travel-agency/PeerAuthentication/default';
const apiVersions: Record<string, string> = { PeerAuthentication: 'security.istio.io/v1', DestinationRule: 'networking.istio.io/v1' };
const serverObject = (kind: string, namespace: string, name: string) => cluster.admin.get(apiVersions[kind]!, kind, namespace, name);
const versionOn = async (kind: string, namespace: string, name: string) => String((await serverObject(kind, namespace, name))?.metadata?.resourceVersion);
/** Requests meshlock's own identity made of the API server, from its audit log. */
const meshlockRequests = (verb: string) => cluster.requests({ verb });

function errorOf(response: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  const body = s.ApiErrorBody.parse(response.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

describe('cluster objects in the editor', () => {
  it('shows the live object as YAML without server-owned fields, with its resourceVersion', async () => {
    const c = await start();
    const detail = s.ConfigDetail.parse((await c.app.inject({ url: PA })).json());
    expect(detail.resourceVersion).toBe(await versionOn('PeerAuthentication', 'travel-agency', 'default'));
    expect(detail).toMatchObject({ file: null, line: null, documentLine: 1, editable: true, readOnlyReason: null });
    expect(detail.yaml).toBe('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: travel-agency\nspec:\n  mtls:\n    mode: STRICT\n');
    for (const noise of ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'status']) expect(detail.yaml).not.toContain(noise);
  });

  it('places checks in the generated YAML by its syntax tree', async () => {
    const c = await start();
    const yaml = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: nowhere\n  namespace: travel-agency\nspec:\n  host: nowhere.travel-agency.svc.cluster.local\n';
    expect((await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml } })).statusCode).toBe(201);
    const detail = s.ConfigDetail.parse((await c.app.inject({ url: '/api/config/travel-agency/DestinationRule/nowhere' })).json());
    const check = detail.checks.find((k) => k.path === 'spec/host');
    expect(check).toBeDefined();
    const lines = detail.yaml.split('\n');
    expect(lines[(check?.line ?? 0) - 1]).toBe('  host: nowhere.travel-agency.svc.cluster.local');
    expect(check?.column).toBe(9);
  });
});

describe('saving to the cluster', () => {
  it('replaces with the loaded resourceVersion after a dry run; the answer and the snapshot have the save', async () => {
    const c = await start();
    const loaded = s.ConfigDetail.parse((await c.app.inject({ url: PA })).json());
    const updates = meshlockRequests('update');
    const response = await c.app.inject({ method: 'PUT', url: PA, headers: c.headers, payload: { yaml: loaded.yaml.replace('STRICT', 'DISABLE'), resourceVersion: loaded.resourceVersion } });
    expect(response.statusCode, response.body).toBe(200);
    const saved = s.ConfigDetail.parse(response.json());
    // One dry run, then the update itself.
    await expect.poll(() => meshlockRequests('update') - updates).toBe(2);
    expect(saved.resourceVersion).toBe(await versionOn('PeerAuthentication', 'travel-agency', 'default'));
    expect(saved.yaml).toContain('mode: DISABLE');
    const status = s.StatusReport.parse((await c.app.inject({ url: '/api/status?namespace=travel-agency' })).json());
    expect(status.namespaces[0]?.mode).toBe('MIXED');
    expect(status.workloads.find((w) => w.name === 'cars')?.ports[0]?.mode).toBe('DISABLE');
  });

  it('refuses a save over a stale resourceVersion with 409, a clear message and the current version', async () => {
    const c = await start();
    const loaded = s.ConfigDetail.parse((await c.app.inject({ url: PA })).json());
    const first = await c.app.inject({ method: 'PUT', url: PA, headers: c.headers, payload: { yaml: loaded.yaml.replace('STRICT', 'DISABLE'), resourceVersion: loaded.resourceVersion } });
    expect(first.statusCode).toBe(200);
    const second = await c.app.inject({ method: 'PUT', url: PA, headers: c.headers, payload: { yaml: loaded.yaml.replace('STRICT', 'PERMISSIVE'), resourceVersion: loaded.resourceVersion } });
    const error = errorOf(second, 409, 'conflict');
    expect(error.message).toMatch(/^PeerAuthentication travel-agency\/default was changed by someone else after you loaded it \(you edited version \d+; it is now version \d+\)\. Your change was not saved\./);
    expect(error.current?.resourceVersion).toBe(await versionOn('PeerAuthentication', 'travel-agency', 'default'));
    expect(parse(error.current?.yaml ?? '')).toMatchObject({ spec: { mtls: { mode: 'DISABLE' } } });
    // Nothing lost: the first save stands, and the second applies over the current version.
    const again = await c.app.inject({ method: 'PUT', url: PA, headers: c.headers, payload: { yaml: error.current!.yaml.replace('DISABLE', 'PERMISSIVE'), resourceVersion: error.current!.resourceVersion } });
    expect(again.statusCode).toBe(200);
    expect((await serverObject('PeerAuthentication', 'travel-agency', 'default'))?.spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });

  it('returns the CRD schema’s errors from the dry run placed at their line, and stores nothing', async () => {
    const c = await start();
    const url = '/api/config/travel-portal/DestinationRule/voyages-plain';
    const loaded = s.ConfigDetail.parse((await c.app.inject({ url })).json());
    const updates = meshlockRequests('update');
    // Istio's CRD requires spec.host; meshlock's own reading does not, so only the dry run finds it.
    const yaml = loaded.yaml.replace('  host: voyages.travel-portal.svc.cluster.local\n', '');
    const error = errorOf(await c.app.inject({ method: 'PUT', url, headers: c.headers, payload: { yaml, resourceVersion: loaded.resourceVersion } }), 400, 'invalid');
    expect(error.message).toContain('spec.host: Required value');
    expect(error.problems).toEqual([{ message: 'spec.host: Required value', line: 7, column: 3 }]);
    expect(yaml.split('\n')[6]).toBe('  trafficPolicy:');
    await expect.poll(() => meshlockRequests('update') - updates).toBe(1);
    expect(await versionOn('DestinationRule', 'travel-portal', 'voyages-plain')).toBe(loaded.resourceVersion);
  });

  it('creates, and deletes only the loaded version', async () => {
    const c = await start();
    const yaml = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: legacy\nspec:\n  mtls:\n    mode: DISABLE\n';
    const created = await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml } });
    expect(created.statusCode, created.body).toBe(201);
    expect(s.ConfigDetail.parse(created.json()).resourceVersion).toBe(await versionOn('PeerAuthentication', 'legacy', 'default'));
    errorOf(await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml } }), 409, 'conflict');
    const badName = errorOf(await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: yaml.replace('name: default', 'name: Not_A_Name') } }), 400, 'invalid');
    expect(badName.problems?.[0]).toMatchObject({ line: 4, column: 9 });

    const url = '/api/config/legacy/PeerAuthentication/default';
    const version = s.ConfigDetail.parse(created.json()).resourceVersion;
    const loaded = s.ConfigDetail.parse((await c.app.inject({ url })).json());
    await c.app.inject({ method: 'PUT', url, headers: c.headers, payload: { yaml: loaded.yaml.replace('DISABLE', 'STRICT'), resourceVersion: loaded.resourceVersion } });
    errorOf(await c.app.inject({ method: 'DELETE', url: `${url}?resourceVersion=${version}`, headers: { 'x-csrf-token': c.csrfToken } }), 409, 'conflict');
    const now = await versionOn('PeerAuthentication', 'legacy', 'default');
    expect((await c.app.inject({ method: 'DELETE', url: `${url}?resourceVersion=${now}`, headers: { 'x-csrf-token': c.csrfToken } })).statusCode).toBe(200);
    expect(await serverObject('PeerAuthentication', 'legacy', 'default')).toBeUndefined();
    errorOf(await c.app.inject({ url }), 404, 'not-found');
  });

  it('--view-only refuses writes and says so in the session', async () => {
    const c = await start({ viewOnly: true });
    const session = s.Session.parse((await c.app.inject({ url: '/api/session' })).json());
    expect(session).toMatchObject({ readOnly: true, readOnlyReason: 'the console was started with --view-only', auth: 'anonymous' });
    const loaded = s.ConfigDetail.parse((await c.app.inject({ url: PA })).json());
    expect(loaded.editable).toBe(false);
    errorOf(await c.app.inject({ method: 'PUT', url: PA, headers: c.headers, payload: { yaml: loaded.yaml, resourceVersion: loaded.resourceVersion } }), 403, 'read-only');
  });
});

/** Reads /api/events until `done` holds for the events so far (bounded by the test's timeout). */
async function readEvents(url: string, done: (events: { event: string; data: unknown }[]) => boolean): Promise<{ event: string; data: unknown }[]> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += chunk.value;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
    if (done(events)) break;
  }
  controller.abort();
  return events;
}

describe('events', () => {
  it('a change in the cluster reaches the event stream within a second, naming the object; the connection state too', async () => {
    const c = await start();
    const url = await c.listen();
    let changedAt = 0;
    const events = readEvents(url, (seen) => {
      if (seen.length === 2 && changedAt === 0) {
        changedAt = performance.now();
        void cluster.admin.create({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'legacy' }, spec: { mtls: { mode: 'STRICT' } } });
      }
      return seen.some((e) => e.event === 'change');
    });
    const seen = await events;
    expect(performance.now() - changedAt).toBeLessThan(1_000);
    expect(seen[0]).toEqual({ event: 'hello', data: { revision: 1, files: [] } });
    expect(seen[1]).toMatchObject({ event: 'connection', data: { cluster: true, state: 'connected', forbiddenNamespaces: [] } });
    expect(seen[2]).toEqual({ event: 'change', data: { revision: 2, files: ['PeerAuthentication/legacy/default'] } });
  });
});

describe('connection and health', () => {
  it('/healthz is 200 when synced, 503 with the state and last error when the API server is gone; /livez stays 200', async () => {
    const c = await start();
    const healthy = await c.app.inject({ url: '/healthz' });
    expect(healthy.statusCode).toBe(200);
    expect(healthy.json()).toMatchObject({ status: 'ok', connection: { state: 'connected', lastError: null } });
    await cluster.stopApiServer();
    try {
      const down = await eventually(() => c.app.inject({ url: '/healthz' }), (r) => r.statusCode === 503, 'healthz 503', 10_000);
      expect(down.json()).toMatchObject({ status: 'unavailable', connection: { state: expect.stringMatching(/^(reconnecting|error)$/), lastError: { message: expect.stringMatching(/ECONNREFUSED|ECONNRESET|close|socket/i) } } });
      expect((await c.app.inject({ url: '/livez' })).statusCode).toBe(200);
      // The last known state is still served.
      expect((await c.app.inject({ url: '/api/namespaces' })).statusCode).toBe(200);
    } finally {
      await cluster.restartApiServer();
    }
    await eventually(() => c.app.inject({ url: '/healthz' }), (r) => r.statusCode === 200, 'healthz 200 again', 30_000);
  });

  it('answers 503 while the first sync cannot complete, naming the server and the error', async () => {
    const gone = `https://127.0.0.1:${await freePort()}`;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(cluster.kubeconfig().replace(cluster.url, gone));
    const c = await start({ kubeConfig, readyWaitMs: 300 });
    const health = await c.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable', connection: { state: expect.stringMatching(/^(syncing|error)$/), lastSyncTime: null } });
    expect(s.Connection.parse((await c.app.inject({ url: '/api/connection' })).json())).toMatchObject({ cluster: true, lastSyncTime: null });
    const error = errorOf(await c.app.inject({ url: '/api/namespaces' }), 503, 'unavailable');
    expect(error.message).toContain(gone);
  });
});

describe('--auth token', () => {
  const bearer = (user: keyof typeof USERS) => ({ authorization: `Bearer ${USERS[user].token}` });

  it('asks for a token; a user whose RBAC allows two namespaces sees only those, and the server’s reasons for the rest', async () => {
    const c = await start({ auth: 'token' });
    expect(errorOf(await c.app.inject({ url: '/api/namespaces' }), 401, 'unauthorized').message).toContain('sign in');
    const alice = bearer('alice');
    const names = s.NamespaceSummary.array().parse((await c.app.inject({ url: '/api/namespaces', headers: alice })).json()).map((n) => n.name);
    expect(names).toEqual([...ALICE_NAMESPACES]);
    const connection = s.Connection.parse((await c.app.inject({ url: '/api/connection', headers: alice })).json());
    expect(connection.forbiddenNamespaces.map((f) => f.namespace)).toEqual(['default', 'istio-system', 'kube-node-lease', 'kube-public', 'kube-system', 'legacy', 'travel-control', 'travel-payments']);
    expect(connection.forbiddenNamespaces.find((f) => f.namespace === 'legacy')?.reason).toMatch(/is forbidden: User "alice" cannot list resource "\S+" in API group "[\w.]*" in the namespace "legacy"$/);
    // She may edit where she may read: the console is not read-only for her, and the object says so itself.
    expect(s.Session.parse((await c.app.inject({ url: '/api/session', headers: alice })).json()).readOnly).toBe(false);
    expect(s.ConfigDetail.parse((await c.app.inject({ url: PA, headers: alice })).json()).editable).toBe(true);
    // Another token sees everything, with its own source.
    const all = s.NamespaceSummary.array().parse((await c.app.inject({ url: '/api/namespaces', headers: bearer('admin') })).json());
    expect(all.map((n) => n.name)).toEqual(expect.arrayContaining(['istio-system', 'legacy', 'travel-agency', 'travel-control', 'travel-portal']));
    // Health does not depend on anyone's token.
    expect((await c.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok', auth: 'token', connection: null });
  });

  it('a read-only token gets a read-only session and objects it may not edit, with a reason', async () => {
    const c = await start({ auth: 'token' });
    const viewer = bearer('viewer');
    const session = s.Session.parse((await c.app.inject({ url: '/api/session', headers: viewer })).json());
    expect(session).toMatchObject({ readOnly: true, auth: 'token', readOnlyReason: expect.stringContaining('cannot update peerauthentications.security.istio.io') });
    const detail = s.ConfigDetail.parse((await c.app.inject({ url: PA, headers: viewer })).json());
    expect(detail).toMatchObject({ editable: false, readOnlyReason: expect.stringContaining('cannot update') });
    const refused = await c.app.inject({ method: 'PUT', url: PA, headers: { ...c.headers, ...viewer }, payload: { yaml: detail.yaml, resourceVersion: detail.resourceVersion } });
    expect(errorOf(refused, 403, 'forbidden').message).toContain('User "viewer" cannot update resource "peerauthentications"');
    const admin = s.Session.parse((await c.app.inject({ url: '/api/session', headers: bearer('admin') })).json());
    expect(admin.readOnly).toBe(false);
  });

  it('--auth header reads the token from the configured header', async () => {
    const c = await start({ auth: 'header', authHeader: 'X-Auth-Request-Access-Token' });
    expect(errorOf(await c.app.inject({ url: '/api/mesh' }), 401, 'unauthorized').message).toContain('x-auth-request-access-token');
    expect((await c.app.inject({ url: '/api/mesh', headers: { 'x-auth-request-access-token': USERS.viewer.token } })).statusCode).toBe(200);
  });

  it('a flood of made-up tokens is answered 401 from one check each, never evicts a signed-in person, and leaves no connection behind (F7)', async () => {
    const c = await start({ auth: 'token' });
    const alice = bearer('alice');
    expect((await c.app.inject({ url: '/api/namespaces', headers: alice })).statusCode).toBe(200);
    const aliceLists = () => cluster.requests({ verb: 'list', user: 'alice' });
    const listsBefore = aliceLists();
    const flood = Array.from({ length: 40 }, (_, i) => `made-up-${i}-${Math.random().toString(36).slice(2)}`);
    for (const token of flood) {
      const refused = await c.app.inject({ url: '/api/namespaces', headers: { authorization: `Bearer ${token}` } });
      expect(errorOf(refused, 401, 'unauthorized').message).toContain('does not know this token');
    }
    // The kept verdict answers the same token again, the connection route included.
    for (let i = 0; i < 10; i++) expect((await c.app.inject({ url: '/api/mesh', headers: { authorization: `Bearer ${flood[0]}` } })).statusCode).toBe(401);
    expect((await c.app.inject({ url: '/api/connection', headers: { authorization: `Bearer ${flood[1]}` } })).statusCode).toBe(401);
    // Alice's source was not evicted: her next request needs no new list, and no source was made for the flood
    // (the two connections are alice's and the test's own admin, who fetched the CSRF token).
    expect((await c.app.inject({ url: '/api/namespaces', headers: alice })).statusCode).toBe(200);
    expect(aliceLists()).toBe(listsBefore);
    expect((await c.app.inject({ url: '/healthz' })).json()).toMatchObject({ source: '2 signed-in people, each with their own connection' });
  });
});
