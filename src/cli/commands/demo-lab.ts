// `meshlock serve --demo`'s lab: loaded only for the demo, so serving files starts without the lab, its
// certificate authority and their libraries.
import { join } from 'node:path';
import { labCertificateSource } from '../../lab/certificate-source.js';
import { startLabSession, type LabSession } from '../../lab/session.js';
import { readCallGraph } from '../../lab/traffic.js';
import type { CertificateSource } from '../../reports/certificate-facts.js';
import type { LiveMesh } from '../../sources/live-mesh.js';
import { withClientFailures } from '../../telemetry/embedded/client-failures.js';
import { labTrafficSource } from '../../telemetry/embedded/traffic-source.js';
import type { TelemetrySource } from '../../telemetry/telemetry-source.js';
import type { CliIo } from '../io.js';
import { packageRoot } from '../source.js';

const DEMO_RATE_PER_SECOND = 10;
const DAY_MS = 24 * 3600_000;

/** The lab on the console's own mesh (every revision reconfigures it), and what the console observes of it. */
export async function startDemoLab(live: LiveMesh, io: Pick<CliIo, 'err'>): Promise<{ session: LabSession; observed: { traffic: TelemetrySource; certificates: CertificateSource } }> {
  const session = await startLabSession({
    live,
    host: '127.0.0.1',
    port: 0,
    callGraph: await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json')),
    ratePerSecond: DEMO_RATE_PER_SECOND,
    certLifetimeMs: DAY_MS,
    declaredPorts: true,
    onError: (error) => io.err(`meshlock lab: cannot run the new configuration: ${error.message}\n`),
  });
  const { lab } = session;
  return { session, observed: { traffic: withClientFailures(labTrafficSource(lab.telemetry), lab.telemetry), certificates: labCertificateSource(lab) } };
}
