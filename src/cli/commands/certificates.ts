import type { Command } from 'commander';
import { certificatesReport } from '../../reports/certificates.js';
import { labApiCertificateSource } from '../../lab/certificate-source.js';
import type { CertificateSource } from '../../reports/certificate-facts.js';
import { CliExit, type CliIo } from '../io.js';
import { openSource } from '../source.js';
import { formatTable } from '../table.js';
import { addSourceOptions, outputFormat, type SourceFlags } from './shared.js';

type CertificatesFlags = SourceFlags & { lab?: string };

export function certificatesCommand(program: Command, io: CliIo): void {
  addSourceOptions(
    program
      .command('certificates')
      .description('mesh roots (ConfigMap istio-ca-root-cert), CA Secrets and, with --lab, the lab CA and workload certificates: SPIFFE ID, issuer, validity, next rotation, and warnings')
      .argument('[SOURCE...]', 'YAML/JSON files or directories')
      .option('--lab <URL>', 'also the CA and workload certificates of a running `meshlock lab`'),
  )
    .addHelpText(
      'after',
      '\nWarnings: a root or intermediate that expires within 60 days; an intermediate with less life left than the workload certificate lifetime; an expired certificate; a workload certificate well past its rotation time.\n' +
        'Exit status: 0 no warning, 1 a warning, 2 unusable input.\n',
    )
    .action(async (paths: string[], flags: CertificatesFlags) => {
      const format = outputFormat(flags);
      const revision = await openSource(paths, flags, io);
      const report = await certificatesReport(revision.snapshot, flags.lab === undefined ? undefined : await readLab(flags.lab), Date.now());
      if (format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
      else {
        for (const problem of report.problems) io.err(`warning: ${problem}\n`);
        if (report.certificates.length === 0) io.out(`No certificates found in ${report.sources.join(', ')}.\n`);
        else {
          io.out(
            formatTable(
              ['ROLE', 'NAME', 'ISSUER', 'NOT AFTER', 'DAYS LEFT', 'ROTATES AT', 'SOURCE'],
              report.certificates.map((c) => [c.role, c.spiffeId ?? c.subject, c.issuer, c.notAfter, String(c.daysLeft), c.rotatesAt ?? '-', c.source]),
            ),
          );
          io.out(report.warnings.length === 0 ? '\nNo warnings.\n' : '\n' + report.warnings.map((w) => `${w.severity}: ${w.message}\n`).join(''));
        }
      }
      if (report.warnings.length > 0) throw new CliExit(1);
    });
}

/** The lab was asked for explicitly: not reaching it is an error (exit 2), not a shorter list. */
async function readLab(url: string): Promise<CertificateSource> {
  const lab = labApiCertificateSource(url);
  const certificates = await lab.certificates().catch((error: unknown) => {
    throw new CliExit(2, `cannot read certificates from ${lab.description}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { description: lab.description, certificates: async () => certificates };
}
