import type { Command } from 'commander';
import { explainWorkload, type Dataplane } from '../../core/index.js';
import { CliExit, type CliIo } from '../io.js';
import { openSource } from '../source.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

const DATAPLANE_WORDS: Readonly<Record<Dataplane, string>> = { sidecar: 'sidecar', ambient: 'ambient (ztunnel enforces its ports)', none: 'no sidecar, not in ambient' };

export function explainWorkloadCommand(explain: Command, io: CliIo): void {
  addSourceOptions(
    explain
      .command('workload')
      .description('the mode each port of a workload enforces, and the chain of policies that decided it')
      .argument('<NAMESPACE/NAME>', 'the workload, e.g. travel-agency/travels')
      .argument('[SOURCE...]', 'YAML/JSON files or directories')
      .option('--port <N>', 'only this workload (container) port', (v) => {
        if (!/^\d+$/.test(v)) throw new CliExit(2, `--port must be a number, got ${v}`);
        return Number(v);
      }),
  ).action(async (target: string, paths: string[], flags: SourceFlags & { port?: number }) => {
    const format = outputFormat(flags);
    const [namespace, name] = target.split('/');
    if (!namespace || !name) throw new CliExit(2, `expected NAMESPACE/NAME, got ${target}`);
    const revision = await openSource(paths, flags, io);
    const result = explainWorkload(revision.engine, namespace, name, flags.port);
    if ('error' in result) throw new CliExit(2, result.error);
    if (format === 'json') {
      io.out(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    io.out(`${namespace}/${name}: ${DATAPLANE_WORDS[result.dataplane]}${result.waypoint ? `, waypoint ${result.waypoint}` : ''} (${result.sidecarReason})\n`);
    io.out(`  workload level: ${result.workload.mode}${result.workload.decidedBy ? `, decided by ${result.workload.decidedBy}` : ''}\n`);
    for (const step of result.workload.explanation) io.out(`    - ${step}\n`);
    for (const port of result.ports) {
      io.out(`  port ${port.port}: ${port.mode}${port.decidedBy ? `, decided by ${port.decidedBy}` : ''}\n`);
      for (const step of port.explanation) io.out(`    - ${step}\n`);
    }
  });
}
