import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { changesFromObjects, DELETE_ANNOTATION, formatRate, type WhatIfResult } from '../../core/index.js';
import { parseText } from '../../documents/parse.js';
import { ReportError } from '../../reports/report-error.js';
import { whatIfReport } from '../../reports/what-if.js';
import { CliExit, type CliIo } from '../io.js';
import { formatProblem, openSource } from '../source.js';
import { formatTable } from '../table.js';
import { addTrafficOptions, observedTraffic, type TrafficFlags } from '../traffic-flags.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

type WhatIfFlags = SourceFlags & TrafficFlags & { change: string };

export function whatifCommand(program: Command, io: CliIo): void {
  addTrafficOptions(
    addSourceOptions(
      program
        .command('whatif')
        .description('the edges whose outcome changes (mtls → fail, plaintext → mtls, …) if the objects of a file were applied, weighted by observed traffic')
        .argument('[SOURCE...]', 'YAML/JSON files or directories')
        .requiredOption('--change <FILE>', `objects to create or replace (several YAML documents); one annotated ${DELETE_ANNOTATION}: "true" is deleted instead`),
    ),
  )
    .addHelpText(
      'after',
      '\nExit status: 0 no observed traffic would fail, 1 an edge that carries observed traffic (without --prometheus or --lab: any edge) starts failing, 2 unusable input.\n' +
        'Example:\n  meshlock whatif --demo --change strict-travel-agency.yaml\n',
    )
    .action(async (paths: string[], flags: WhatIfFlags) => {
      const format = outputFormat(flags);
      const revision = await openSource(paths, flags, io);
      const file = resolve(io.cwd, flags.change);
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliExit(2, `--change ${flags.change}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      const { objects, problems } = parseText(text, flags.change);
      for (const problem of problems) io.err(formatProblem(problem) + '\n');
      // A change that does not fully load would be judged on part of itself.
      if (problems.length > 0) throw new CliExit(2, `--change ${flags.change} has problems; nothing was compared`);
      if (objects.length === 0) throw new CliExit(2, `--change ${flags.change} holds no object`);
      const observed = await observedTraffic(flags);
      let report: ReturnType<typeof whatIfReport>;
      try {
        report = whatIfReport(revision, changesFromObjects(objects), observed);
      } catch (error) {
        if (error instanceof ReportError) throw new CliExit(2, error.message);
        throw error;
      }
      io.out(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatWhatIf(report, report.telemetry !== null));
      if (report.breaks) throw new CliExit(1);
    });
}

/** A headline ("14 edges start failing, 0.6 req/s observed on them"), then one row per changed edge. */
function formatWhatIf(report: WhatIfResult, telemetry: boolean): string {
  const s = report.summary;
  const rate = s.failingRequestRate === null ? 'no telemetry to weigh them' : `${s.failingObserved} with observed traffic, ${formatRate(s.failingRequestRate)}`;
  const lines = [
    s.changed === 0 ? `No edge changes outcome (${s.compared} compared).` : `${s.changed} edge${s.changed === 1 ? '' : 's'} change outcome: ${s.failing} start failing (${rate}), ${s.fixed} stop failing.`,
  ];
  if (report.changed.length > 0) {
    lines.push(
      '',
      formatTable(
        ['SOURCE', 'DESTINATION', 'WORKLOAD', 'BEFORE', 'AFTER', 'OBSERVED', 'REASON'],
        report.changed.map((e) => [
          e.source,
          `${e.destination.host}:${e.destination.port}`,
          e.destination.workload ?? '-',
          e.before,
          e.after,
          e.requestRate === null ? '-' : `${formatRate(e.requestRate)}${e.observedAs && e.observedAs !== e.source ? ` (as ${e.observedAs})` : ''}`,
          e.reason,
        ]),
      ).trimEnd(),
    );
  }
  if (report.breaks) lines.push('', telemetry ? 'Observed traffic would fail.' : 'Edges would start failing (no telemetry: any such edge counts).');
  return lines.join('\n') + '\n';
}
