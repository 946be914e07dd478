import { describe, expect, it } from 'vitest';
import { formatPath } from './path.js';

describe("formatPath: Kiali's path strings", () => {
  it.each([
    { path: ['spec', 'rules', 0, 'from', 1, 'source', 'principals'], want: 'spec/rules[0]/from[1]/source/principals' },
    { path: ['spec', 'portLevelMtls', '8080'], want: 'spec/portLevelMtls/8080' },
    { path: ['spec', 'exportTo', 2], want: 'spec/exportTo[2]' },
    { path: [], want: '' },
  ])('$want', ({ path, want }) => {
    expect(formatPath(path)).toBe(want);
  });
});
