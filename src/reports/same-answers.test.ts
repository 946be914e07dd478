// One fact, one answer: for the same mesh files, `meshlock X -o json` run in the directory and the console
// served from it (`meshlock serve DIR`, over real HTTP) answer with the same JSON, on scenario worlds, the
// demo, and the demo with telemetry from a real Prometheus. A difference here is a bug in whichever door
// computes the fact on its own.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusTelemetry } from '../telemetry/prometheus/prometheus-source.js';
import { testConsole, type TestConsole, type TestConsoleOptions } from '../testing/console-server.js';
import { eventually } from '../testing/eventually.js';
import { counterSeries } from '../testing/istio-series.js';
import { completeWorld, WORLD_FILE } from '../testing/mesh-from-yaml.js';
import { backfilledPrometheus, type RunningPrometheus } from '../testing/prometheus.js';
import { cli } from '../testing/run-cli.js';
import { AUTO_MTLS_SCENARIOS, DESTINATION_RULE_SCENARIOS } from '../testing/scenarios/client-scenarios.js';
import { MATRIX_SCENARIOS } from '../testing/scenarios/matrix-scenarios.js';
import type { Scenario } from '../testing/scenarios/scenario.js';
import { ROLLUP_SCENARIOS, SERVER_SCENARIOS } from '../testing/scenarios/server-scenarios.js';
import { strictPolicyYaml } from '../testing/seed-changes.js';
import { workload } from '../testing/world-yaml.js';
import { rootCertConfigMap, testCa } from '../testing/test-certificates.js';

const DAY = 86_400_000;

interface Served {
  readonly console: TestConsole;
  readonly url: string;
}

async function serve(options: TestConsoleOptions): Promise<Served> {
  const c = await testConsole(options);
  await c.app.listen({ host: '127.0.0.1', port: 0 });
  const address = c.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the console did not listen on a port');
  return { console: c, url: `http://127.0.0.1:${address.port}` };
}

/** `meshlock ARGS . -o json` in the served directory, as a person there would type it. */
async function cliJson(served: Served, args: readonly string[]): Promise<unknown> {
  const run = await cli([...args, '.', '-o', 'json'], served.console.dir);
  // 1 is a verdict (not ready, a warning, an edge that breaks), not a failure to answer.
  expect(run.code, `meshlock ${args.join(' ')}: ${run.stderr}`).toBeLessThan(2);
  return JSON.parse(run.stdout);
}

