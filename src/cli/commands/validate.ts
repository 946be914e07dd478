import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkers, DEFAULT_IGNORED_CODES } from '../../core/index.js';
import type { ValidationReport } from '../../api/schemas.js';
import { validationReport, type ReportSeverity } from '../../reports/validation.js';
import { CliExit, type CliIo } from '../io.js';
import { clusterChoice, openSource, packageRoot, type SourceOptions } from '../source.js';
import { formatSarif } from '../validate/sarif.js';
import { formatText } from '../validate/text.js';

type Threshold = 'error' | 'warning' | 'info';

interface ValidateFlags extends SourceOptions {
  output: 'text' | 'json' | 'sarif';
  failureThreshold: Threshold;
  ignore: string;
}

const RANK: Record<ReportSeverity, number> = { error: 3, warning: 2, unknown: 1 };
const THRESHOLD: Record<Threshold, number> = { error: 3, warning: 2, info: 1 };

/** Whether anything reaches the threshold; a file that cannot be read counts as an error. */
function fails(report: ValidationReport, threshold: Threshold): boolean {
  if (report.summary.problems.length > 0) return true;
  return report.objects.some((o) => o.checks.some((c) => RANK[c.severity] >= THRESHOLD[threshold]));
}

export function validateCommand(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description("Kiali's checks for PeerAuthentication, DestinationRule, AuthorizationPolicy and the other Istio kinds, Istio-correct mTLS checks of meshlock's own, and schema errors, each at file:line:column")
    .argument('[SOURCE...]', 'YAML/JSON files or directories')
    .option('--demo', 'validate the built-in demo mesh')
    .option('--kubeconfig <FILE>', 'validate the Istio config of a live cluster, read through this kubeconfig file')
    .option('--context <NAME>', 'the kubeconfig context to use (default: its current context; with no --kubeconfig, the default kubeconfig)')
    .option('--in-cluster', "validate the cluster meshlock runs in, with its pod's service account")
    .addOption(new Option('-o, --output <FORMAT>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--failure-threshold <SEVERITY>', 'exit 1 when a check of this severity or worse is found').choices(['error', 'warning', 'info']).default('error'))
    .option('--ignore <CODES>', 'comma list of codes to leave out ("" for none)', [...DEFAULT_IGNORED_CODES].join(','))
    .addHelpText('after', '\nExit status: 0 nothing reaches the threshold, 1 something does, 2 nothing usable was read.\nDocs for every check: docs/validations.md\n')
    .action(async (paths: string[], flags: ValidateFlags) => {
      // Read like every other command reads SOURCE; files keep their text, so checks get line and column.
      const cluster = clusterChoice(flags, paths) !== undefined;
      const root = flags.demo ? packageRoot() : io.cwd;
      const ignoredCodes = new Set(flags.ignore.split(',').map((c) => c.trim()).filter(Boolean));
      // The report lists load problems itself, so they are not printed twice.
      const revision = await openSource(paths, flags, io, undefined, { store: { ignoredCodes }, allowEmpty: true, problemsInReport: true });
      const report = validationReport(revision);
      if (flags.output === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
      else if (flags.output === 'sarif') {
        const docsUri = pathToFileURL(join(packageRoot(), 'docs', 'validations.md')).href;
        io.out(formatSarif(report, checkers, { version: program.version() ?? '0.0.0', docsUri, rootUri: pathToFileURL(root).href }));
      } else io.out(formatText(report, io.color));
      if (revision.snapshot.objects.length === 0 && report.objects.length === 0) throw new CliExit(2, `nothing usable was read from ${cluster ? 'the cluster' : paths.join(', ') || 'the demo'}`);
      if (fails(report, flags.failureThreshold)) throw new CliExit(1);
    });
}
