// GET /api/health's report: the namespaces' traffic health from response codes (seed 001's 5xx show in both
// namespaces of the failing calls), nothing invented without telemetry, and a failing source said, not hidden.
import { describe, expect, it } from 'vitest';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { graphRow } from '../testing/graph-rows.js';
import { namespaceHealthReport } from './graph-health.js';

const source = (rows: Parameters<typeof graphRow>[0][]): TelemetrySource => ({
  description: 'the test telemetry',
  traffic: async (window) => ({ rows: rows.map(graphRow), queries: 3, window: { durationSeconds: window.durationSeconds, endSeconds: 1_800_000_000 } }),
});

describe('namespace traffic health', () => {
  it('fails both namespaces of a call answered with 5xx, keeps a clean one healthy, and leaves out one without traffic', async () => {
    const report = await namespaceHealthReport(
      source([
        { from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 4 },
        { from: 'travel-portal/voyages', to: 'travel-agency/travels', code: '503', rate: 1 },
        { from: 'travel-control/control', to: 'travel-control/control', rate: 1 },
      ]),
      { duration: 300 },
    );
    expect(report.telemetry).toEqual({ source: 'the test telemetry', queries: 3, error: null });
    expect(report.durationSeconds).toBe(300);
    expect(report.namespaces.map((n) => [n.namespace, n.status, n.nodes.failure])).toEqual([
      ['travel-agency', 'failure', 1],
      ['travel-control', 'healthy', 0],
      ['travel-portal', 'failure', 1],
    ]);
  });

  it('says so when there is no telemetry source, or when it fails', async () => {
    expect(await namespaceHealthReport(undefined, {})).toEqual({ durationSeconds: 600, telemetry: { source: null, queries: 0, error: null }, namespaces: [] });
    const failing: TelemetrySource = { description: 'Prometheus at http://127.0.0.1:9', traffic: () => Promise.reject(new Error('did not answer within 10 s')) };
    expect(await namespaceHealthReport(failing, {})).toMatchObject({ telemetry: { source: 'Prometheus at http://127.0.0.1:9', error: 'did not answer within 10 s' }, namespaces: [] });
  });
});
