// Every code the registry can report has a section in docs/validations.md: SARIF links there by code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkers } from '../../core/index.js';

const docs = readFileSync(new URL('../../../docs/validations.md', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('docs/validations.md', () => {
  it('has a heading for every check code and for load problems', () => {
    const codes = [...new Set(checkers.map((c) => c.code))];
    expect(codes.filter((code) => !docs.includes(`#### ${code}\n`))).toEqual([]);
    expect(docs).toContain('### load-problem\n');
  });

  it('is linked from the README for every code', () => {
    const codes = [...new Set(checkers.map((c) => c.code))];
    expect(codes.filter((code) => !readme.includes(`[${code}](docs/validations.md#${code.toLowerCase()})`))).toEqual([]);
  });
});
