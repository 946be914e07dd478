// Test builder: the lab running the demo in this process, on any free ports, with traffic along the demo's
// call graph, for the tests of one describe block.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { packageRoot } from '../cli/source.js';
import { startLabSession, type LabSession } from '../lab/session.js';
import { readCallGraph } from '../lab/traffic.js';
import { loadDemo } from './demo-mesh.js';
import { eventually } from './eventually.js';

async function startDemoLab(ratePerSecond = 40): Promise<LabSession> {
  const engine = await loadDemo();
  return startLabSession({
    snapshot: engine.snapshot,
    watch: [],
    cwd: packageRoot(),
    host: '127.0.0.1',
    port: 0,
    callGraph: await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json')),
    ratePerSecond,
    certLifetimeMs: 86_400_000,
    declaredPorts: false,
  });
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
    lab = await startDemoLab(options.ratePerSecond);
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
