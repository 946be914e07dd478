// Every endpoint of the route table, on a temporary copy of the demo, with good and bad input. Responses
// are parsed with the route's schema, so a drift between server and schema fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routes } from '../api/routes.js';
import * as s from '../api/schemas.js';
import { cli } from '../testing/run-cli.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { AMBIENT_DEMO_FILES, AMBIENT_NAMESPACE, AMBIENT_WAYPOINT } from '../testing/ambient-demo.js';

let c: TestConsole;
beforeEach(async () => {
  c = await testConsole();
});
afterEach(async () => {
  await c.close();
});

const get = async (url: string) => c.app.inject({ url });
/** DELETE has no body, so no content type. */
const token = () => ({ 'x-csrf-token': c.csrfToken });
const ok = async <T>(url: string, schema: { parse(v: unknown): T }): Promise<T> => {
  const response = await get(url);
  expect(response.statusCode, response.body).toBe(200);
  return schema.parse(response.json());
};
const error = (response: { statusCode: number; json(): unknown }, status: number, code: string) => {
  expect(response.statusCode).toBe(status);
  const body = s.ApiErrorBody.parse(response.json());
  expect(body.error.code).toBe(code);
  return body.error;
};

describe('read endpoints', () => {
  it('GET /api/session: token, writable, source', async () => {
    const session = await ok('/api/session', s.Session);
    expect(session).toMatchObject({ readOnly: false, readOnlyReason: null, revision: 1, csrfToken: c.csrfToken });
  });

  it('GET /api/status is the JSON of `meshlock status -o json`, also per namespace', async () => {
    const report = await ok('/api/status', s.StatusReport);
    const run = await cli(['status', c.dir, '-o', 'json'], c.dir);
    expect(report).toEqual(JSON.parse(run.stdout));
    const one = await ok('/api/status?namespace=travel-agency', s.StatusReport);
    expect(one.namespaces.map((n) => n.name)).toEqual(['travel-agency']);
    expect(new Set(one.workloads.map((w) => w.namespace))).toEqual(new Set(['travel-agency']));
  });

  it('GET /api/edges answers like `meshlock edges`, and names a bad --from or port', async () => {
    const edges = await ok('/api/edges?from=outside&to=travels.travel-agency.svc.cluster.local:8000', s.EdgeReport.array());
    expect(edges).toEqual([expect.objectContaining({ source: 'outside', clientSends: 'PLAINTEXT', serverMode: 'PERMISSIVE', outcome: 'plaintext' })]);
    expect(error(await get('/api/edges?from=travel-agency/nope'), 400, 'bad-request').message).toContain('from=travel-agency/nope: no such workload');
    expect(error(await get('/api/edges?to=travels.travel-agency:9999'), 400, 'bad-request').message).toContain('has no port 9999');
  });

  it('GET /api/validations is the JSON of `meshlock validate -o json`', async () => {
    const report = await ok('/api/validations', s.ValidationReport);
    const run = await cli(['validate', c.dir, '-o', 'json'], c.dir);
    expect(report).toEqual(JSON.parse(run.stdout));
  });

  it('GET /api/mesh: the masthead lock with auto mTLS, minimum TLS and the mesh ConfigMap', async () => {
    const mesh = await ok('/api/mesh', s.MeshSummary);
    // PERMISSIVE by Istio's default, but the ambient namespace travel-payments is STRICT: MIXED.
    expect(mesh).toMatchObject({ lock: 'hollow', mode: 'MIXED', decidedBy: null, autoMtls: true, minProtocolVersion: 'TLSV1_2', meshConfig: { kind: 'ConfigMap', namespace: 'istio-system', name: 'istio' } });
  });

  it('GET /api/namespaces: every namespace with lock, inherited marker, sidecars and validation counts', async () => {
    const namespaces = await ok('/api/namespaces', s.NamespaceSummary.array());
    expect(namespaces.map((n) => n.name)).toEqual(['istio-system', 'legacy', 'travel-agency', 'travel-control', 'travel-payments', 'travel-portal']);
    expect(namespaces.find((n) => n.name === 'travel-agency')).toMatchObject({ lock: 'hollow', mode: 'PERMISSIVE', inherited: true, workloadCount: 7, sidecarCount: 7 });
    expect(namespaces.find((n) => n.name === 'legacy')).toMatchObject({ lock: 'none', sidecarCount: 0 });
    expect(namespaces.find((n) => n.name === 'travel-payments')).toMatchObject({ lock: 'full', mode: 'STRICT', inherited: false, workloadCount: 2, sidecarCount: 0 });
    expect(namespaces.find((n) => n.name === 'istio-system')?.inherited).toBe(false);
  });

  it('GET /api/namespaces/:namespace, 404 for an unknown one', async () => {
    const ns = await ok('/api/namespaces/travel-agency', s.NamespaceDetail);
    expect(ns.workloads.map((w) => w.name)).toContain('travels');
    expect(ns.services.find((x) => x.name === 'travels')?.hostname).toBe('travels.travel-agency.svc.cluster.local');
    error(await get('/api/namespaces/nope'), 404, 'not-found');
  });

  it('GET /api/namespaces/:namespace/workloads/:name: per-port mode, identity, callers; 404 otherwise', async () => {
    const w = await ok('/api/namespaces/travel-agency/workloads/travels', s.WorkloadDetail);
    expect(w.identity).toBe('spiffe://cluster.local/ns/travel-agency/sa/travels');
    expect(w.ports).toEqual([expect.objectContaining({ port: 8000, mode: 'PERMISSIVE', lock: 'hollow', decidedBy: null })]);
    expect(w.inbound.edges.find((e) => e.source === 'legacy/legacy-client')).toMatchObject({ clientSends: 'PLAINTEXT', outcome: 'plaintext', mtlsPercent: null });
    expect(w.outbound.total).toBeGreaterThan(0);
    const legacy = await ok('/api/namespaces/legacy/workloads/legacy-client', s.WorkloadDetail);
    expect(legacy).toMatchObject({ sidecar: false, identity: null, workloadMode: { mode: 'NONE', lock: 'none' } });
    error(await get('/api/namespaces/travel-agency/workloads/nope'), 404, 'not-found');
  });

  it('ambient: namespaces count workloads per data plane with the label that enrolls them; workloads carry ztunnel\'s locks and their waypoint', async () => {
    const ambient = await testConsole({ files: AMBIENT_DEMO_FILES });
    try {
      const read = async <T>(url: string, schema: { parse(v: unknown): T }): Promise<T> => schema.parse((await ambient.app.inject({ url })).json());
      const namespaces = await read('/api/namespaces', s.NamespaceSummary.array());
      expect(namespaces.find((n) => n.name === AMBIENT_NAMESPACE)).toMatchObject({
        lock: 'full',
        dataplanes: { sidecar: 0, ambient: 7, none: 0 },
        ambientReason: 'namespace label istio.io/dataplane-mode=ambient',
        waypoint: AMBIENT_WAYPOINT,
        waypointReason: `namespace travel-agency's istio.io/use-waypoint=waypoint binds waypoint ${AMBIENT_WAYPOINT}`,
      });
      expect(namespaces.find((n) => n.name === 'travel-portal')).toMatchObject({ dataplanes: { sidecar: 3, ambient: 0, none: 0 }, ambientReason: null, waypoint: null, waypointReason: null });
      const w = await read(`/api/namespaces/${AMBIENT_NAMESPACE}/workloads/travels`, s.WorkloadDetail);
      expect(w).toMatchObject({ sidecar: false, dataplane: 'ambient', waypoint: AMBIENT_WAYPOINT, identity: 'spiffe://cluster.local/ns/travel-agency/sa/travels' });
      expect(w.dataplaneReason).toContain('namespace travel-agency is labelled istio.io/dataplane-mode=ambient');
      expect(w.waypointReason).toContain(`binds waypoint ${AMBIENT_WAYPOINT}`);
      expect(w.ports).toEqual([expect.objectContaining({ port: 8000, mode: 'STRICT', lock: 'full', decidedBy: 'PeerAuthentication/travel-agency/default' })]);
      const portal = await read('/api/namespaces/travel-portal/workloads/voyages', s.WorkloadDetail);
      expect(portal).toMatchObject({ dataplane: 'sidecar', waypoint: null, waypointReason: null });
    } finally {
      await ambient.close();
    }
  });

  it('GET /api/namespaces/:namespace/services/:name, 404 otherwise', async () => {
    const svc = await ok('/api/namespaces/travel-agency/services/travels', s.ServiceDetail);
    expect(svc.workloads.map((w) => w.name)).toEqual(['travels']);
    expect(svc.inbound.total).toBeGreaterThan(0);
    error(await get('/api/namespaces/travel-agency/services/nope'), 404, 'not-found');
  });

  it('GET /api/posture filters and pages; bad filters are 400', async () => {
    const ports = await ok('/api/posture?level=port&notStrict=true&limit=3', s.PosturePage);
    expect(ports.rows).toHaveLength(3);
    expect(ports.total).toBe(12);
    expect(ports.rows.every((r) => r.level === 'port' && r.mode !== 'STRICT')).toBe(true);
    error(await get('/api/posture?limit=0'), 400, 'bad-request');
    expect(error(await get('/api/posture?level=pod'), 400, 'bad-request').message).toContain('query.level');
  });

  it('GET /api/posture/export gives CSV and JSON downloads with the same filters', async () => {
    const csv = await get('/api/posture/export?format=csv&namespace=legacy');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="meshlock-posture.csv"');
    expect(csv.body.split('\r\n')).toEqual(['level,namespace,workload,port,mode,lock,sidecar,decidedBy,dataplane', 'namespace,legacy,,,PERMISSIVE,none,,,', 'workload,legacy,legacy-client,,NONE,none,false,,none', 'port,legacy,legacy-client,8080,NONE,none,false,,none', '']);
    const json = await get('/api/posture/export?format=json&level=mesh');
    expect(s.PostureRow.array().parse(json.json())).toHaveLength(1);
    error(await get('/api/posture/export'), 400, 'bad-request');
  });

  it('GET /api/config lists config objects with filters; bad filters are 400', async () => {
    const page = await ok('/api/config', s.ConfigPage);
    expect(page.items.map((i) => `${i.kind}/${i.namespace}/${i.name}`)).toEqual(['ConfigMap/istio-system/istio', 'Gateway/travel-payments/waypoint', 'PeerAuthentication/travel-payments/default']);
    expect((await ok('/api/config?kind=PeerAuthentication', s.ConfigPage)).total).toBe(1);
    error(await get('/api/config?validation=perfect'), 400, 'bad-request');
  });

  it('GET /api/config/:namespace/:kind/:name: the document as in its file; 404 otherwise', async () => {
    const detail = await ok('/api/config/istio-system/ConfigMap/istio', s.ConfigDetail);
    const file = readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8');
    expect(file.endsWith(detail.yaml)).toBe(true);
    expect(detail).toMatchObject({ file: 'mesh-config.yaml', documentLine: 6, editable: true });
    error(await get('/api/config/istio-system/ConfigMap/nope'), 404, 'not-found');
  });

  it('GET /api/openapi.json documents every route', async () => {
    const doc = (await get('/api/openapi.json')).json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(routes)) expect(doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()]).toBeDefined();
  });

  it('an unknown API path is a JSON 404', async () => {
    error(await get('/api/nope'), 404, 'not-found');
  });
});

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-agency
spec:
  mtls:
    mode: STRICT
