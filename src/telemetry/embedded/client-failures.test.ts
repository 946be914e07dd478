// The embedded store's client-reported failures join the lab source's rows only when asked, only failures
// (flags set), and only for the namespaces asked about.
import { describe, expect, it } from 'vitest';
import { istioLabels, TelemetryStore } from './store.js';
import type { TelemetrySource } from '../telemetry-source.js';
import { withClientFailures } from './client-failures.js';

const destinationOnly: TelemetrySource = {
  description: 'the lab',
  traffic: async (window) => ({ rows: [], queries: 0, window: { durationSeconds: window.durationSeconds, endSeconds: 0 } }),
};

function client(workload: string, namespace: string, code: string, flags: string) {
  return istioLabels({
    reporter: 'source',
    source_workload: workload,
    source_workload_namespace: namespace,
    source_canonical_service: workload,
    destination_service: 'travels.travel-agency.svc.cluster.local',
    destination_service_namespace: 'travel-agency',
    request_protocol: 'http',
    response_code: code,
    response_flags: flags,
  });
}

describe('withClientFailures', () => {
  const store = new TelemetryStore();
  for (let i = 0; i < 6; i++) store.recordRequest(client('voyages', 'travel-portal', '503', 'UC'), 1);
  for (let i = 0; i < 9; i++) store.recordRequest(client('viaggi', 'travel-portal', '200', '-'), 1);
  const source = withClientFailures(destinationOnly, store);

  it('adds the client sidecars’ local failures as source-reported rows, per second over the window', async () => {
    const { rows } = await source.traffic({ durationSeconds: 60 }, undefined, { clientFailures: true });
    expect(rows).toEqual([
      expect.objectContaining({
        reporter: 'source',
        source: expect.objectContaining({ workload: 'voyages', namespace: 'travel-portal' }),
        destination: expect.objectContaining({ namespace: 'travel-agency', service: 'travels.travel-agency.svc.cluster.local' }),
        responseCode: '503',
        responseFlags: 'UC',
        securityPolicy: 'unknown',
        requestsPerSecond: 0.1,
      }),
    ]);
  });

  it('adds nothing unless asked, and keeps to the namespaces asked about', async () => {
    expect((await source.traffic({ durationSeconds: 60 })).rows).toEqual([]);
    expect((await source.traffic({ durationSeconds: 60 }, ['legacy'], { clientFailures: true })).rows).toEqual([]);
    expect((await source.traffic({ durationSeconds: 60 }, ['travel-agency'], { clientFailures: true })).rows).toHaveLength(1);
  });
});
