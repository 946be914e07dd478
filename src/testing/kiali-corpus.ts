// Test builder: the Kiali validation corpus (fixtures/corpus/kiali, its README) read and checked. A case is
// a directory with fixture.yaml, context.yaml and expect.json; it passes when `meshlock validate` of the two
// YAML files reports what expect.json asks for on each object named there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationReport } from '../api/schemas.js';

interface Expectation {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly has?: readonly { readonly code: string; readonly path: string; readonly severity?: string | null }[];
  readonly hasNot?: readonly string[];
  readonly valid?: boolean | null;
}

export interface CorpusCase {
  readonly name: string;
  readonly dir: string;
  /** The YAML files to validate together: fixture.yaml and context.yaml. */
  readonly files: readonly string[];
  readonly expect: readonly Expectation[];
}

/** Every case under `casesDir`, sorted by name. */
export function corpusCases(casesDir: string): CorpusCase[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(casesDir, entry.name, 'expect.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(casesDir, name);
      const spec = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as { expect?: unknown };
      if (!Array.isArray(spec.expect)) throw new Error(`${dir}/expect.json: "expect" is not a list`);
      return { name, dir, files: ['fixture.yaml', 'context.yaml'].filter((f) => existsSync(join(dir, f))), expect: spec.expect as Expectation[] };
    });
}

/** Why the report does not meet the case (empty when it does), one reason per unmet expectation. */
export function unmetExpectations(corpusCase: CorpusCase, report: ValidationReport): string[] {
  const reasons: string[] = [];
  for (const e of corpusCase.expect) {
    const id = `${e.kind} ${e.namespace ?? ''}/${e.name}`;
    const object = report.objects.find((o) => o.kind === e.kind && (o.namespace ?? '') === (e.namespace ?? '') && o.name === e.name);
    if (!object) {
      reasons.push(`${id}: object not in the report`);
      continue;
    }
    for (const wanted of e.has ?? []) {
      const hit = object.checks.some((c) => c.code === wanted.code && c.path === wanted.path && (wanted.severity == null || c.severity === wanted.severity));
      if (hit) continue;
      const near = object.checks.filter((c) => c.code === wanted.code).map((c) => `${c.path} [${c.severity}]`);
      reasons.push(`${id}: missing ${wanted.code} at ${wanted.path}${wanted.severity ? ` [${wanted.severity}]` : ''}${near.length > 0 ? ` (got it at ${near.join(', ')})` : ''}`);
    }
    for (const code of e.hasNot ?? []) {
      const found = object.checks.filter((c) => c.code === code);
      if (found.length > 0) reasons.push(`${id}: unexpected ${code} at ${found.map((c) => c.path).join(', ')}`);
    }
    if (e.valid !== null && e.valid !== undefined && object.valid !== e.valid) reasons.push(`${id}: valid is ${object.valid}, expected ${e.valid}`);
  }
  return reasons;
}
