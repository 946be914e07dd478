// Issue "speed as users run it": what a user waits for, whole commands in their own processes on the generated
// mesh, each beside the floor measured in the same run on the same files — js-yaml parsing every file, which
// any tool reading them must do. Each command runs right after a floor of its own, and its ratio is the median
// of those pairs: on a shared machine the floor moves by a third within a minute, and a command compared with
// a floor measured seconds before it moved with it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/cli/source.js';
import type { GeneratedMesh } from '../generate-mesh.js';
import { median, round } from '../measure.js';
import type { CommandPhases } from './command-phases.js';

interface Row {
  readonly medianMs: number;
  readonly runs: number;
  /** The median of `ratioPerRun`: each run over the floor measured just before it. */
  readonly ratioToFloor: number;
  /** This row's median over the median of its floors, unpaired: the same figures compared the other way. */
  readonly ratioOfMedians: number;
  /** The goal of the issue, as a ratio to the floor or in milliseconds. */
  readonly goal: string;
  /** Each run's time over the floor measured just before it; the spread says how far the median can be trusted. */
  readonly ratioPerRun: readonly number[];
  /** The floor measured just before each run, in run order. */
  readonly floorPerRunMs: readonly number[];
}

export interface CommandFigures {
  /** The median of every floor measured in this run of the bench. */
  readonly floorMs: number;
  readonly status: Row;
  readonly validate: Row;
  readonly serveUntilStatus: Row;
  readonly firstValidations: { readonly medianMs: number; readonly runs: number; readonly goal: string };
  readonly serveRssMb: number;
  /**
   * Where the time goes: the steps serve takes before /api/status answers, timed in one cold process each run
   * (medians), and each as a ratio to the floor. Process start and module loading are not in them.
   */
  readonly phases: Record<keyof CommandPhases, { readonly medianMs: number; readonly ratioToFloor: number }>;
}

const RUNS = 5;
const bin = join(packageRoot(), 'bin', 'meshlock.js');

/** The floor: reading and parsing every file once, in a fresh process as the commands run. */
function parseFloorMs(dir: string): number {
  const script = `const {readdirSync,readFileSync}=require('node:fs');const {join}=require('node:path');const yaml=require(${JSON.stringify(createRequire(import.meta.url).resolve('js-yaml'))});const t=performance.now();let n=0;for(const f of readdirSync(${JSON.stringify(dir)}))n+=yaml.loadAll(readFileSync(join(${JSON.stringify(dir)},f),'utf8')).length;process.stdout.write(String(performance.now()-t));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the parse floor failed: ${run.stderr}`);
  return Number(run.stdout);
}

/**
 * command-phases.ts bundled as the CLI is (scripts/bundle-cli.mjs), into `outdir`: through tsx's loader the
 * steps would be timed slower than the commands run them (its name-keeping wrappers alone made the status
 * report take half as long again), and the reading thread would start through the loader too.
 */
function bundlePhases(outdir: string): string {
  const run = spawnSync(process.execPath, ['scripts/bundle-cli.mjs', '--outdir', outdir, '--entry', 'bench/scenarios/command-phases.ts'], { cwd: packageRoot(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bundling command-phases.ts failed: ${run.stderr}`);
  return join(outdir, 'command-phases.js');
}

/** The phases of one cold run (command-phases.ts), from its bundle. */
function phasesRun(bundle: string, dir: string): CommandPhases {
  const run = spawnSync(process.execPath, [bundle, dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`command phases failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as CommandPhases;
}

/** Wall time of one CLI run until it exits, stdout discarded. */
function commandMs(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`meshlock ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** `meshlock serve DIR` from spawn until /api/status answers, then the first /api/validations, and its RSS. */
async function serveRun(dir: string): Promise<{ untilStatusMs: number; firstValidationsMs: number; rssMb: number }> {
  const started = performance.now();
  const server = spawn(process.execPath, [bin, 'serve', dir, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const found = /meshlock console: (\S+)/.exec(out);
        if (found) resolve(found[1]!);
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code} before listening`)));
    });
    while ((await httpGet(`${url}api/status`)) !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    const untilStatusMs = performance.now() - started;
    const asked = performance.now();
    await httpGet(`${url}api/validations`);
    const firstValidationsMs = performance.now() - asked;
    const rss = readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return { untilStatusMs, firstValidationsMs, rssMb: rss ? Math.round(Number(rss[1]) / 1024) : 0 };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

function phaseMedians(runs: readonly CommandPhases[], floorMs: number): CommandFigures['phases'] {
  const of = (name: keyof CommandPhases) => {
    const medianMs = round(median(runs.map((run) => run[name])));
    return { medianMs, ratioToFloor: round(medianMs / floorMs) };
  };
  return { readAndParseMs: of('readAndParseMs'), storeMs: of('storeMs'), checksMs: of('checksMs'), placementMs: of('placementMs'), statusReportMs: of('statusReportMs') };
}

export async function benchCommands(mesh: GeneratedMesh): Promise<CommandFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-bench-commands-'));
  const bundled = mkdtempSync(join(tmpdir(), 'meshlock-bench-phases-'));
  try {
    const phasesBundle = bundlePhases(bundled);
    for (const file of mesh.files) writeFileSync(join(dir, file.name), file.text);
    if (readdirSync(dir).length === 0) throw new Error('the generated mesh has no files');
    const floors = { status: [] as number[], validate: [] as number[], serve: [] as number[] };
    const status: number[] = [];
    const validate: number[] = [];
    const serve: Awaited<ReturnType<typeof serveRun>>[] = [];
    const phases: CommandPhases[] = [];
    for (let run = 0; run < RUNS; run++) {
      floors.status.push(parseFloorMs(dir));
      status.push(commandMs(['status', dir, '-o', 'json']));
      floors.validate.push(parseFloorMs(dir));
      validate.push(commandMs(['validate', dir, '-o', 'json']));
      floors.serve.push(parseFloorMs(dir));
      serve.push(await serveRun(dir));
      phases.push(phasesRun(phasesBundle, dir));
    }
    const floorMs = round(median([...floors.status, ...floors.validate, ...floors.serve]));
    const row = (samples: number[], before: number[], goal: string): Row => {
      const ratioPerRun = samples.map((ms, run) => ms / before[run]!);
      return {
        medianMs: round(median(samples)),
        runs: samples.length,
        ratioToFloor: round(median(ratioPerRun)),
        ratioOfMedians: round(median(samples) / median(before)),
        goal,
        ratioPerRun: ratioPerRun.map(round),
        floorPerRunMs: before.map(round),
      };
    };
    return {
      floorMs,
      status: row(status, floors.status, '≤ 1.5 × floor'),
      validate: row(validate, floors.validate, '≤ 2 × floor'),
      serveUntilStatus: row(serve.map((s) => s.untilStatusMs), floors.serve, '≤ 2 × floor'),
      firstValidations: { medianMs: round(median(serve.map((s) => s.firstValidationsMs))), runs: serve.length, goal: '≤ 200 ms' },
      serveRssMb: Math.max(...serve.map((s) => s.rssMb)),
      phases: phaseMedians(phases, floorMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundled, { recursive: true, force: true });
  }
}
