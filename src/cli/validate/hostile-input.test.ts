// F6 of the reliability review: inputs that made `meshlock validate` quadratic (56 s for 60,000 unknown keys,
// 57 s for 5,000 DestinationRules of one host) stay linear. A PR in CI can carry such a file. The figures are
// in `npm run bench`; here a return to pairwise work shows as a test that runs into its timeout.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../testing/run-cli.js';
import { hostileInputs } from '../../testing/hostile-inputs.js';
import type { ValidationReport } from '../../api/schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'meshlock-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validate(name: string, text: string): Promise<ValidationReport> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const run = await cli(['validate', file, '-o', 'json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ValidationReport;
}

describe('meshlock validate on hostile inputs (F6)', () => {
  it(`60,000 unknown keys in one object: 100 findings and one that counts the rest`, async () => {
    const report = await validate('keys.yaml', hostileInputs.unknownKeys(60_000));
    const checks = report.objects[0]?.checks ?? [];
    expect(checks.filter((c) => c.code === 'MSL101')).toHaveLength(101);
    expect(checks.at(-1)).toMatchObject({ code: 'MSL101', path: 'spec/k100', message: '59900 more MSL101 findings on this object are not listed, the first: Unknown field "k100"', line: 105 });
  }, 120_000);

  it(`5,000 DestinationRules for one host: each warned once`, async () => {
    const report = await validate('rules.yaml', hostileInputs.sameHostRules(5_000));
    expect(report.objects).toHaveLength(5_000);
    expect(report.objects.every((o) => o.checks.some((c) => c.code === 'KIA0201'))).toBe(true);
  }, 120_000);

  it(`5,000 colliding Gateways, ServiceEntries and selector PeerAuthentications`, async () => {
    for (const [name, text, code] of [
      ['gateways.yaml', hostileInputs.sameHostGateways(5_000), 'KIA0301'],
      ['entries.yaml', hostileInputs.sameHostServiceEntries(5_000), 'KIA1211'],
      ['policies.yaml', hostileInputs.sameSelectorPolicies(5_000), 'KIA0003'],
    ] as const) {
      const report = await validate(name, text);
      expect(report.objects.filter((o) => o.checks.some((c) => c.code === code)), name).toHaveLength(5_000);
    }
  }, 180_000);
});
