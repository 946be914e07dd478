// kiali-backend-reference §2.4.1 (KIA0209).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { subsetWithoutLabels as checker } from './subset-without-labels.js';

const dr = (second: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - name: all
  - name: v1
    labels: {version: ${second}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec: {selector: {app: reviews}, ports: [{port: 9080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: bookinfo}
spec:
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: app}]}
`;
const found = (yaml: string) => runChecker(checker, yaml, 'DestinationRule/bookinfo/rule').map(({ path, severity, line, column }) => ({ path, severity, line, column }));

describe('KIA0209 subset without labels', () => {
  it('warns at spec/subsets[0]', () => {
    expect(found(dr('v7'))).toEqual([{ path: 'spec/subsets[0]', severity: 'warning', line: 7, column: 5 }]);
  });

  it('is only info when another subset of the rule selects endpoints', () => {
    expect(found(dr('v1'))).toEqual([{ path: 'spec/subsets[0]', severity: 'info', line: 7, column: 5 }]);
  });

  it('is quiet when every subset has labels', () => {
    expect(found(dr('v1').replace('  - name: all\n', ''))).toEqual([]);
  });
});
