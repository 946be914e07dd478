// Acceptance: the Kiali validation corpus (../shared/corpus, docs in its README) against the built CLI, as CI
// and users run it. Needs `npm run build` first; bin/meshlock.js runs dist.
/* eslint-disable no-restricted-imports, no-restricted-globals -- this test drives the CLI in a child process, as a user would */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = resolve(root, '../shared');
const runner = join(shared, 'corpus', 'run.mjs');
const cases = join(shared, 'corpus', 'kiali', 'cases');
const bin = join(root, 'bin', 'meshlock.js');

describe('Kiali validation corpus', () => {
  it('passes every case', () => {
    if (!existsSync(runner) || !existsSync(cases)) {
      throw new Error(`the acceptance corpus is missing: expected ${runner} and ${cases} (the shared/ directory beside the project root)`);
    }
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'run.js'))) throw new Error('the CLI is not built: run `npm run build` first');
    const run = spawnSync(process.execPath, [runner, '--cli', `"${process.execPath}" "${bin}"`, cases], { encoding: 'utf8', timeout: 600_000 });
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(run.stdout);
    expect(summary, `no summary line in the runner's output:\n${run.stdout}\n${run.stderr}`).not.toBeNull();
    expect(run.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([]);
    expect(Number(summary?.[1])).toBeGreaterThan(0);
    expect(Number(summary?.[2])).toBe(0);
  }, 600_000);
});
