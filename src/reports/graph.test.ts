// The graph report over unchanged and changed telemetry: a reload whose rows equal the last ones answers the
// graph a fresh build gives (in both encodings), with the window of its own telemetry answer; rows that moved
// give the new graph.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGraph } from '../api/graph-columns.js';
import type { MtlsEngine, TrafficRow } from '../core/index.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { loadDemo } from '../testing/demo-mesh.js';
import { graphRow } from '../testing/graph-rows.js';
import { graphReport, graphResponse } from './graph.js';

let demo: MtlsEngine;
beforeAll(async () => {
  demo = await loadDemo();
});

const ROWS = [
  graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
  graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
  graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', code: '503', rate: 0.5 }),
];

/** Telemetry answering new copies of `rows()` each time, as a real source does, with a window ending at `end()`. */
function telemetry(rows: () => readonly TrafficRow[], end: () => number): TelemetrySource {
  return { description: 'the test telemetry', traffic: async (window) => ({ rows: structuredClone(rows()), queries: 3, window: { durationSeconds: window.durationSeconds, endSeconds: end() } }) };
}

describe('graph report over repeated telemetry', () => {
  it('answers a reload over equal rows with the graph a fresh build gives, ending where its own telemetry ends', async () => {
    let end = 1_800_000_000;
    const source = telemetry(() => ROWS, () => end);
    const first = await graphReport(demo, source, { type: 'app' });
    end += 7;
    const reload = await graphReport(demo, source, { type: 'app' });
    const fresh = await graphReport(await loadDemo(), source, { type: 'app' });
    expect(reload).toEqual(fresh);
    expect(reload.endSeconds).toBe(1_800_000_007);
    expect(first.endSeconds).toBe(1_800_000_000);
    expect(reload.edges.map((e) => [e.source, e.target, e.requestRate])).toEqual([
      ['app:travel-agency/travels', 'app:travel-agency/hotels', 0.5],
      ['app:travel-portal/voyages', 'app:travel-agency/travels', 2],
      ['outside', 'app:travel-agency/travels', 1],
    ]);
  });

  it('asks for the window ending at the asked end, and names that end even when the rows equal the kept graph\'s', async () => {
    const asked: (number | undefined)[] = [];
    const source: TelemetrySource = {
      description: 'the test telemetry',
      traffic: async (window) => {
        asked.push(window.endSeconds);
        return { rows: structuredClone(ROWS), queries: 3, window: { durationSeconds: window.durationSeconds, endSeconds: window.endSeconds ?? 1_800_000_000 } };
      },
    };
    const before = await graphReport(demo, source, { type: 'versionedApp', end: 1_799_990_000 });
    const later = await graphReport(demo, source, { type: 'versionedApp', end: 1_799_995_000 });
    const now = await graphReport(demo, source, { type: 'versionedApp' });
    expect(asked).toEqual([1_799_990_000, 1_799_995_000, undefined]);
    expect([before.endSeconds, later.endSeconds, now.endSeconds]).toEqual([1_799_990_000, 1_799_995_000, 1_800_000_000]);
    expect(later.edges).toEqual(before.edges);
  });

  it('gives the new graph once a rate moved, and columns that decode to the JSON answer every time', async () => {
    let rate = 2;
    const source = telemetry(() => [graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate }), ...ROWS.slice(1)], () => 1_800_000_000);
    for (const expected of [2, 2, 3]) {
      rate = expected;
      const json = await graphReport(demo, source, { type: 'workload' });
      const columns = await graphResponse(demo, source, { type: 'workload', encoding: 'columns' });
      expect('format' in columns && decodeGraph(columns)).toEqual(JSON.parse(JSON.stringify(json)));
      expect(json.edges.find((e) => e.source === 'workload:travel-portal/voyages')?.requestRate).toBe(expected);
    }
  });

  it('keeps graphs of other questions apart: another type over the same rows is its own graph', async () => {
    const source = telemetry(() => ROWS, () => 1_800_000_000);
    const workloads = await graphReport(demo, source, { type: 'workload' });
    const services = await graphReport(demo, source, { type: 'service' });
    expect(workloads.nodes.some((n) => n.kind === 'workload')).toBe(true);
    expect(services.nodes.filter((n) => n.kind !== 'outside').every((n) => n.kind === 'service')).toBe(true);
  });
});
