import { describe, expect, it } from 'vitest';
import { ISTIO_LABELS, istioLabels, TelemetryStore } from './store.js';

const mtls = istioLabels({ reporter: 'destination', source_workload: 'voyages', destination_workload: 'travels', response_code: '200', connection_security_policy: 'mutual_tls' });
const plain = istioLabels({ reporter: 'destination', destination_workload: 'travels', response_code: '200', connection_security_policy: 'none' });

describe('Istio standard labels (istio-mtls-semantics §5.2)', () => {
  it('fills what is not known the way Istio does', () => {
    const labels = istioLabels({ reporter: 'source' });
    expect(Object.keys(labels)).toEqual([...ISTIO_LABELS]);
    expect(labels).toMatchObject({ source_workload: 'unknown', source_canonical_revision: 'latest', response_flags: '-', response_code: '0', connection_security_policy: 'unknown' });
  });
});

describe('Prometheus text format', () => {
  it('renders counters and the duration histogram with HELP, TYPE, buckets, sum and count', () => {
    const store = new TelemetryStore();
    store.recordRequest(mtls, 3);
    store.recordRequest(mtls, 700);
    store.add('istio_tcp_connections_opened_total', istioLabels({ reporter: 'source', source_workload: 'a"b\\c' }));
    const text = store.render();
    expect(text).toContain('# TYPE istio_requests_total counter\n');
    expect(text).toContain('# TYPE istio_request_duration_milliseconds histogram\n');
    expect(text).toMatch(/^istio_requests_total\{reporter="destination",source_workload="voyages",.*connection_security_policy="mutual_tls"\} 2$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_bucket\{.*,le="5"\} 1$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_bucket\{.*,le="1000"\} 2$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_bucket\{.*,le="\+Inf"\} 2$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_sum\{.*\} 703$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_count\{.*\} 2$/m);
    expect(text).toContain('source_workload="a\\"b\\\\c"');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('renders nothing before the first sample', () => {
    expect(new TelemetryStore().render()).toBe('');
  });
});

describe('in-process queries', () => {
  it('sums by labels like PromQL sum by, with exact matches', () => {
    const store = new TelemetryStore();
    store.recordRequest(mtls, 1);
    store.recordRequest(mtls, 1);
    store.recordRequest(plain, 1);
    expect(store.query({ metric: 'istio_requests_total', by: ['connection_security_policy'] })).toEqual([
      { labels: { connection_security_policy: 'mutual_tls' }, value: 2 },
      { labels: { connection_security_policy: 'none' }, value: 1 },
    ]);
    expect(store.query({ metric: 'istio_request_duration_milliseconds_count', match: { source_workload: 'voyages' } })).toEqual([{ labels: {}, value: 2 }]);
  });

  it('gives the increase over a window from checkpoints', () => {
    const store = new TelemetryStore(60_000);
    store.recordRequest(mtls, 1);
    store.checkpoint(1_000);
    store.recordRequest(mtls, 1);
    store.checkpoint(6_000);
    store.recordRequest(mtls, 1);
    expect(store.query({ metric: 'istio_requests_total', windowMs: 4_000 }, 7_000)).toEqual([{ labels: {}, value: 1 }]);
    expect(store.query({ metric: 'istio_requests_total', windowMs: 10_000 }, 7_000)).toEqual([{ labels: {}, value: 2 }]);
    expect(store.query({ metric: 'istio_requests_total' }, 7_000)).toEqual([{ labels: {}, value: 3 }]);
  });
});
