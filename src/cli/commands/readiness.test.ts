// `meshlock readiness` on the demo: travel-agency is not ready while legacy-client has no sidecar; once the
// legacy namespace is injected it is, and the table ends with the policy to apply. JSON is GET /api/readiness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readiness } from '../../api/schemas.js';
import { testConsole } from '../../testing/console-server.js';
import { useDemoLab } from '../../testing/demo-lab.js';
import { withDemoCopy } from '../../testing/demo-mesh.js';
import { counterSeries } from '../../testing/istio-series.js';
import { backfilledPrometheus, type RunningPrometheus } from '../../testing/prometheus.js';
import { cli } from '../../testing/run-cli.js';
import { demoPath } from '../source.js';

/** The demo's namespaces with legacy injected: legacy-client gets a sidecar. */
const LEGACY_INJECTED = readFileSync(join(demoPath(), 'namespaces.yaml'), 'utf8').replace('  name: legacy\n', '  name: legacy\n  labels:\n    istio-injection: enabled\n');

describe('meshlock readiness', () => {
  it('travel-agency is not ready: legacy-client would be refused on every port; exit 1; the JSON is GET /api/readiness', async () => {
    const run = await cli(['readiness', '--demo', '-n', 'travel-agency', '-o', 'json']);
    expect(run.code, run.stderr).toBe(1);
    const json = Readiness.parse(JSON.parse(run.stdout));
    expect(json).toMatchObject({ namespace: 'travel-agency', verdict: 'not-ready', telemetry: null });
    expect(json.reasons[0]).toBe('1 caller would be refused: legacy/legacy-client');
    const c = await testConsole();
    try {
      expect((await c.app.inject({ url: '/api/readiness?namespace=travel-agency' })).json()).toEqual(json);
    } finally {
      await c.close();
    }
  });

  it('with legacy in the mesh: ready, exit 0, and the table ends with the STRICT policy', async () => {
    const run = await withDemoCopy({ 'namespaces.yaml': LEGACY_INJECTED }, (dir) => cli(['readiness', dir, '-n', 'travel-agency']));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^travel-agency: READY for STRICT \(no telemetry: configuration only\)\n/);
    expect(run.stdout).toMatch(/^travels +8000 +PERMISSIVE +STRICT +ready +-$/m);
    expect(run.stdout).toContain('Policy to apply (PeerAuthentication/travel-agency/default, new):\n\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: travel-agency\nspec:\n  mtls:\n    mode: STRICT\n');
  });

  it('without --namespace: every namespace but the root; --workload needs --namespace', async () => {
    const run = await cli(['readiness', '--demo', '-o', 'json']);
    expect(run.code).toBe(1);
    const all = Readiness.array().parse(JSON.parse(run.stdout));
    expect(all.map((r) => [r.namespace, r.verdict])).toEqual([
      ['legacy', 'ready'],
      ['travel-agency', 'not-ready'],
      ['travel-control', 'not-ready'],
      // Already STRICT.
      ['travel-payments', 'ready'],
      ['travel-portal', 'not-ready'],
    ]);
    expect(await cli(['readiness', '--demo', '--workload', 'travels'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--workload needs --namespace') });
    expect(await cli(['readiness', '--demo', '-n', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no namespace nope') });
    expect(await cli(['readiness', '--demo', '-n', 'travel-agency', '--end', '1796565900000'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--end 1796565900000: seconds since the epoch, not milliseconds') });
    // Without telemetry an end would be ignored, and the verdict read as one about that time.
    expect(await cli(['readiness', '--demo', '-n', 'travel-agency', '--end', '1796565900'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--end needs --prometheus') });
  });
});

describe('meshlock readiness --prometheus --end', () => {
  const END = Math.floor(Date.now() / 15_000) * 15;
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    // A caller without identity that stopped calling cars an hour ago.
    prometheus = await backfilledPrometheus([counterSeries('istio_requests_total', { from: 'outside', to: 'travel-agency/cars', mtls: false }, 1, END - 3600)]);
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('judges on the window that ended then: ready now, not ready an hour ago while the plaintext caller still called', async () => {
    const hourAgo = new Date((END - 3600) * 1000).toISOString().replace('.000Z', 'Z');
    const [now, then] = await withDemoCopy({ 'namespaces.yaml': LEGACY_INJECTED }, (dir) => {
      const args = ['readiness', dir, '-n', 'travel-agency', '--prometheus', prometheus.url, '--window', '5m'];
      return Promise.all([cli(args), cli([...args, '--end', hourAgo])]);
    });
    expect(now.code, now.stderr).toBe(0);
    expect(now.stdout).toMatch(/^travel-agency: READY for STRICT \(traffic of the last 5m from Prometheus at /);
    expect(then.code, then.stderr).toBe(1);
    expect(then.stdout).toContain(`travel-agency: NOT READY for STRICT (traffic of the 5m ending ${hourAgo} from Prometheus at ${prometheus.url})\n`);
    expect(then.stdout).toContain('  - 1 caller would be refused: callers without identity\n');
    expect(then.stdout).toMatch(/^cars +8000 +PERMISSIVE +STRICT +\S+ +outside sent [\d.]+ req\/s without mTLS$/m);
  });
});

describe('meshlock readiness --lab', () => {
  const lab = useDemoLab({ untilUnidentifiedAt: 'travel-agency/travels' });

  it('lists the caller seen without identity at travels with its rate; hotels is ready, since legacy-client never called it', async () => {
    const run = await cli(['readiness', '--demo', '-n', 'travel-agency', '--lab', lab().url, '--window', '1m']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^travel-agency: NOT READY for STRICT \(traffic of the last 1m from the lab at http:\/\/127\.0\.0\.1:\d+\)\n/);
    expect(run.stdout).toMatch(/^travels +8000 +PERMISSIVE +STRICT +not-ready +outside sent [\d.]+ req\/s without mTLS; legacy\/legacy-client would fail \(no sidecar, [\d.]+ req\/s\)$/m);
    expect(run.stdout).toMatch(/^hotels +8000 +PERMISSIVE +STRICT +ready +legacy\/legacy-client would fail \(no sidecar, not seen calling\)$/m);
  });

  it('refuses --end: the lab knows only the window ending now', async () => {
    const run = await cli(['readiness', '--demo', '-n', 'travel-agency', '--lab', lab().url, '--end', '2026-12-06T14:05:00Z']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read traffic from the lab at ${lab().url}: the lab answers only the window ending now: a window with an end (--end, end=) needs Prometheus (--prometheus URL)`);
  });
});
