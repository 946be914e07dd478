// MSL104: required fields (DestinationRule host, subset name; istio-mtls-semantics §2.8).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { requiredField as checker } from './required-field.js';

const dr = (body: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
${body}`;
const found = (yaml: string) => runChecker(checker, yaml, 'DestinationRule/bookinfo/rule').map(({ path, line, column, message }) => ({ path, line, column, message }));

describe('MSL104 required field missing', () => {
  it('points at the parent of a missing host', () => {
    expect(found(dr('  subsets:\n  - name: v1\n'))).toEqual([{ path: 'spec/host', line: 5, column: 3, message: 'Required field "host" is missing' }]);
  });

  it('flags a subset without name', () => {
    expect(found(dr('  host: reviews\n  subsets:\n  - labels: {version: v1}\n')).map((f) => f.path)).toEqual(['spec/subsets[0]/name']);
  });

  it('is quiet when every required field is there', () => {
    expect(found(dr('  host: reviews\n  subsets:\n  - name: v1\n'))).toEqual([]);
  });
});
