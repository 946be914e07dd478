// One cold process going through the steps `meshlock serve DIR` takes before /api/status answers, in its
// order, timing each: where a command's time goes beside the parse floor, without a profiler. commands.ts
// bundles it as the CLI is bundled and runs `node command-phases.js DIR`; it prints one JSON object.
// The commands' inlining budget (src/cli/run.ts imports it first too), so the steps are timed as they run.
import '../../src/cli/jit-budget.js';
import { MeshStore, statusReport } from '../../src/core/index.js';
import { validationReport } from '../../src/reports/validation.js';
import { FileSource } from '../../src/sources/files/file-source.js';
import { round, time } from '../measure.js';

export interface CommandPhases {
  /** Finding, reading and parsing every file on both threads, and the source's first definitions. */
  readonly readAndParseMs: number;
  /** The snapshot and the mTLS engine's indexes. */
  readonly storeMs: number;
  /** Every check over every object (`validate`, and `serve` before it listens). */
  readonly checksMs: number;
  /** Findings placed at file:line:column, the validations report (`validate`, and `serve` before the first request). */
  readonly placementMs: number;
  /** The status report (`status`, and `serve`'s first /api/status). */
  readonly statusReportMs: number;
}

async function phases(dir: string): Promise<CommandPhases> {
  const started = performance.now();
  const source = await FileSource.open([dir], dir, { watch: false, viewOnly: true });
  await source.close();
  const contents = source.contents();
  const readAndParseMs = round(performance.now() - started);
  const store = time(() => new MeshStore(contents).current);
  const revision = store.value;
  const checks = time(() => revision.validator());
  const placement = time(() => validationReport(revision));
  const status = time(() => statusReport(revision.engine));
  return { readAndParseMs, storeMs: round(store.ms), checksMs: round(checks.ms), placementMs: round(placement.ms), statusReportMs: round(status.ms) };
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: command-phases.ts DIR');
process.stdout.write(JSON.stringify(await phases(dir)) + '\n');
