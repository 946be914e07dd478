// MSL101: fields the CRD schema does not know are pruned or rejected by the API server.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { unknownField as checker } from './unknown-field.js';

const pa = (body: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec:
${body}`;
const found = (yaml: string) => runChecker(checker, yaml, 'PeerAuthentication/bookinfo/default').map(({ path, line, column, message }) => ({ path, line, column, message }));

describe('MSL101 unknown field', () => {
  it('flags a typo and suggests the field', () => {
    expect(found(pa('  mtlss:\n    mode: STRICT\n'))).toEqual([{ path: 'spec/mtlss', line: 6, column: 5, message: 'Unknown field "mtlss"; did you mean "mtls"?' }]);
  });

  it('flags a misplaced top-level key', () => {
    expect(found(pa('  mtls: {mode: STRICT}\nsepc: {}\n')).map((f) => f.path)).toEqual(['sepc']);
  });

  it('is quiet for a well-formed policy', () => {
    expect(found(pa('  selector: {matchLabels: {app: a}}\n  mtls: {mode: STRICT}\n  portLevelMtls: {8080: {mode: DISABLE}}\n'))).toEqual([]);
  });
});
