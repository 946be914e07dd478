// F8 of the reliability review: an idle `serve --demo` grew about 5 MiB a minute. The cause was native memory
// leaked by TLSSocket#getPeerX509Certificate (Node 20) on every handshake; the soak (`npm run soak`) shows
// RSS flat without it. These are the fast guards: the sidecars never call it, and the telemetry store, which
// holds the other long-lived state, stays bounded however long the lab runs.
import { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDemo } from '../testing/demo-mesh.js';
import { Lab } from './lab.js';
import { probeResult } from './probe.js';
import { istioLabels, TelemetryStore } from '../telemetry/embedded/store.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the lab’s memory (F8)', () => {
  it('verifies mesh identities on both sides without TLSSocket#getPeerX509Certificate', async () => {
    const leaking = vi.spyOn(TLSSocket.prototype, 'getPeerX509Certificate');
    const lab = await Lab.start(await loadDemo());
    try {
      const probes = [];
      for (let i = 0; i < 5; i++) probes.push(probeResult(await lab.call('travel-portal/voyages', 'travels.travel-agency:8000')));
      for (const probe of probes) expect(probe).toMatchObject({ ok: true, mtls: true, serverPrincipal: 'spiffe://cluster.local/ns/travel-agency/sa/travels' });
      const accepted = lab.telemetry.query({ metric: 'istio_requests_total', match: { reporter: 'destination', connection_security_policy: 'mutual_tls', source_workload: 'voyages' } });
      expect(accepted.reduce((sum, r) => sum + r.value, 0)).toBe(5);
      expect(leaking).not.toHaveBeenCalled();
    } finally {
      await lab.stop();
    }
  });

  it('holds a fixed number of series and 15 minutes of checkpoints after two simulated hours of traffic', () => {
    const store = new TelemetryStore(15 * 60_000);
    const callers = ['voyages', 'viaggi', 'travels', 'unknown'];
    const codes = ['200', '503'];
    let now = 0;
    for (let step = 0; step < (2 * 3600_000) / 5_000; step++) {
      now += 5_000;
      for (let i = 0; i < 50; i++) {
        const labels = istioLabels({ reporter: 'destination', source_workload: callers[i % callers.length], response_code: codes[i % codes.length] });
        store.recordRequest(labels, i % 7);
      }
      store.checkpoint(now);
    }
    // Four label sets (the caller fixes the code), each a request counter and a duration histogram.
    expect(store.size.series).toBe(8);
    expect(store.size.checkpoints).toBe(15 * 12 + 1);
    // The window still reads the increase: 50 requests every 5 s over the last minute.
    const lastMinute = store.query({ metric: 'istio_requests_total', windowMs: 60_000 }, now);
    expect(lastMinute).toEqual([{ labels: {}, value: 50 * 12 }]);
  });
});
