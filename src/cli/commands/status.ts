import type { Command } from 'commander';
import { statusReport } from '../../core/index.js';
import type { CliIo } from '../io.js';
import { openSource } from '../source.js';
import { formatTable } from '../table.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

export function statusCommand(program: Command, io: CliIo): void {
  addSourceOptions(
    program
      .command('status')
      .description('effective mTLS of the mesh, every namespace and every workload port, and which object decided it')
      .argument('[SOURCE...]', 'YAML/JSON files or directories (kubectl get -o yaml output works)')
      .option('-n, --namespace <NS>', 'only this namespace (the mesh line still covers everything)'),
  ).action(async (paths: string[], flags: SourceFlags & { namespace?: string }) => {
    const format = outputFormat(flags);
    const revision = await openSource(paths, flags, io);
    const report = statusReport(revision.engine, flags.namespace);
    if (format === 'json') {
      io.out(JSON.stringify(report, null, 2) + '\n');
      return;
    }
    const m = report.mesh;
    io.out(
      `Mesh: ${m.lock} lock, ${m.mode} (root namespace ${m.rootNamespace}, auto mTLS ${m.autoMtls ? 'on' : 'off'}, Kiali status ${m.status})\n` +
        `  decided by ${m.decidedBy ?? "Istio's default (no mesh-wide PeerAuthentication sets a mode)"}\n\n`,
    );
    io.out(formatTable(['NAMESPACE', 'LOCK', 'MODE', 'KIALI STATUS', 'DECIDED BY'], report.namespaces.map((n) => [n.name, n.lock, n.mode, n.status, n.decidedBy ?? 'default'])));
    io.out('\n');
    const rows = report.workloads.flatMap((w) => {
      const enforced = w.dataplane !== 'none';
      return (w.ports.length > 0 ? w.ports : [{ port: undefined, mode: enforced ? '-' : 'NONE', decidedBy: null }]).map((p) => [
        `${w.namespace}/${w.name}`,
        w.dataplane,
        w.waypoint ?? '-',
        p.port === undefined ? '-' : String(p.port),
        p.mode,
        p.decidedBy ?? (enforced ? 'default' : '-'),
      ]);
    });
    io.out(rows.length > 0 ? formatTable(['WORKLOAD', 'DATA PLANE', 'WAYPOINT', 'PORT', 'MODE', 'DECIDED BY'], rows) : 'No workloads.\n');
  });
}
