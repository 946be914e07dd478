// MSL102: values of the wrong type are rejected by the API server.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { wrongType as checker } from './wrong-type.js';

const dr = (body: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: reviews
${body}`;
const found = (yaml: string) => runChecker(checker, yaml, 'DestinationRule/bookinfo/rule').map(({ path, line, column, message }) => ({ path, line, column, message }));

describe('MSL102 wrong type', () => {
  it('flags a string where a list is expected', () => {
    expect(found(dr('  exportTo: bookinfo\n'))).toEqual([{ path: 'spec/exportTo', line: 6, column: 13, message: 'Expected list, found string' }]);
  });

  it('flags a quoted port number', () => {
    expect(found(dr('  trafficPolicy:\n    portLevelSettings:\n    - port: {number: "9080"}\n      tls: {mode: DISABLE}\n')).map((f) => f.path)).toEqual([
      'spec/trafficPolicy/portLevelSettings[0]/port/number',
    ]);
  });

  it('is quiet for well-typed values', () => {
    expect(found(dr('  exportTo: [bookinfo]\n  trafficPolicy: {connectionPool: {tcp: {connectTimeout: 10s}}}\n'))).toEqual([]);
  });
});
