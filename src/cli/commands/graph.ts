import type { Command } from 'commander';
import { CliExit, type CliIo } from '../io.js';
import { PROMETHEUS_FLAG } from '../prometheus-flag.js';
import { windowSpan } from '../../core/index.js';
import { END_HELP, telemetryFlagSource } from '../traffic-flags.js';
import { openSource } from '../source.js';
import { formatTable } from '../table.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

type GraphFlags = SourceFlags & { prometheus?: string; lab?: string; namespaces?: string; duration: string; end?: string; type: string; idleNodes?: boolean };

const rate = (value: number) => (value === 0 ? '0' : value < 0.01 ? '<0.01' : value.toFixed(2));
const share = (value: number | null) => (value === null ? 'no data' : `${value}%`);

/** A predicted failure kept from the callers of the last day has no traffic in the window: the table says so. */
const predicted = (e: { readonly predictedOutcome: string | null; readonly observed: boolean }) => (e.predictedOutcome === null ? '-' : e.observed ? e.predictedOutcome : `${e.predictedOutcome} (seen earlier)`);

export function graphCommand(program: Command, io: CliIo): void {
  addSourceOptions(
    program
      .command('graph')
      .description('the traffic graph over a window: edges with request and error rates, mTLS share, principals, and the outcome the configuration predicts beside what was observed')
      .argument('[SOURCE...]', 'YAML/JSON files or directories: the configuration the predictions come from')
      .option(PROMETHEUS_FLAG, 'a Prometheus that scrapes Istio\'s standard metrics (three queries per graph)')
      .option('--lab <URL>', 'observed traffic from a running `meshlock lab` (its --listen address) instead')
      .option('--namespaces <A,B>', 'only traffic from or to these namespaces (default: all)')
      .option('--duration <DURATION>', 'look-back window: 15s, 1m, 10m, 1h, 1d', '10m')
      .option('--end <TIME>', `end of the window: ${END_HELP} (default: now; needs --prometheus)`)
      .option('--type <TYPE>', 'workload, app, versionedApp or service', 'workload')
      .option('--idle-nodes', 'also list the workloads of the namespaces that carried no traffic'),
  )
    .addHelpText(
      'after',
      '\nJSON: the object GET /api/graph returns (docs/graph.md). Exit status: 0 drawn, 2 unusable input or telemetry that did not answer.\n' +
        'Example:\n  meshlock graph --demo --prometheus http://127.0.0.1:9090 --namespaces travel-agency,travel-portal -o json\n',
    )
    .action(async (paths: string[], flags: GraphFlags) => {
      const format = outputFormat(flags);
      // Loaded here, not at start: every other command starts without the API's schemas (zod).
      const [{ GraphQuery }, { graphReport }] = await Promise.all([import('../../api/graph-schemas.js'), import('../../reports/graph.js')]);
      const parsed = GraphQuery.safeParse({ namespaces: flags.namespaces, duration: flags.duration, end: flags.end, type: flags.type });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CliExit(2, `--${String(issue?.path[0] ?? 'graph')} ${String(flags[(issue?.path[0] as keyof GraphFlags) ?? 'type'] ?? '')}: ${issue?.message ?? 'invalid'}`);
      }
      const traffic = telemetryFlagSource(flags);
      if (!traffic) throw new CliExit(2, 'the graph is drawn from observed traffic: give --prometheus URL (or --lab URL of a running `meshlock lab`)');
      const revision = await openSource(paths, flags, io);
      const report = await graphReport(revision.engine, traffic, { ...parsed.data, idleNodes: flags.idleNodes ? 'true' : 'false' });
      if (report.telemetry.error !== null) throw new CliExit(2, `cannot read traffic: ${report.telemetry.error}`);
      if (format === 'json') {
        io.out(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      io.out(`${report.graphType} graph, ${windowSpan(flags.duration, parsed.data.end)}, from ${report.telemetry.source} (${report.telemetry.queries} queries): ${report.nodes.length} nodes, ${report.edges.length} edges\n\n`);
      if (report.edges.length === 0) io.out('No traffic in the window.\n');
      else {
        io.out(
          formatTable(
            ['SOURCE', 'TARGET', 'PROTOCOL', 'RATE/S', 'ERRORS', 'MTLS', 'PREDICTED', 'HEALTH', 'MISMATCH'],
            report.edges.map((e) => [e.source, e.target, e.protocol, rate(e.requestRate), e.errorPercent === null ? '-' : `${e.errorPercent}%`, share(e.mtlsPercent), predicted(e), e.health, e.mismatch?.kind ?? '-']),
          ),
        );
      }
      // Ambient workloads have no sidecar yet are in the mesh: the lines name what carries each workload's traffic.
      const ambient = report.nodes.filter((n) => n.dataplane === 'ambient').map((n) => n.id);
      const noDataplane = report.nodes.filter((n) => n.kind !== 'outside' && n.dataplane !== 'ambient' && n.sidecar === false).map((n) => n.id);
      if (ambient.length > 0 || noDataplane.length > 0) io.out('\n');
      if (ambient.length > 0) io.out(`Ambient (ztunnel, no sidecar): ${ambient.join(', ')}\n`);
      if (noDataplane.length > 0) io.out(`No data plane (neither sidecar nor ztunnel): ${noDataplane.join(', ')}\n`);
      io.out('\n' + formatTable(['NAMESPACE', 'HEALTH', 'HEALTHY', 'DEGRADED', 'FAILURE', 'IDLE'], report.namespaces.map((n) => [n.namespace, n.status, String(n.nodes.healthy), String(n.nodes.degraded), String(n.nodes.failure), String(n.nodes.idle)])));
    });
}
