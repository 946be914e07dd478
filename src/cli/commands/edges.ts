import type { Command } from 'commander';
import { edgeReport, explainEdge, queryEdges } from '../../core/index.js';
import { CliExit, type CliIo } from '../io.js';
import { openSource } from '../source.js';
import { formatTable } from '../table.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

type EdgeFlags = SourceFlags & { from?: string; to?: string };

export function edgesCommand(program: Command, io: CliIo): void {
  addSourceOptions(
    program
      .command('edges')
      .description('what each client sends to each service endpoint, what the server accepts, and the outcome (mtls, plaintext, tls, fail)')
      .argument('[SOURCE...]', 'YAML/JSON files or directories')
      .option('--from <CLIENT>', 'NAMESPACE/WORKLOAD, or "outside" for a caller without sidecar outside the mesh')
      .option('--to <HOST[:PORT]>', 'service host (FQDN, name.namespace) and optional service port'),
  )
    .addHelpText('after', '\nExample:\n  meshlock edges --demo --from outside --to travels.travel-agency.svc.cluster.local:8000\n')
    .action(async (paths: string[], flags: EdgeFlags) => {
      const format = outputFormat(flags);
      const revision = await openSource(paths, flags, io);
      const result = queryEdges(revision.engine, { from: flags.from, to: flags.to });
      if ('error' in result) throw new CliExit(2, result.error);
      const edges = result.edges.map(edgeReport);
      if (format === 'json') {
        io.out(JSON.stringify(edges, null, 2) + '\n');
        return;
      }
      io.out(
        formatTable(
          ['SOURCE', 'DESTINATION', 'WORKLOAD', 'SENDS', 'SERVER', 'OUTCOME', 'REASON'],
          edges.map((e) => [e.source, `${e.destination.host}:${e.destination.port}`, e.destination.workload ?? '-', e.clientSends, e.serverMode, e.outcome, e.reason]),
        ),
      );
    });
}

export function explainCommand(program: Command, io: CliIo, explainWorkloadAction: (explain: Command) => void): void {
  const explain = program.command('explain').description('why a workload port or an edge has its mTLS mode, step by step');
  explainWorkloadAction(explain);
  addSourceOptions(
    explain
      .command('edge')
      .description('what the client sends, what the server accepts, and the outcome, with every rule that decided')
      .argument('[SOURCE...]', 'YAML/JSON files or directories')
      .requiredOption('--from <CLIENT>', 'NAMESPACE/WORKLOAD or "outside"')
      .requiredOption('--to <HOST[:PORT]>', 'service host and optional service port'),
  ).action(async (paths: string[], flags: EdgeFlags) => {
    const format = outputFormat(flags);
    const revision = await openSource(paths, flags, io);
    const result = queryEdges(revision.engine, { from: flags.from, to: flags.to });
    if ('error' in result) throw new CliExit(2, result.error);
    const explained = result.edges.map(explainEdge);
    if (format === 'json') {
      io.out(JSON.stringify(explained, null, 2) + '\n');
      return;
    }
    for (const e of explained) {
      io.out(`${e.source} → ${e.destination.host}:${e.destination.port}${e.destination.workload ? ` (${e.destination.namespace}/${e.destination.workload})` : ''}: ${e.outcome.toUpperCase()}\n`);
      const carried = `${e.hbone ? ' in an HBONE tunnel' : ''}${e.waypoint ? ` (from waypoint ${e.waypoint}, which the client's ztunnel tunnels to)` : ''}`;
      io.out(`  client sends ${e.clientSends}${carried}${e.clientDecidedBy ? `, decided by ${e.clientDecidedBy}` : ''}\n`);
      for (const step of e.client) io.out(`    - ${step}\n`);
      io.out(`  server accepts ${e.serverMode}\n`);
      for (const step of e.server) io.out(`    - ${step}\n`);
      io.out(`  outcome: ${e.reason}\n\n`);
    }
  });
}
