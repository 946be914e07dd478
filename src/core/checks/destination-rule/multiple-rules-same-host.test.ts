// kiali-backend-reference §2.4.1 (KIA0201); istio-mtls-semantics §2.7 (merging), §2.4 (most specific host wins).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { multipleRulesSameHost as checker } from './multiple-rules-same-host.js';

const dr = (name: string, host: string, subsets = '') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: bookinfo}
spec:
  host: ${host}${subsets}
---
`;
const subsets = (...names: string[]) => `\n  subsets:\n${names.map((n) => `  - {name: ${n}, labels: {version: ${n}}}`).join('\n')}`;

describe('KIA0201 two rules for one host and subset', () => {
  it('flags both rules at spec/host when short name and FQDN name the same host', () => {
    const yaml = dr('a', 'reviews') + dr('b', 'reviews.bookinfo.svc.cluster.local');
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/a')).toEqual([{ path: 'spec/host', line: 5, column: 9 }]);
    expect(placed(checker, yaml, 'DestinationRule/bookinfo/b')).toEqual([{ path: 'spec/host', line: 11, column: 9 }]);
  });

  it('flags a shared subset name', () => {
    expect(placed(checker, dr('a', 'reviews', subsets('v1')) + dr('b', 'reviews', subsets('v1', 'v2')), 'DestinationRule/bookinfo/a')).toHaveLength(1);
  });

  it('is quiet for distinct subsets of one host', () => {
    expect(placed(checker, dr('a', 'reviews', subsets('v1')) + dr('b', 'reviews', subsets('v2')), 'DestinationRule/bookinfo/a')).toEqual([]);
  });

  it('is quiet for a wildcard rule under a specific one (Kiali flags it; the most specific host wins)', () => {
    expect(placed(checker, dr('a', 'reviews') + dr('b', '"*.bookinfo.svc.cluster.local"'), 'DestinationRule/bookinfo/a')).toEqual([]);
  });
});
