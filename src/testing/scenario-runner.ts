// Runs one scenario world two ways, through the library and through the CLI's JSON, so every acceptance
// scenario checks both the engine and the contract users script against (docs/product.md "Contracts").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import type { CliIo } from '../cli/io.js';
import {
  edgeReport,
  queryEdges,
  statusReport,
  type EdgeOutcome,
  type EdgeReport,
  type KialiStatus,
  type Lock,
  type MtlsEngine,
  type RollupMode,
  type ServerMode,
  type StatusReport,
  type ClientSends,
} from '../core/index.js';
import { completeWorld, meshFromYaml, type MeshFromYamlOptions } from './mesh-from-yaml.js';

export type Via = 'library' | 'cli';
export const VIAS: readonly Via[] = ['library', 'cli'];

export interface World {
  readonly yaml: string;
  readonly options?: MeshFromYamlOptions;
}

/** Runs the CLI in-process and returns parsed stdout; any exit code but 0, or anything on stderr, throws. */
export async function runCliJson(argv: readonly string[], cwd = tmpdir()): Promise<unknown> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (t) => (stdout += t), err: (t) => (stderr += t), cwd, color: false };
  const code = await runCli(argv, io);
  if (code !== 0 || stderr !== '') throw new Error(`meshlock ${argv.join(' ')} exited ${code}:\n${stderr}`);
  return JSON.parse(stdout);
}

/** Writes the completed world into a fresh temp directory, runs `meshlock <command> DIR ...args -o json`. */
async function cliOnWorld(command: string, args: readonly string[], world: World): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-scenario-'));
  try {
    writeFileSync(join(dir, 'world.yaml'), completeWorld(world.yaml, world.options));
    return await runCliJson([command, dir, ...args, '-o', 'json'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function statusVia(via: Via, world: World): Promise<StatusReport> {
  if (via === 'library') return statusReport(meshFromYaml(world.yaml, world.options));
  return (await cliOnWorld('status', [], world)) as StatusReport;
}

export function libraryEdges(engine: MtlsEngine, from: string, to: string): EdgeReport[] {
  const result = queryEdges(engine, { from, to });
  if ('error' in result) throw new Error(result.error);
  return result.edges.map(edgeReport);
}

export async function edgesVia(via: Via, world: World, from: string, to: string): Promise<EdgeReport[]> {
  if (via === 'library') return libraryEdges(meshFromYaml(world.yaml, world.options), from, to);
  return (await cliOnWorld('edges', ['--from', from, '--to', to], world)) as EdgeReport[];
}

// ---- expectations ----------------------------------------------------------------------------

/** One workload port of `meshlock status`. */
export interface PortExpectation {
  readonly workload: string;
  readonly port: number;
  readonly mode: ServerMode;
  readonly decidedBy: string | null;
}

export function portOf(report: StatusReport, workload: string, port: number): PortExpectation | undefined {
  const row = report.workloads.find((w) => `${w.namespace}/${w.name}` === workload);
  const found = row?.ports.find((p) => p.port === port);
  return found ? { workload, port, mode: found.mode, decidedBy: found.decidedBy } : undefined;
}

/** What one client → host:port edge should be; `workload` picks one endpoint of a multi-endpoint service. */
export interface EdgeExpectation {
  readonly from: string;
  readonly to: string;
  readonly workload?: string;
  readonly clientSends: ClientSends;
  readonly clientDecidedBy: string | null;
  readonly serverMode: ServerMode;
  readonly outcome: EdgeOutcome;
}

/** The edges to the expected endpoint(s), in the shape of the expectation. */
export function edgesAs(edges: readonly EdgeReport[], want: EdgeExpectation): EdgeExpectation[] {
  return edges
    .filter((e) => want.workload === undefined || e.destination.workload === want.workload)
    .map((e) => ({
      from: e.source,
      to: `${e.destination.host}:${e.destination.port}`,
      ...(want.workload === undefined ? {} : { workload: e.destination.workload ?? '' }),
      clientSends: e.clientSends,
      clientDecidedBy: e.clientDecidedBy,
      serverMode: e.serverMode,
      outcome: e.outcome,
    }));
}

/** A namespace line (or, without `namespace`, the mesh line) of `meshlock status`; absent fields are not checked. */
export interface RollupExpectation {
  readonly namespace?: string;
  readonly mode?: RollupMode;
  readonly lock?: Lock;
  readonly status?: KialiStatus;
  readonly decidedBy?: string | null;
}

export function rollupOf(report: StatusReport, want: RollupExpectation): RollupExpectation | undefined {
  const line = want.namespace === undefined ? report.mesh : report.namespaces.find((n) => n.name === want.namespace);
  if (!line) return undefined;
  const picked: Record<string, unknown> = want.namespace === undefined ? {} : { namespace: want.namespace };
  for (const key of ['mode', 'lock', 'status', 'decidedBy'] as const) if (key in want) picked[key] = line[key];
  return picked as RollupExpectation;
}
