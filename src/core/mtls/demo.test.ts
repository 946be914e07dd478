// Issue acceptance on the built-in demo (fixtures/demo), the lab story of the seeds: as shipped everything in
// the mesh is PERMISSIVE and talks mTLS through auto mTLS; a namespace-wide STRICT PeerAuthentication in
// travel-agency locks it fully, leaves travel-portal hollow, and turns away the plaintext callers
// (istio-mtls-semantics §1.4, §3.2, §4.2, §4.3). Checked through the library and through the CLI.
import { describe, expect, it } from 'vitest';
import { demoCallGraph, loadDemo, objectFromYaml, withDemoCopy } from '../../testing/demo-mesh.js';
import { libraryEdges, runCliJson } from '../../testing/scenario-runner.js';
import { statusReport, type EdgeOutcome, type EdgeReport, type MtlsEngine, type StatusReport } from '../index.js';

const TRAVELS = 'travels.travel-agency.svc.cluster.local:8000';
/** The one demo client without sidecar (namespace legacy is not injected). */
const LEGACY_CLIENT = 'legacy/legacy-client';
const STRICT_TRAVEL_AGENCY = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-agency
spec:
  mtls:
    mode: STRICT
`;

/** The demo read either by the library on an engine, or by the CLI on a SOURCE (`--demo` or a directory). */
interface Reader {
  status(): Promise<StatusReport>;
  edges(from: string, to: string): Promise<EdgeReport[]>;
}

const viaLibrary = (engine: MtlsEngine): Reader => ({
  status: async () => statusReport(engine),
  edges: async (from, to) => libraryEdges(engine, from, to),
});

const viaCli = (source: readonly string[]): Reader => ({
  status: async () => (await runCliJson(['status', ...source, '-o', 'json'])) as StatusReport,
  edges: async (from, to) => (await runCliJson(['edges', ...source, '--from', from, '--to', to, '-o', 'json'])) as EdgeReport[],
});

const lock = (report: StatusReport, namespace: string) => report.namespaces.find((n) => n.name === namespace)?.lock;

async function outcomes(reader: Reader, from: string, to: string): Promise<EdgeOutcome[]> {
  return (await reader.edges(from, to)).map((e) => e.outcome);
}

async function expectCalls(reader: Reader, legacyOutcome: EdgeOutcome): Promise<void> {
  const calls = demoCallGraph();
  expect(calls.length).toBeGreaterThan(10);
  for (const { from, to } of calls) {
    expect(await outcomes(reader, from, to), `${from} → ${to}`).toEqual([from === LEGACY_CLIENT ? legacyOutcome : 'mtls']);
  }
}

async function expectAsShipped(reader: Reader): Promise<void> {
  expect(lock(await reader.status(), 'travel-agency')).toBe('hollow');
  await expectCalls(reader, 'plaintext');
  expect(await outcomes(reader, 'outside', TRAVELS)).toEqual(['plaintext']);
}

async function expectTravelAgencyStrict(reader: Reader): Promise<void> {
  const status = await reader.status();
  expect(lock(status, 'travel-agency')).toBe('full');
  expect(lock(status, 'travel-portal')).toBe('hollow');
  expect(await outcomes(reader, 'outside', TRAVELS)).toEqual(['fail']);
  await expectCalls(reader, 'fail');
}

describe('demo as shipped: travel-agency hollow, mesh calls mTLS, the legacy and outside callers plaintext', () => {
  it('through the library', async () => {
    await expectAsShipped(viaLibrary(await loadDemo()));
  });
  it('through the CLI (--demo)', async () => {
    await expectAsShipped(viaCli(['--demo']));
  });
});

describe('demo with a namespace-wide STRICT PeerAuthentication in travel-agency: full lock there, plaintext callers fail', () => {
  it('through the library (engine.with an upsert)', async () => {
    const before = await loadDemo();
    expect(lock(statusReport(before), 'travel-agency')).toBe('hollow');
    const engine = before.with([{ type: 'upsert', object: objectFromYaml(STRICT_TRAVEL_AGENCY) }]);
    expect(lock(statusReport(before), 'travel-agency')).toBe('hollow');
    await expectTravelAgencyStrict(viaLibrary(engine));
  });
  it('through the CLI (an extra file in a copy of the demo)', async () => {
    await withDemoCopy({ 'strict-travel-agency.yaml': STRICT_TRAVEL_AGENCY }, (dir) => expectTravelAgencyStrict(viaCli([dir])));
  });
});
