// Acceptance: the Kiali validation corpus against the built CLI, as CI and users run it (`meshlock validate
// DIR -o json` in a child process). The vendored cases (fixtures/corpus/kiali) always run; the team's shared
// corpus runs in addition, with its own runner, when it is checked out beside the repository. Needs
// `npm run build` first: bin/meshlock.js runs the bundle in dist/cli.
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../cli/source.js';
import type { ValidationReport } from '../api/schemas.js';
import { corpusCases, unmetExpectations } from '../testing/kiali-corpus.js';

const root = packageRoot();
const bin = join(root, 'bin', 'meshlock.js');
const vendored = join(root, 'fixtures', 'corpus', 'kiali', 'cases');
const shared = resolve(root, '../shared/corpus');
const run = promisify(execFile);

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'run.js'))) throw new Error('the CLI is not built: run `npm run build` first');
});

describe('Kiali validation corpus (vendored)', () => {
  const cases = corpusCases(vendored);

  it('holds the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, corpusCase) => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlock-case-'));
    try {
      for (const file of corpusCase.files) copyFileSync(join(corpusCase.dir, file), join(dir, file));
      // Exit 1 means "findings were reported"; the report is on stdout either way.
      const { stdout } = await run(process.execPath, [bin, 'validate', dir, '--output', 'json'], { maxBuffer: 64 << 20 }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
        if (error.code === 1 && error.stdout) return { stdout: error.stdout };
        throw new Error(`meshlock validate failed (exit ${error.code}): ${error.stderr ?? ''}`);
      });
      expect(unmetExpectations(corpusCase, JSON.parse(stdout) as ValidationReport)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Registered only when present: a fresh clone has no ../shared, and a skipped test would count as failed in CI.
if (existsSync(join(shared, 'run.mjs'))) describe('Kiali validation corpus (shared, beside the repository)', () => {
  it('passes every case with the corpus’s own runner', () => {
    const result = spawnSync(process.execPath, [join(shared, 'run.mjs'), '--cli', `"${process.execPath}" "${bin}"`, join(shared, 'kiali', 'cases')], { encoding: 'utf8', timeout: 600_000 });
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(result.stdout);
    expect(summary, `no summary line in the runner's output:\n${result.stdout}\n${result.stderr}`).not.toBeNull();
    expect(result.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([]);
    expect(Number(summary?.[1])).toBeGreaterThan(0);
    expect(Number(summary?.[2])).toBe(0);
  }, 600_000);
});
