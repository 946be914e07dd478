// The readiness, what-if, certificates and evidence endpoints on a temporary copy of the demo, with a
// telemetry source that returns fixed rows. Responses are parsed with the route schemas.
import { afterEach, describe, expect, it } from 'vitest';
import * as s from '../api/schemas.js';
import type { CertificateFact } from '../core/index.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { rootCertConfigMap, testCa } from '../testing/test-certificates.js';
import { strictPolicyYaml } from '../testing/seed-changes.js';
import { trafficRow } from '../testing/traffic-rows.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';

let c: TestConsole | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const DAY = 86_400_000;
const STRICT = strictPolicyYaml('travel-agency');

/** Fixed rows; remembers the windows (and their end, when one was asked) and namespaces it was asked for. */
function fixedTraffic(asked: { window: number; end?: number; namespaces?: readonly string[] }[] = []): TelemetrySource {
  const rows = [
    trafficRow({ from: 'outside', to: 'travel-agency/travels', mtls: false, rate: 0.6, first: 1_700_000_000, last: 1_700_000_300 }),
    trafficRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true, rate: 2.4 }),
  ];
  return {
    description: 'fixed rows',
    async traffic(window, namespaces) {
      asked.push({ window: window.durationSeconds, ...(window.endSeconds !== undefined && { end: window.endSeconds }), namespaces });
      return { rows, queries: 0, window: { durationSeconds: window.durationSeconds, endSeconds: 1_700_000_300 } };
    },
  };
}

async function ok<T>(url: string, schema: { parse(v: unknown): T }): Promise<T> {
  const response = await c!.app.inject({ url });
  expect(response.statusCode, response.body).toBe(200);
  return schema.parse(response.json());
}

/** 2026-12-06T14:05:00Z */
const INCIDENT = 1_796_565_900;

async function whatIf(body: unknown): Promise<s.WhatIfResponse> {
  // No CSRF token: it changes nothing, like /api/validate.
  const response = await c!.app.inject({ method: 'POST', url: '/api/whatif', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  expect(response.statusCode, response.body).toBe(200);
  return s.WhatIfResponse.parse(response.json());
}

describe('GET /api/readiness', () => {
  it('names the caller without identity and legacy-client, offers the policy; once applied, says the namespace is already STRICT', async () => {
    const asked: { window: number; namespaces?: readonly string[] }[] = [];
    c = await testConsole({ traffic: fixedTraffic(asked) });
    const r = await ok('/api/readiness?namespace=travel-agency&window=30s', s.Readiness);
    expect(asked).toEqual([{ window: 30, namespaces: ['travel-agency'] }]);
    expect(r).toMatchObject({ verdict: 'not-ready', windowSeconds: 30, telemetry: { source: 'fixed rows', windowSeconds: 30, error: null } });
    const travels = r.workloads.find((w) => w.name === 'travels');
    expect(travels?.observed).toEqual([{ source: 'outside', requestRate: 0.6, firstSeenSeconds: 1_700_000_000, lastSeenSeconds: 1_700_000_300, blocking: true }]);
    expect(travels?.ports[0]?.predicted[0]).toMatchObject({ source: 'legacy/legacy-client', cause: 'no-sidecar', requestRate: 0.6, blocking: true });

    const created = await c.app.inject({ method: 'POST', url: '/api/config', headers: c.headers, payload: JSON.stringify({ yaml: r.policy.yaml }) });
    expect(created.statusCode, created.body).toBe(201);
    const after = await ok('/api/readiness?namespace=travel-agency', s.Readiness);
    expect(after.reasons[0]).toBe('every sidecar port is already STRICT');
    expect(after.policy.replaces).toBe('PeerAuthentication/travel-agency/default');
  });

  it('without telemetry it judges from the configuration; a failing source says why; bad input is refused', async () => {
    c = await testConsole({
      traffic: {
        description: 'Prometheus at http://127.0.0.1:1',
        traffic: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:1');
        },
      },
    });
    const r = await ok('/api/readiness?namespace=travel-agency&workload=hotels', s.Readiness);
    expect(r).toMatchObject({ workload: 'hotels', verdict: 'not-ready', telemetry: { error: 'connect ECONNREFUSED 127.0.0.1:1' } });
    expect(r.policy.yaml).toContain('matchLabels:\n      app: hotels');
    expect((await c.app.inject({ url: '/api/readiness?namespace=travel-agency&window=10 minutes' })).json()).toMatchObject({ error: { code: 'bad-request', message: expect.stringContaining('query.window') } });
    expect((await c.app.inject({ url: '/api/readiness?namespace=nope' })).statusCode).toBe(404);
    expect((await c.app.inject({ url: '/api/readiness' })).statusCode).toBe(400);
  });

  it('end= judges on the window that ended then; an end that is not a time is refused', async () => {
    const asked: { window: number; end?: number; namespaces?: readonly string[] }[] = [];
    c = await testConsole({ traffic: fixedTraffic(asked) });
    await ok('/api/readiness?namespace=travel-agency&window=5m&end=2026-12-06T14:05:00Z', s.Readiness);
    expect(asked).toEqual([{ window: 300, end: INCIDENT, namespaces: ['travel-agency'] }]);
    const refused = await c.app.inject({ url: '/api/readiness?namespace=travel-agency&end=06.12.2026' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'bad-request', message: expect.stringContaining('query.end: RFC 3339') } });
  });
});

