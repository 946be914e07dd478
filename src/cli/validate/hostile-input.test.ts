// F6 of the reliability review: inputs that made `meshlock validate` quadratic (56 s for 60,000 unknown keys,
// 57 s for 5,000 DestinationRules of one host) stay linear. A PR in CI can carry such a file. The bound is
// generous on purpose (the figures themselves are in `npm run bench`); what it catches is a return to
// pairwise work, which takes minutes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../testing/run-cli.js';
import { hostileInputs } from '../../../bench/hostile-inputs.js';
import type { ValidationReport } from './report.js';

const BOUND_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'meshlock-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validate(name: string, text: string): Promise<{ report: ValidationReport; ms: number }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const started = performance.now();
  const run = await cli(['validate', file, '-o', 'json']);
  const ms = performance.now() - started;
  expect(run.stderr).toBe('');
  return { report: JSON.parse(run.stdout) as ValidationReport, ms };
}

describe('meshlock validate on hostile inputs (F6)', () => {
  it(`60,000 unknown keys in one object: 100 findings and one that counts the rest, within ${BOUND_MS / 1000} s`, async () => {
    const { report, ms } = await validate('keys.yaml', hostileInputs.unknownKeys(60_000));
    const checks = report.objects[0]?.checks ?? [];
    expect(checks.filter((c) => c.code === 'MSL101')).toHaveLength(101);
    expect(checks.at(-1)).toMatchObject({ code: 'MSL101', path: 'spec/k100', message: '59900 more MSL101 findings on this object are not listed, the first: Unknown field "k100"', line: 105 });
    expect(ms).toBeLessThan(BOUND_MS);
  }, 120_000);

  it(`5,000 DestinationRules for one host: each warned once, within ${BOUND_MS / 1000} s`, async () => {
    const { report, ms } = await validate('rules.yaml', hostileInputs.sameHostRules(5_000));
    expect(report.objects).toHaveLength(5_000);
    expect(report.objects.every((o) => o.checks.some((c) => c.code === 'KIA0201'))).toBe(true);
    expect(ms).toBeLessThan(BOUND_MS);
  }, 120_000);

  it(`5,000 colliding Gateways, ServiceEntries and selector PeerAuthentications, within ${BOUND_MS / 1000} s each`, async () => {
    for (const [name, text, code] of [
      ['gateways.yaml', hostileInputs.sameHostGateways(5_000), 'KIA0301'],
      ['entries.yaml', hostileInputs.sameHostServiceEntries(5_000), 'KIA1211'],
      ['policies.yaml', hostileInputs.sameSelectorPolicies(5_000), 'KIA0003'],
    ] as const) {
      const { report, ms } = await validate(name, text);
      expect(report.objects.filter((o) => o.checks.some((c) => c.code === code)), name).toHaveLength(5_000);
      expect(ms, name).toBeLessThan(BOUND_MS);
    }
  }, 180_000);
});
