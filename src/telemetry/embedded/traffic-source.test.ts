// The lab's store as TrafficRows: destination-reported series become rows per second over the window, a
// caller without peer metadata becomes `outside`, TCP rows carry connection and byte rates, and the store's
// checkpoints say when each row's traffic was first and last seen.
import { describe, expect, it } from 'vitest';
import type { SeenTrafficRow } from '../../core/index.js';
import { istioLabels, TelemetryStore } from './store.js';
import { labApiTrafficSource, labTrafficSource, ONLY_NOW } from './traffic-source.js';

const T0 = 1_700_000_000_000;

const plaintextFromLegacy = istioLabels({
  reporter: 'destination',
  destination_workload: 'travels',
  destination_workload_namespace: 'travel-agency',
  destination_service: 'travels.travel-agency.svc.cluster.local',
  request_protocol: 'http',
  response_code: '200',
  connection_security_policy: 'none',
});
const mtlsFromVoyages = istioLabels({ ...plaintextFromLegacy, source_workload: 'voyages', source_workload_namespace: 'travel-portal', source_principal: 'spiffe://cluster.local/ns/travel-portal/sa/voyages', connection_security_policy: 'mutual_tls' });
const tcpToDb = istioLabels({ reporter: 'destination', source_workload: 'hotels', source_workload_namespace: 'travel-agency', destination_workload: 'mysqldb', destination_workload_namespace: 'travel-agency', request_protocol: 'tcp', connection_security_policy: 'mutual_tls' });

