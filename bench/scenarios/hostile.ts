// The reliability review's F6 inputs through the validator as `meshlock validate` runs it (parse, checks,
// positions): 60,000 unknown keys in one object and 5,000 colliding objects of each group check. Before the
// fix the first two took 56 s and 57 s (the regression test is src/cli/validate/hostile-input.test.ts).
import { validateTexts } from '../../src/reports/validation.js';
import { hostileInputs } from '../../src/testing/hostile-inputs.js';
import { round, time } from '../measure.js';

export interface HostileFigures {
  readonly [input: string]: { readonly ms: number; readonly bytes: number; readonly objects: number; readonly findings: number };
}

export function benchHostileValidation(): HostileFigures {
  const inputs: [string, string][] = [
    ['unknownKeys60000', hostileInputs.unknownKeys(60_000)],
    ['sameHostDestinationRules5000', hostileInputs.sameHostRules(5_000)],
    ['sameHostGateways5000', hostileInputs.sameHostGateways(5_000)],
    ['sameHostServiceEntries5000', hostileInputs.sameHostServiceEntries(5_000)],
    ['sameSelectorPeerAuthentications5000', hostileInputs.sameSelectorPolicies(5_000)],
  ];
  return Object.fromEntries(
    inputs.map(([name, text]) => {
      const { ms, value: report } = time(() => validateTexts(new Map([[`${name}.yaml`, text]])));
      return [name, { ms: round(ms), bytes: text.length, objects: report.objects.length, findings: report.objects.reduce((n, o) => n + o.checks.length, 0) }];
    }),
  );
}
