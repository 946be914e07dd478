// MSL008; istio-mtls-semantics §2.7 (selector and selector-less rules for one host may fold together).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { selectorAndCatchAll as checker } from './selector-and-catch-all.js';

const dr = (name: string, selector: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: bookinfo}
spec:
  host: reviews${selector}
---
`;

describe('MSL008 selector and selector-less rules for one host in one namespace', () => {
  it('flags the selector rule at spec/workloadSelector and the catch-all at spec/host', () => {
    const yaml = dr('selected', '\n  workloadSelector:\n    matchLabels: {app: productpage}') + dr('catch-all', '');
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/selected')).toEqual([{ path: 'spec/workloadSelector', line: 7, column: 5 }]);
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/catch-all')).toEqual([{ path: 'spec/host', line: 13, column: 9 }]);
  });

  it('is quiet for two selector-less rules (KIA0201 covers those)', () => {
    expect(placed(checker, dr('a', '') + dr('b', ''), 'DestinationRule/bookinfo/a')).toEqual([]);
  });
});
