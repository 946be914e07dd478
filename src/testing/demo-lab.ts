// Test builder: the lab running the demo in this process, on any free ports, with traffic along the demo's
// call graph, for the tests of one describe block.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { demoPath, packageRoot } from '../cli/source.js';
import { startLabSession, type LabSession } from '../lab/session.js';
import { readCallGraph } from '../lab/traffic.js';
import { FileSource } from '../sources/files/file-source.js';
import { LiveMesh } from '../sources/live-mesh.js';
import { eventually } from './eventually.js';

export interface DemoLabOptions {
  readonly ratePerSecond?: number;
  readonly trafficMs?: number;
  readonly certLifetimeMs?: number;
}

/** A lab session on a temporary copy of the demo; stopping it also removes the copy. */
export async function startDemoLab(options: DemoLabOptions = {}): Promise<LabSession> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-lab-'));
  cpSync(demoPath(), dir, { recursive: true });
  const source = await FileSource.open([dir], dir, { watch: false });
  const live = new LiveMesh(source);
  const session = await startLabSession({
    live,
    host: '127.0.0.1',
    port: 0,
    callGraph: await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json')),
    ratePerSecond: options.ratePerSecond ?? 40,
    certLifetimeMs: options.certLifetimeMs ?? 86_400_000,
    declaredPorts: false,
    ...(options.trafficMs !== undefined && { trafficMs: options.trafficMs }),
  });
  return {
    ...session,
    async stop() {
      await session.stop();
      live.close();
      await source.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the destination `to` (NAMESPACE/WORKLOAD) reported requests from callers without identity. */
async function untilUnidentifiedTraffic(lab: LabSession, to: string): Promise<void> {
  const [namespace, workload] = to.split('/');
  const count = () =>
    lab.lab.telemetry
      .query({ metric: 'istio_requests_total', match: { reporter: 'destination', source_workload: 'unknown', destination_workload_namespace: namespace, destination_workload: workload } })
      .reduce((sum, r) => sum + r.value, 0);
  await eventually(count, (n) => n > 0, `a request without identity at ${to}`, 15_000);
}

/**
 * The demo lab for the tests of the enclosing describe: started before them (and, with `untilUnidentifiedAt`,
 * until that workload saw requests without identity), stopped after. Call the result to get it.
 */
export function useDemoLab(options: { ratePerSecond?: number; untilUnidentifiedAt?: string } = {}): () => LabSession {
  let lab: LabSession | undefined;
  beforeAll(async () => {
    lab = await startDemoLab(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond });
    if (options.untilUnidentifiedAt !== undefined) await untilUnidentifiedTraffic(lab, options.untilUnidentifiedAt);
  }, 30_000);
  afterAll(async () => {
    await lab?.stop();
  });
  return () => {
    if (!lab) throw new Error('the demo lab did not start');
    return lab;
  };
}
