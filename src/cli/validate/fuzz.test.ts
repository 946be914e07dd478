// Robustness: 10,000 seeded random mutations of the Kiali corpus fixtures (vendored in fixtures/corpus) and the
// demo mesh never crash the validator, and every check and every parse error it reports carries a file position.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusCases } from '../../testing/kiali-corpus.js';
import { seededRandom } from '../../testing/seeded-random.js';
import { validateTexts } from '../../reports/validation.js';

const VARIANTS = 10_000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function inputs(): Map<string, string>[] {
  const sets: Map<string, string>[] = [];
  const demo = join(root, 'fixtures', 'demo');
  sets.push(new Map(readdirSync(demo).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(demo, f), 'utf8')])));
  for (const corpusCase of corpusCases(join(root, 'fixtures', 'corpus', 'kiali', 'cases'))) {
    sets.push(new Map(corpusCase.files.map((f) => [f, readFileSync(join(corpusCase.dir, f), 'utf8')])));
  }
  return sets;
}

const TOKENS = [':', '-', ' ', '  ', '{', '}', '[', ']', '"', "'", '\n', '#', '*', '&a', '*a', '!!int ', '|', '>', ',', '\t', '---\n', '%', '@'];
const VALUES = ['STRICT', 'DISABLE', 'PERMISSIVE', 'UNSET', 'ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE', '', 'null', '[]', '{}', '42', '-1', '"*"', 'true', '"*.local"', 'a.b.c', '~', '2024-01-01', 'x'.repeat(300)];

function mutate(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const at = () => Math.floor(random() * (text.length + 1));
  const lines = text.split('\n');
  const line = () => Math.floor(random() * lines.length);
  switch (Math.floor(random() * 8)) {
    case 0: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1 + Math.floor(random() * 3));
    }
    case 1: {
      const i = at();
      return text.slice(0, i) + pick(TOKENS) + text.slice(i);
    }
    case 2: {
      const i = line();
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 3:
      lines.splice(line(), 1);
      return lines.join('\n');
    case 4: {
      const i = line();
      const j = line();
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 5: {
      const i = line();
      const current = lines[i] ?? '';
      lines[i] = random() < 0.5 ? `  ${current}` : current.replace(/^ {1,2}/, '');
      return lines.join('\n');
    }
    case 6: {
      // Replace the value of a random `key: value` line.
      const candidates = lines.map((l, i) => ({ l, i })).filter(({ l }) => /:\s+\S/.test(l));
      const chosen = candidates.length > 0 ? pick(candidates) : undefined;
      if (!chosen) return text;
      lines[chosen.i] = chosen.l.replace(/:\s+.*$/, `: ${pick(VALUES)}`);
      return lines.join('\n');
    }
    default:
      return text.slice(0, at());
  }
}

describe('validator under random mutation', () => {
  it(`survives ${VARIANTS} mutated variants and positions everything it reports`, () => {
    const sets = inputs();
    // The demo and every vendored corpus case: the input never narrows to the demo alone.
    expect(sets.length).toBeGreaterThan(45);
    const random = seededRandom(0x6d657368);
    let checks = 0;
    let problems = 0;
    for (let n = 0; n < VARIANTS; n++) {
      const base = sets[n % sets.length] ?? new Map<string, string>();
      const files = [...base.keys()];
      const target = files[Math.floor(random() * files.length)] ?? '';
      const texts = new Map(base);
      let text = texts.get(target) ?? '';
      const rounds = 1 + Math.floor(random() * 3);
      for (let r = 0; r < rounds; r++) text = mutate(text, random);
      texts.set(target, text);
      let report;
      try {
        report = validateTexts(texts);
      } catch (error) {
        throw new Error(`variant ${n} of ${files.join('+')} crashed: ${String(error)}\n--- ${target} ---\n${text}`, { cause: error });
      }
      for (const object of report.objects) {
        for (const check of object.checks) {
          checks++;
          if (check.line === null || check.column === null) throw new Error(`variant ${n}: unpositioned ${check.code} on ${object.kind}/${object.namespace}/${object.name}\n${text}`);
        }
      }
      for (const problem of report.summary.problems) {
        problems++;
        if (problem.file !== null && problem.code === 'yaml-syntax' && (problem.line === null || problem.column === null)) {
          throw new Error(`variant ${n}: unpositioned parse error ${problem.message}\n${text}`);
        }
      }
      JSON.stringify(report);
    }
    expect(checks).toBeGreaterThan(0);
    expect(problems).toBeGreaterThan(0);
  }, 120_000);
});