`;

describe('writes', () => {
  const detail = async (url: string) => s.ConfigDetail.parse((await get(url)).json());
  const meshConfig = '/api/config/istio-system/ConfigMap/istio';

  it('PUT saves one document, keeps the rest of the file byte for byte, and the mesh follows', async () => {
    const before = readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8');
    const cm = await detail(meshConfig);
    const response = await c.app.inject({ method: 'PUT', url: meshConfig, headers: c.headers, payload: { yaml: cm.yaml.replace('enableAutoMtls: true', 'enableAutoMtls: false'), resourceVersion: cm.resourceVersion } });
    expect(response.statusCode, response.body).toBe(200);
    const saved = s.ConfigDetail.parse(response.json());
    expect(saved.resourceVersion).not.toBe(cm.resourceVersion);
    expect(readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8')).toBe(before.replace('enableAutoMtls: true', 'enableAutoMtls: false'));
    expect((await ok('/api/mesh', s.MeshSummary)).autoMtls).toBe(false);
  });

  it('PUT with invalid YAML is 400 with line and column, and nothing is written', async () => {
    const before = readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8');
    const cm = await detail(meshConfig);
    const broken = cm.yaml.replace('  name: istio', '  name: [istio');
    const e = error(await c.app.inject({ method: 'PUT', url: meshConfig, headers: c.headers, payload: { yaml: broken, resourceVersion: cm.resourceVersion } }), 400, 'invalid');
    expect(e.problems?.[0]?.line).toBeGreaterThanOrEqual(4);
    expect(e.problems?.[0]?.column).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8')).toBe(before);
  });

  it('PUT with a value the API server would reject is 400 at that value', async () => {
    await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: PA } });
    const pa = await detail('/api/config/travel-agency/PeerAuthentication/default');
    const e = error(await c.app.inject({ method: 'PUT', url: '/api/config/travel-agency/PeerAuthentication/default', headers: c.headers, payload: { yaml: pa.yaml.replace('STRICT', 'STRIKT'), resourceVersion: pa.resourceVersion } }), 400, 'invalid');
    expect(e.problems).toEqual([expect.objectContaining({ line: 8, column: 11 })]);
  });

  it('PUT of an unknown object is 404; a missing body field is 400', async () => {
    error(await c.app.inject({ method: 'PUT', url: '/api/config/travel-agency/PeerAuthentication/nope', headers: c.headers, payload: { yaml: PA, resourceVersion: 'x' } }), 404, 'not-found');
    expect(error(await c.app.inject({ method: 'PUT', url: meshConfig, headers: c.headers, payload: { yaml: 'a: 1' } }), 400, 'bad-request').message).toContain('body.resourceVersion');
  });

  it('concurrent PUTs of the same version: one is saved, the other is 409, and nothing is lost', async () => {
    const before = readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8');
    const cm = await detail(meshConfig);
    const put = (text: string) => c.app.inject({ method: 'PUT', url: meshConfig, headers: c.headers, payload: { yaml: text, resourceVersion: cm.resourceVersion } });
    const [a, b] = await Promise.all([put(cm.yaml.replace('enableAutoMtls: true', 'enableAutoMtls: false')), put(cm.yaml.replace('trustDomain: cluster.local', 'trustDomain: example.org'))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 'a' : 'b';
    const after = readFileSync(join(c.dir, 'mesh-config.yaml'), 'utf8');
    expect(after).toBe(winner === 'a' ? before.replace('enableAutoMtls: true', 'enableAutoMtls: false') : before.replace('trustDomain: cluster.local', 'trustDomain: example.org'));
    error(winner === 'a' ? b : a, 409, 'conflict');
  });

  it('POST creates an object in its own file; again is 409; invalid text is 400', async () => {
    const created = await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: PA } });
    expect(created.statusCode, created.body).toBe(201);
    expect(s.ConfigDetail.parse(created.json())).toMatchObject({ kind: 'PeerAuthentication', name: 'default', file: 'travel-agency-peerauthentication-default.yaml', yaml: PA });
    expect((await ok('/api/namespaces', s.NamespaceSummary.array())).find((n) => n.name === 'travel-agency')).toMatchObject({ lock: 'full', inherited: false });
    error(await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: PA } }), 409, 'conflict');
    const e = error(await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: 'kind: [' } }), 400, 'invalid');
    expect(e.problems?.[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it('DELETE needs the current version (409 otherwise), then removes only that document; 404 for unknown', async () => {
    await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: PA } });
    const pa = await detail('/api/config/travel-agency/PeerAuthentication/default');
    const url = '/api/config/travel-agency/PeerAuthentication/default';
    error(await c.app.inject({ method: 'DELETE', url: `${url}?resourceVersion=stale`, headers: token() }), 409, 'conflict');
    const deleted = await c.app.inject({ method: 'DELETE', url: `${url}?resourceVersion=${pa.resourceVersion}`, headers: token() });
    expect(s.Deleted.parse(deleted.json())).toEqual({ deleted: { kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' } });
    error(await get(url), 404, 'not-found');
    error(await c.app.inject({ method: 'DELETE', url: `${url}?resourceVersion=${pa.resourceVersion}`, headers: token() }), 404, 'not-found');
    error(await c.app.inject({ method: 'DELETE', url, headers: token() }), 400, 'bad-request');
  });

  it('POST /api/validate checks unsaved text in place of the object, with positions in that text, and needs no token', async () => {
    const disable = PA.replace('name: default', 'name: off').replace('STRICT', 'DISABLE');
    await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: { yaml: disable } });
    const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: enable-mtls
  namespace: travel-agency
spec:
  host: "*.travel-agency.svc.cluster.local"
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`;
    const response = await c.app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: { yaml: dr } });
    const result = s.ValidateResponse.parse(response.json());
    expect(result.objects[0]?.checks).toContainEqual(expect.objectContaining({ code: 'KIA0206', severity: 'error', path: 'spec/trafficPolicy/tls/mode', line: 10, column: 13 }));
    const syntax = s.ValidateResponse.parse((await c.app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: { yaml: 'kind: [' } })).json());
    expect(syntax.problems[0]).toMatchObject({ code: 'yaml-syntax', line: expect.any(Number), column: expect.any(Number) });
    error(await c.app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: {} }), 400, 'bad-request');
  });
});

describe('read-only', () => {
  it('--view-only: the session says so and every write is 403 read-only', async () => {
    const viewOnly = await testConsole({ viewOnly: true });
    try {
      expect(s.Session.parse((await viewOnly.app.inject({ url: '/api/session' })).json())).toMatchObject({ readOnly: true, readOnlyReason: expect.stringContaining('--view-only') });
      const cm = s.ConfigDetail.parse((await viewOnly.app.inject({ url: '/api/config/istio-system/ConfigMap/istio' })).json());
      expect(cm.editable).toBe(false);
      error(await viewOnly.app.inject({ method: 'PUT', url: '/api/config/istio-system/ConfigMap/istio', headers: viewOnly.headers, payload: { yaml: cm.yaml, resourceVersion: cm.resourceVersion } }), 403, 'read-only');
      error(await viewOnly.app.inject({ method: 'POST', url: '/api/config', headers: viewOnly.headers, payload: { yaml: PA } }), 403, 'read-only');
    } finally {
      await viewOnly.close();
    }
  });
});