describe('POST /api/whatif', () => {
  it('lists the edges that start failing with their observed rate, without a CSRF token and without writing', async () => {
    c = await testConsole({ traffic: fixedTraffic() });
    const result = await whatIf({ yaml: STRICT });
    expect(result.summary).toMatchObject({ changed: 14, failing: 14, failingObserved: 2, failingRequestRate: 0.6 });
    expect(result.breaks).toBe(true);
    expect(result.changed.slice(0, 2).map((e) => [e.source, e.destination.workload, e.before, e.after, e.requestRate, e.observedAs])).toEqual([
      ['legacy/legacy-client', 'travels', 'plaintext', 'fail', 0.6, 'outside'],
      ['outside', 'travels', 'plaintext', 'fail', 0.6, 'outside'],
    ]);
    // Only the demo's own (travel-payments/default): the what-if wrote nothing.
    expect((await c.app.inject({ url: '/api/config?kind=PeerAuthentication' })).json()).toMatchObject({ total: 1 });
  });

  it('weighs by the window ending at the body\'s end, given as RFC 3339 or as seconds; an end that is not a time is a 400', async () => {
    const asked: { window: number; end?: number; namespaces?: readonly string[] }[] = [];
    c = await testConsole({ traffic: fixedTraffic(asked) });
    await whatIf({ yaml: STRICT, window: '1h', end: '2026-12-06T14:05:00Z' });
    await whatIf({ yaml: STRICT, end: INCIDENT });
    expect(asked).toEqual([
      { window: 3_600, end: INCIDENT, namespaces: undefined },
      { window: 600, end: INCIDENT, namespaces: undefined },
    ]);
    const refused = await c.app.inject({ method: 'POST', url: '/api/whatif', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ yaml: STRICT, end: -1 }) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { message: expect.stringContaining('body.end') } });
  });

  it('edited text stands in for the object it replaces; a rename removes the old one; unreadable documents come back as problems', async () => {
    c = await testConsole({ files: { 'strict.yaml': STRICT } });
    const permissive = STRICT.replace('STRICT', 'PERMISSIVE');
    const back = await whatIf({ yaml: permissive, replaces: { kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' } });
    expect(back.summary).toMatchObject({ changed: 14, fixed: 14, failing: 0 });
    expect(back.breaks).toBe(false);
    expect(back.telemetry).toBeNull();
    const renamed = await whatIf({ yaml: permissive.replace('name: default', 'name: renamed'), replaces: { kind: 'PeerAuthentication', namespace: 'travel-agency', name: 'default' } });
    expect(renamed.summary.fixed).toBe(14);
    const broken = await whatIf({ yaml: 'kind: [' });
    expect(broken.changed).toEqual([]);
    expect(broken.problems[0]).toMatchObject({ code: 'yaml-syntax', file: null });
  });
});

describe('GET /api/certificates', () => {
  it('warns about a mesh root in istio-ca-root-cert that expires in 30 days, and lists the lab’s certificates', async () => {
    const now = Date.now();
    const root = await testCa({ name: 'expiring root', notBefore: new Date(now - 300 * DAY), notAfter: new Date(now + 30 * DAY + 3_600_000) });
    const lab: CertificateFact = {
      role: 'workload', subject: '', issuer: 'O=cluster.local', serialNumber: '01', spiffeId: 'spiffe://cluster.local/ns/travel-agency/sa/travels', source: 'the lab CA',
      notBefore: new Date(now - 3_600_000).toISOString(), notAfter: new Date(now + 23 * 3_600_000).toISOString(), rotatesAt: new Date(now + 11 * 3_600_000).toISOString(),
      workloads: ['travel-agency/travels'], fingerprint256: null,
    };
    c = await testConsole({ files: { 'ca.yaml': rootCertConfigMap(root.pem) }, certificates: { description: 'the lab CA', certificates: async () => [lab] } });
    const report = await ok('/api/certificates', s.Certificates);
    expect(report.certificates.map((x) => [x.role, x.subject || x.spiffeId, x.daysLeft])).toEqual([
      ['root', 'O=expiring root', 30],
      ['workload', 'spiffe://cluster.local/ns/travel-agency/sa/travels', 0],
    ]);
    expect(report.warnings.map((w) => w.code)).toEqual(['expires-soon']);
    expect(report.sources).toHaveLength(2);
    expect(report.problems).toEqual([]);
  });
});

describe('GET /api/evidence', () => {
  it('downloads mTLS coverage per namespace as CSV and JSON', async () => {
    c = await testConsole({ files: { 'strict.yaml': STRICT }, traffic: fixedTraffic() });
    const csv = await c.app.inject({ url: '/api/evidence?format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="meshlock-evidence-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('namespace,mode,lock,decidedBy,workloads,sidecarWorkloads,ports,strictPorts,strictPortShare,requestRate,mtlsRequestRate,mtlsRequestShare');
    expect(lines, csv.body).toContain('travel-agency,STRICT,full,PeerAuthentication/travel-agency/default,7,7,7,7,1,3,2.4,0.8');
    const json = await c.app.inject({ url: '/api/evidence?format=json&window=1h' });
    const document = json.json<{ generatedAt: string; telemetry: s.TelemetryInfo; namespaces: unknown[] }>();
    expect(document.telemetry).toEqual({ source: 'fixed rows', windowSeconds: 3600, error: null });
    expect(document.namespaces.map((n) => s.NamespaceCoverage.parse(n).namespace)).toEqual(['istio-system', 'legacy', 'travel-agency', 'travel-control', 'travel-payments', 'travel-portal']);
    // The ambient namespace: no sidecar, yet both ports STRICT at ztunnel.
    expect(lines.find((l) => l.startsWith('travel-payments,'))).toMatch(/^travel-payments,STRICT,full,PeerAuthentication\/travel-payments\/default,2,0,2,2,1,/);
  });
});
