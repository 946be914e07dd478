// tsx bench/generate-mesh-cli.ts --namespaces 2000 --workloads-per-namespace 10 --out DIR [--seed N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateMesh } from './generate-mesh.js';

function nonNegativeInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${text ?? 'nothing'}`);
  }
  return value;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      namespaces: { type: 'string' },
      'workloads-per-namespace': { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (values.out === undefined) throw new Error('--out DIR is required');
  const mesh = generateMesh({
    namespaces: nonNegativeInteger('namespaces', values.namespaces),
    workloadsPerNamespace: nonNegativeInteger('workloads-per-namespace', values['workloads-per-namespace']),
    seed: values.seed === undefined ? undefined : nonNegativeInteger('seed', values.seed),
  });
  mkdirSync(values.out, { recursive: true });
  for (const file of mesh.files) writeFileSync(join(values.out, file.name), file.text);
  console.log(JSON.stringify(mesh.counts));
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
