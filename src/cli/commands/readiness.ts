import type { Command } from 'commander';
import { formatRate, formatWindow, windowSpan, type ReadinessScope } from '../../core/index.js';
import { readinessOf, trafficNamespaces } from '../../reports/readiness.js';
import { CliExit, type CliIo } from '../io.js';
import { openSource } from '../source.js';
import { formatTable } from '../table.js';
import { addTrafficOptions, observedTraffic, type TrafficFlags } from '../traffic-flags.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

type ReadinessFlags = SourceFlags & TrafficFlags & { namespace?: string; workload?: string };
/** The JSON of GET /api/readiness. */
type Report = Exclude<ReturnType<typeof readinessOf>[number], { error: string }>;

export function readinessCommand(program: Command, io: CliIo): void {
  addTrafficOptions(
    addSourceOptions(
      program
        .command('readiness')
        .description('may a namespace go STRICT? callers seen sending without mTLS, callers predicted to fail, a verdict, and the PeerAuthentication to apply')
        .argument('[SOURCE...]', 'YAML/JSON files or directories')
        .option('-n, --namespace <NS>', 'one namespace (the root namespace means mesh-wide); every other namespace when absent')
        .option('--workload <NAME>', 'one workload of --namespace: a STRICT policy for it alone'),
    ),
  )
    .addHelpText(
      'after',
      '\nExit status: 0 every namespace reported is ready, 1 one is not, 2 unusable input.\n' +
        'JSON: with --namespace, the object GET /api/readiness returns; without, a list of them.\n' +
        'Example:\n  meshlock readiness --demo -n travel-agency --lab http://127.0.0.1:15090\n',
    )
    .action(async (paths: string[], flags: ReadinessFlags) => {
      const format = outputFormat(flags);
      if (flags.workload !== undefined && flags.namespace === undefined) throw new CliExit(2, '--workload needs --namespace');
      const revision = await openSource(paths, flags, io);
      const root = revision.engine.meshConfig.rootNamespace;
      const scopes: ReadinessScope[] =
        flags.namespace === undefined
          ? revision.engine.namespaceNames().filter((n) => n !== root).map((namespace) => ({ namespace }))
          : [{ namespace: flags.namespace, ...(flags.workload !== undefined && { workload: flags.workload }) }];
      // One scope asks only for the traffic it reads; every namespace at once asks for all of it once.
      const [one] = scopes;
      const observed = await observedTraffic(flags, flags.namespace !== undefined && one ? trafficNamespaces(revision, one) : undefined);
      const reports = readinessOf(revision, scopes, observed).map((r) => {
        if ('error' in r) throw new CliExit(2, r.error);
        return r;
      });
      if (format === 'json') io.out(JSON.stringify(flags.namespace === undefined ? reports : reports[0], null, 2) + '\n');
      else io.out(reports.map((r) => formatReadiness(r, observed.window.endSeconds)).join('\n'));
      if (reports.some((r) => r.verdict === 'not-ready')) throw new CliExit(1);
    });
}

function formatReadiness(r: Report, endSeconds: number | undefined): string {
  const scope = r.workload ? `${r.namespace}/${r.workload}` : r.meshWide ? 'the mesh' : r.namespace;
  const evidence = r.telemetry ? `traffic of the ${windowSpan(formatWindow(r.windowSeconds), endSeconds)} from ${r.telemetry.source}` : 'no telemetry: configuration only';
  const lines = [`${scope}: ${r.verdict === 'ready' ? 'READY' : 'NOT READY'} for STRICT (${evidence})`, ...r.reasons.map((reason) => `  - ${reason}`), ''];
  const rows = r.workloads.flatMap((w) =>
    w.ports.map((p, i) => {
      const observed = i === 0 ? w.observed.map((c) => `${c.source} sent ${formatRate(c.requestRate)} without mTLS${c.lastSeenSeconds === null ? '' : `, last ${new Date(c.lastSeenSeconds * 1000).toISOString()}`}`) : [];
      const predicted = p.predicted
        .filter((f) => f.cause !== 'outside')
        .map((f) => `${f.source} would fail (${f.cause === 'no-sidecar' ? 'no sidecar' : 'its TLS settings'}${f.blocking ? (f.requestRate ? `, ${formatRate(f.requestRate)}` : '') : ', not seen calling'})`);
      return [w.name, String(p.port), p.mode, p.modeAfter, p.verdict, [...observed, ...predicted].join('; ') || '-'];
    }),
  );
  if (rows.length > 0) lines.push(formatTable(['WORKLOAD', 'PORT', 'MODE', 'AFTER', 'VERDICT', 'CALLERS'], rows).trimEnd(), '');
  if (r.verdict === 'ready') {
    lines.push(`Policy to apply (${r.policy.ref}${r.policy.replaces ? ', replacing the current one' : ', new'}):`, '', r.policy.yaml);
  }
  return lines.join('\n') + (r.verdict === 'ready' ? '' : '\n');
}
