// Builds the Go oracle (conformance/) once per source version and runs it on many worlds per process.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OracleResult } from './compare.js';

export const CONFORMANCE_DIR = join(import.meta.dirname, '..', '..', '..', 'conformance');

/** The oracle's sources (go.mod, go.sum, Go files) hashed: the binary is rebuilt only when one changes. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = ['go.mod', 'go.sum', ...readdirSync(join(CONFORMANCE_DIR, 'oracle')).filter((f) => f.endsWith('.go')).map((f) => join('oracle', f))].sort();
  for (const file of files) hash.update(file).update(readFileSync(join(CONFORMANCE_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

export interface OracleBinary {
  readonly path: string;
  /** Seconds spent building; 0 when the cached binary was used. */
  readonly buildSeconds: number;
}

/** Builds `go test -c` of conformance/oracle into `.cache/<hash>/` unless that binary exists. */
export function buildOracle(log: (line: string) => void): OracleBinary {
  const dir = join(CONFORMANCE_DIR, '.cache', sourceHash());
  const path = join(dir, 'oracle.test');
  if (existsSync(path)) return { path, buildSeconds: 0 };
  rmSync(join(CONFORMANCE_DIR, '.cache'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log('building the Istio oracle (go test -c ./oracle); the first build compiles Istio and takes minutes');
  const started = performance.now();
  const result = spawnSync('nice', ['-n', '10', 'go', 'test', '-c', '-vet=off', '-o', path, './oracle'], { cwd: CONFORMANCE_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`building the oracle failed (exit ${result.status ?? result.signal})`);
  return { path, buildSeconds: (performance.now() - started) / 1000 };
}

export interface WorldInput {
  readonly id: string;
  readonly yaml: string;
}

/**
 * Runs one oracle process on a list of worlds and returns its results by world id. Worlds go in and results come
 * out through files, so the process never waits on this one while it compares (which blocks the event loop).
 */
function runShard(binary: string, worlds: readonly WorldInput[], dir: string, index: number): Promise<Map<string, OracleResult>> {
  const input = join(dir, `worlds-${index}.jsonl`);
  const out = join(dir, `results-${index}.jsonl`);
  const log = join(dir, `oracle-${index}.log`);
  writeFileSync(input, worlds.map((w) => JSON.stringify(w)).join('\n') + '\n');
  const stdin = openSync(input, 'r');
  const output = openSync(log, 'w');
  return new Promise((resolve, reject) => {
    // GOGC=400: the harness allocates a control plane per world; fewer collections save a quarter of the CPU.
    const child = spawn(binary, ['-test.run', '^TestOracle$', '-stdin', '-out', out], { stdio: [stdin, output, output], env: { ...process.env, GOGC: '400' } });
    child.on('error', reject);
    child.on('close', () => {
      closeSync(stdin);
      closeSync(output);
      const results = new Map<string, OracleResult>();
      if (existsSync(out)) {
        for (const line of readFileSync(out, 'utf8').split('\n')) {
          if (!line.trim()) continue;
          const result = JSON.parse(line) as OracleResult;
          results.set(result.id, result);
        }
      }
      // A world the harness could not finish stays missing and is reported as such by the caller.
      if (results.size === 0 && worlds.length > 0) reject(new Error(`the oracle produced no result:\n${readFileSync(log, 'utf8').slice(-4000)}`));
      else resolve(results);
    });
  });
}

/** Runs `shards` oracle processes side by side (one per core) and merges their results. */
export async function runOracle(binary: string, worlds: readonly WorldInput[], shards: number): Promise<Map<string, OracleResult>> {
  const parts: WorldInput[][] = Array.from({ length: shards }, () => []);
  worlds.forEach((w, i) => parts[i % shards]?.push(w));
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-oracle-'));
  try {
    const results = await Promise.all(parts.filter((p) => p.length > 0).map((p, i) => runShard(binary, p, dir, i)));
    return new Map(results.flatMap((r) => [...r]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