async function apiJson(served: Served, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(served.url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return response.json();
}

async function expectSameAnswer(served: Served, args: readonly string[], path: string, body?: unknown): Promise<void> {
  const [fromCli, fromApi] = await Promise.all([cliJson(served, args), apiJson(served, path, body)]);
  expect(fromApi, `meshlock ${args.join(' ')} -o json vs ${path}`).toEqual(fromCli);
}

/** Every pair that needs no telemetry, on the directory `served` serves. */
async function expectSameAnswers(served: Served): Promise<void> {
  const status = (await apiJson(served, '/api/status')) as { mesh: { rootNamespace: string }; namespaces: { name: string }[] };
  const namespaces = status.namespaces.map((n) => n.name);
  const root = status.mesh.rootNamespace;
  await expectSameAnswer(served, ['status'], '/api/status');
  await expectSameAnswer(served, ['edges'], '/api/edges');
  await expectSameAnswer(served, ['validate'], '/api/validations');
  await expectSameAnswer(served, ['certificates'], '/api/certificates');
  const edges = (await apiJson(served, '/api/edges')) as { source: string; destination: { host: string; port: number } }[];
  const [edge] = edges;
  if (edge) {
    await expectSameAnswer(served, ['edges', '--from', edge.source], `/api/edges?from=${encodeURIComponent(edge.source)}`);
    const to = `${edge.destination.host}:${edge.destination.port}`;
    await expectSameAnswer(served, ['edges', '--to', to], `/api/edges?to=${encodeURIComponent(to)}`);
  }
  for (const namespace of namespaces) {
    await expectSameAnswer(served, ['status', '-n', namespace], `/api/status?namespace=${namespace}`);
    await expectSameAnswer(served, ['readiness', '-n', namespace], `/api/readiness?namespace=${namespace}`);
  }
  const target = namespaces.find((n) => n !== root) ?? root;
  const change = `${served.console.dir}-change.yaml`;
  writeFileSync(change, strictPolicyYaml(target));
  try {
    await expectSameAnswer(served, ['whatif', '--change', change], '/api/whatif', { yaml: strictPolicyYaml(target) });
  } finally {
    rmSync(change, { force: true });
  }
}

/** A few worlds of every scenario table: server modes, rollups, client DRs, auto mTLS and the matrix. */
const WORLDS: readonly Scenario<unknown>[] = [SERVER_SCENARIOS, ROLLUP_SCENARIOS, DESTINATION_RULE_SCENARIOS, AUTO_MTLS_SCENARIOS, MATRIX_SCENARIOS].flatMap((table) =>
  table.filter((_, i) => i % Math.ceil(table.length / 4) === 0),
);

describe('the CLI and the console give the same JSON', () => {
  it.each(WORLDS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const served = await serve({ empty: true, files: { [WORLD_FILE]: completeWorld(scenario.world, scenario.options) } });
    try {
      await expectSameAnswers(served);
    } finally {
      await served.console.close();
    }
  });

  it('the demo with files that do not load, an object Istio would reject and checks that fail', async () => {
    const served = await serve({
      files: {
        'broken.yaml': 'kind: [\n',
        'rejected.yaml': 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ports, namespace: travel-agency}\nspec:\n  portLevelMtls:\n    8000: {mode: DISABLE}\n',
        'dangling.yaml':
          'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: nowhere, namespace: travel-portal}\nspec:\n  host: nowhere.travel-portal.svc.cluster.local\n  subsets: [{name: v9, labels: {version: v9}}]\n  trafficPolicy: {tls: {mode: DISABLE}, unknownField: 1}\n',
      },
    });
    try {
      const report = (await apiJson(served, '/api/validations')) as { summary: { errors: number; warnings: number; problems: unknown[] } };
      expect(report.summary.errors).toBeGreaterThan(0);
      expect(report.summary.problems.length).toBeGreaterThan(0);
      await expectSameAnswers(served);
    } finally {
      await served.console.close();
    }
  });

  it('the demo after saves through the console: the revisions built change by change answer as a fresh read does', async () => {
    const served = await serve({});
    const send = (method: string, path: string, body?: unknown) =>
      fetch(served.url + path, body === undefined ? { method, headers: { 'x-csrf-token': served.console.csrfToken } } : { method, headers: served.console.headers, body: JSON.stringify(body) });
    const versionOf = async (path: string) => ((await (await fetch(served.url + path)).json()) as { resourceVersion: string }).resourceVersion;
    const errorsOfRule = async () => {
      const report = (await apiJson(served, '/api/validations')) as { objects: { kind: string; name: string; checks: { code: string }[] }[] };
      return report.objects.filter((o) => o.kind === 'DestinationRule' && o.name === 'plain').flatMap((o) => o.checks.map((c) => c.code));
    };
    const plainRule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: plain, namespace: travel-agency}\nspec:\n  host: "*.travel-agency.svc.cluster.local"\n  trafficPolicy: {tls: {mode: DISABLE}}\n';
    try {
      expect((await send('POST', '/api/config', { yaml: strictPolicyYaml('travel-agency') })).status).toBe(201);
      expect((await send('POST', '/api/config', { yaml: plainRule })).status).toBe(201);
      // STRICT beside a DISABLE rule: the rule's check comes from another object's save.
      expect(await errorsOfRule()).toContain('KIA0207');
      await expectSameAnswers(served);
      const policy = '/api/config/travel-agency/PeerAuthentication/default';
      const permissive = strictPolicyYaml('travel-agency').replace('STRICT', 'PERMISSIVE');
      expect((await send('PUT', policy, { yaml: permissive, resourceVersion: await versionOf(policy) })).status).toBe(200);
      expect(await errorsOfRule()).not.toContain('KIA0207');
      await expectSameAnswers(served);
      expect((await send('DELETE', `${policy}?resourceVersion=${encodeURIComponent(await versionOf(policy))}`)).status).toBe(200);
      await expectSameAnswers(served);
    } finally {
      await served.console.close();
    }
  });

  it('the demo after files were edited beside the console: a new file that sorts first, a document added at the top of a file', async () => {
    const served = await serve({ watch: true });
    try {
      const before = served.console.live.current.number;
      const alpha = ['apiVersion: v1\nkind: Namespace\nmetadata: {name: alpha, labels: {istio-injection: enabled}}\n', workload('alpha', 'api'), strictPolicyYaml('alpha')].join('---\n');
      writeFileSync(join(served.console.dir, 'a-first.yaml'), alpha);
      const portal = join(served.console.dir, 'travel-portal.yaml');
      const rule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: to-alpha, namespace: travel-portal}\nspec:\n  host: api.alpha.svc.cluster.local\n  trafficPolicy: {tls: {mode: DISABLE}}\n';
      writeFileSync(portal, `${rule}---\n${readFileSync(portal, 'utf8')}`);
      await eventually(
        () => apiJson(served, '/api/validations'),
        (report) => JSON.stringify(report).includes('to-alpha') && JSON.stringify(report).includes('a-first.yaml'),
        'both edits in the console',
      );
      expect(served.console.live.current.number).toBeGreaterThan(before);
      await expectSameAnswers(served);
    } finally {
      await served.console.close();
    }
  });

  it('the demo mesh, with a mesh root that expires within 60 days and a plugged-in intermediate', async () => {
    const now = Date.now();
    const root = await testCa({ name: 'mesh root', notBefore: new Date(now - 3620 * DAY), notAfter: new Date(now + 30 * DAY) });
    const intermediate = await testCa({ name: 'cluster-1 intermediate', notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY), issuer: root });
    const cacerts = `apiVersion: v1\nkind: Secret\nmetadata: {name: cacerts, namespace: istio-system}\ndata:\n  ca-cert.pem: ${Buffer.from(intermediate.pem).toString('base64')}\n`;
    const served = await serve({ files: { 'certificates.yaml': [rootCertConfigMap(root.pem), cacerts].join('---\n') } });
    try {
      const certificates = (await apiJson(served, '/api/certificates')) as { certificates: unknown[]; warnings: unknown[] };
      expect([certificates.certificates.length, certificates.warnings.length]).toEqual([2, 1]);
      await expectSameAnswers(served);
      await expectSameAnswer(served, ['readiness', '-n', 'travel-agency', '--workload', 'travels'], '/api/readiness?namespace=travel-agency&workload=travels');
    } finally {
      await served.console.close();
    }
  });
});