describe('labTrafficSource', () => {
  it('turns the last minute of the store into rows with rates and first/last seen', async () => {
    let now = T0;
    const store = new TelemetryStore();
    const source = labTrafficSource(store, () => now);
    store.checkpoint(now);
    // 0–60 s: voyages calls every 5 s with mTLS; the caller without identity only between 20 s and 35 s.
    for (let t = 5; t <= 60; t += 5) {
      now = T0 + t * 1000;
      store.recordRequest(mtlsFromVoyages, 1);
      if (t >= 20 && t <= 35) store.recordRequest(plaintextFromLegacy, 1);
      store.add('istio_tcp_connections_opened_total', tcpToDb);
      store.add('istio_tcp_sent_bytes_total', tcpToDb, 600);
      store.checkpoint(now);
    }
    const { rows, window } = await source.traffic({ durationSeconds: 60 });
    expect(window).toEqual({ durationSeconds: 60, endSeconds: T0 / 1000 + 60 });
    const outside: SeenTrafficRow | undefined = rows.find((r) => r.source.type === 'outside');
    expect(outside).toMatchObject({ protocol: 'http', securityPolicy: 'none', responseCode: '200', requestsPerSecond: 4 / 60, destination: { namespace: 'travel-agency', workload: 'travels', service: 'travels.travel-agency.svc.cluster.local' } });
    // Seen from the checkpoint before 20 s to the one after 35 s, at the store's 5 s precision.
    expect([outside?.firstSeenSeconds, outside?.lastSeenSeconds].map((s) => (s ?? 0) - T0 / 1000)).toEqual([15, 35]);
    const voyages = rows.find((r) => r.source.type === 'workload' && r.source.workload === 'voyages');
    expect(voyages).toMatchObject({ securityPolicy: 'mutual_tls', source: { namespace: 'travel-portal', principal: 'spiffe://cluster.local/ns/travel-portal/sa/voyages' } });
    const tcp = rows.find((r) => r.protocol === 'tcp');
    expect(tcp).toMatchObject({ responseCode: '-', tcpSentBytesPerSecond: 7200 / 60, destination: { workload: 'mysqldb' } });
    expect(tcp?.requestsPerSecond).toBeCloseTo(12 / 60);
    // Ten minutes asked of a lab that ran one: averaged over the minute it ran.
    const long = await source.traffic({ durationSeconds: 600 });
    expect(long.rows.find((r) => r.source.type === 'outside')?.requestsPerSecond).toBe(4 / 60);
  });

  it('leaves out rows of other namespaces and rows without traffic in the window', async () => {
    let now = T0;
    const store = new TelemetryStore();
    const source = labTrafficSource(store, () => now);
    store.checkpoint(now);
    store.recordRequest(plaintextFromLegacy, 1);
    now += 120_000;
    store.checkpoint(now);
    expect((await source.traffic({ durationSeconds: 60 })).rows).toEqual([]);
    store.recordRequest(plaintextFromLegacy, 1);
    expect((await source.traffic({ durationSeconds: 60 }, ['travel-portal'])).rows).toEqual([]);
    expect((await source.traffic({ durationSeconds: 60 }, ['travel-agency'])).rows).toHaveLength(1);
  });

  it('answers the callers of a longer look-back apart: one that stopped before the window is there, not in the rows', async () => {
    let now = T0;
    const store = new TelemetryStore();
    const source = labTrafficSource(store, () => now);
    store.checkpoint(now);
    // The caller without identity calls during the first minute only; voyages keeps calling for five.
    for (let t = 5; t <= 300; t += 5) {
      now = T0 + t * 1000;
      store.recordRequest(mtlsFromVoyages, 1);
      if (t <= 60) store.recordRequest(plaintextFromLegacy, 1);
      store.checkpoint(now);
    }
    const result = await source.traffic({ durationSeconds: 60 }, undefined, { earlierCallersSeconds: 86_400 });
    expect(result.rows.map((r) => r.source.type)).toEqual(['workload']);
    expect(result.earlierRows?.map((r) => (r.source.type === 'outside' ? 'outside' : r.source.workload)).sort()).toEqual(['outside', 'voyages']);
    expect(result.queries).toBe(0);
    expect((await source.traffic({ durationSeconds: 60 })).earlierRows).toBeUndefined();
  });

  it('takes requests a waypoint carried, and not the connections a client ztunnel reports', async () => {
    let now = T0;
    const store = new TelemetryStore();
    const source = labTrafficSource(store, () => now);
    store.checkpoint(now);
    const throughWaypoint = istioLabels({ ...mtlsFromVoyages, reporter: 'waypoint' });
    const clientZtunnel = istioLabels({ ...tcpToDb, reporter: 'source', response_code: '' });
    for (let i = 0; i < 6; i++) {
      store.recordRequest(throughWaypoint, 1);
      store.add('istio_tcp_connections_opened_total', clientZtunnel);
    }
    now += 60_000;
    store.checkpoint(now);
    const { rows } = await source.traffic({ durationSeconds: 60 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reporter: 'destination', protocol: 'http', securityPolicy: 'mutual_tls', source: { workload: 'voyages' }, destination: { workload: 'travels' } });
    expect(rows[0]?.requestsPerSecond).toBeCloseTo(6 / 60);
  });

  it('keeps the flags of connections: a connection ztunnel denied is a failed one', async () => {
    let now = T0;
    const store = new TelemetryStore();
    const source = labTrafficSource(store, () => now);
    store.checkpoint(now);
    const plaintext = { ...tcpToDb, source_principal: 'unknown', connection_security_policy: 'unknown', response_code: '' };
    store.add('istio_tcp_connections_opened_total', istioLabels({ ...plaintext, response_flags: 'DENY' }), 3);
    store.add('istio_tcp_connections_opened_total', istioLabels(plaintext), 1);
    now += 60_000;
    store.checkpoint(now);
    const { rows } = await source.traffic({ durationSeconds: 60 });
    expect(rows.map((r) => [r.responseFlags, r.requestsPerSecond * 60]).sort()).toEqual([
      ['-', 1],
      ['DENY', 3],
    ]);
  });

  it('refuses a window with an end instead of answering the one ending now, in process and over the lab API', async () => {
    let now = T0;
    const store = new TelemetryStore();
    const source = labTrafficSource(store, () => now);
    store.checkpoint(now);
    store.add('istio_requests_total', mtlsFromVoyages, 6);
    now += 60_000;
    store.checkpoint(now);
    const end = now / 1000;
    await expect(source.traffic({ durationSeconds: 60, endSeconds: end })).rejects.toThrow(ONLY_NOW);
    expect((await source.traffic({ durationSeconds: 60 })).rows).toHaveLength(1);
    // Refused before asking: nothing listens there.
    await expect(labApiTrafficSource('http://127.0.0.1:1').traffic({ durationSeconds: 60, endSeconds: end })).rejects.toThrow(ONLY_NOW);
  });
});
