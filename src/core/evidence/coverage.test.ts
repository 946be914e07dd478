// Evidence for audits: per namespace, the share of workload ports enforcing STRICT and the share of observed
// requests that used mutual TLS (null without telemetry or without traffic, never a silent zero).
import { describe, expect, it } from 'vitest';
import { objectFromYaml, loadDemo } from '../../testing/demo-mesh.js';
import { strictPolicyYaml } from '../../testing/seed-changes.js';
import { trafficRow } from '../../testing/traffic-rows.js';
import { namespaceCoverage, statusReport } from '../index.js';

describe('namespaceCoverage', () => {
  it('the demo with STRICT in travel-agency: its 7 ports are STRICT; legacy has one unprotected port; shares from traffic', async () => {
    const engine = (await loadDemo()).with([{ type: 'upsert', object: objectFromYaml(strictPolicyYaml('travel-agency')) }]);
    const rows = [
      trafficRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true, rate: 3 }),
      trafficRow({ from: 'travel-control/control', to: 'travel-portal/voyages', mtls: true, rate: 1 }),
      trafficRow({ from: 'outside', to: 'travel-portal/voyages', mtls: false, rate: 1 }),
    ];
    const byName = new Map(namespaceCoverage(statusReport(engine), rows).map((n) => [n.namespace, n]));
    expect(byName.get('travel-agency')).toEqual({
      namespace: 'travel-agency', mode: 'STRICT', lock: 'full', decidedBy: 'PeerAuthentication/travel-agency/default',
      workloads: 7, sidecarWorkloads: 7, ports: 7, strictPorts: 7, strictPortShare: 1, requestRate: 3, mtlsRequestRate: 3, mtlsRequestShare: 1,
    });
    expect(byName.get('travel-portal')).toMatchObject({ strictPorts: 0, strictPortShare: 0, requestRate: 2, mtlsRequestShare: 0.5 });
    expect(byName.get('legacy')).toMatchObject({ sidecarWorkloads: 0, ports: 1, strictPortShare: 0, requestRate: 0, mtlsRequestShare: null });
    expect(byName.get('istio-system')).toMatchObject({ ports: 0, strictPortShare: null });
    expect(namespaceCoverage(statusReport(engine), undefined).every((n) => n.requestRate === null && n.mtlsRequestShare === null)).toBe(true);
  });
});