describe('the CLI and the console give the same JSON with telemetry from Prometheus', () => {
  const END = Math.floor(Date.now() / 15_000) * 15;
  let prometheus: RunningPrometheus;
  let served: Served;
  beforeAll(async () => {
    prometheus = await backfilledPrometheus([
      counterSeries('istio_requests_total', { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true }, 2, END),
      counterSeries('istio_requests_total', { from: 'outside', to: 'travel-agency/travels', mtls: false }, 1, END),
      counterSeries('istio_requests_total', { from: 'travel-agency/travels', to: 'travel-agency/hotels', mtls: true, code: '503' }, 1, END),
    ]);
    served = await serve({ traffic: new PrometheusTelemetry({ url: prometheus.url }) });
  }, 60_000);
  afterAll(async () => {
    await served?.console.close();
    await prometheus?.stop();
  });

  /**
   * Both doors ask for the window ending at END (`--end`, `end=`, the body's `end`), so they read the same
   * samples however long apart they run.
   */
  async function expectSameObservedAnswer(args: readonly string[], path: string, body?: Record<string, unknown>): Promise<unknown> {
    const pinned = body === undefined ? `${path}${path.includes('?') ? '&' : '?'}end=${END}` : path;
    const [fromCli, fromApi] = await Promise.all([cliJson(served, [...args, '--prometheus', prometheus.url, '--end', String(END)]), apiJson(served, pinned, body && { ...body, end: String(END) })]);
    expect(fromApi, `meshlock ${args.join(' ')} -o json vs ${pinned}`).toEqual(fromCli);
    return fromApi;
  }

  it('graph', async () => {
    const graph = (await expectSameObservedAnswer(['graph', '--duration', '5m'], '/api/graph?duration=5m')) as { edges: unknown[]; endSeconds: number };
    expect(graph.edges).toHaveLength(3);
    expect(graph.endSeconds).toBe(END);
    await expectSameObservedAnswer(['graph', '--namespaces', 'travel-agency', '--type', 'app', '--idle-nodes'], '/api/graph?namespaces=travel-agency&type=app&idleNodes=true');
  });

  it('readiness of a namespace, a workload and the mesh', async () => {
    const namespace = (await expectSameObservedAnswer(['readiness', '-n', 'travel-agency', '--window', '5m'], '/api/readiness?namespace=travel-agency&window=5m')) as { verdict: string };
    // The backfilled plaintext caller of travels is what keeps travel-agency from STRICT.
    expect(namespace.verdict).toBe('not-ready');
    await expectSameObservedAnswer(['readiness', '-n', 'travel-agency', '--workload', 'travels'], '/api/readiness?namespace=travel-agency&workload=travels');
    await expectSameObservedAnswer(['readiness', '-n', 'istio-system'], '/api/readiness?namespace=istio-system');
  });

  it('what-if', async () => {
    const change = `${served.console.dir}-change.yaml`;
    writeFileSync(change, strictPolicyYaml('travel-agency'));
    try {
      const result = (await expectSameObservedAnswer(['whatif', '--change', change, '--window', '5m'], '/api/whatif', { yaml: strictPolicyYaml('travel-agency'), window: '5m' })) as { summary: { failingObserved: number } };
      expect(result.summary.failingObserved).toBeGreaterThan(0);
    } finally {
      rmSync(change, { force: true });
    }
  });
});
