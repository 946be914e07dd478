// The validate report: every config object, checks placed at file:line:column, load problems, and objects the
// loader rejects (bad mode enums) still listed with their error at the right line.
import { describe, expect, it } from 'vitest';
import { validateTexts } from '../../reports/validation.js';

const YAML = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec:
  mtls:
    mode: STRICTT
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec: {selector: {app: reviews}, ports: [{port: 9080}]}
---
kind: [broken
`;

describe('validate report', () => {
  const report = validateTexts(new Map([['mesh.yaml', YAML]]));

  it('keeps a PeerAuthentication the loader rejected, invalid, with the enum error at its line', () => {
    const pa = report.objects.find((o) => o.kind === 'PeerAuthentication');
    expect(pa).toMatchObject({ namespace: 'bookinfo', name: 'default', file: 'mesh.yaml', valid: false });
    expect(pa?.checks).toEqual([
      { code: 'MSL103', severity: 'error', message: '"STRICTT" is not allowed; use one of UNSET, DISABLE, PERMISSIVE, STRICT', path: 'spec/mtls/mode', line: 6, column: 11 },
    ]);
  });

  it('lists valid config objects with empty checks, and leaves plain Kubernetes objects out', () => {
    expect(report.objects.map((o) => `${o.kind}/${o.name}:${o.valid}:${o.checks.length}`)).toEqual(['DestinationRule/reviews:true:0', 'PeerAuthentication/default:false:1']);
  });

  it('reports YAML syntax errors as positioned problems', () => {
    expect(report.summary.problems).toEqual([expect.objectContaining({ code: 'yaml-syntax', file: 'mesh.yaml', line: 20 })]);
    expect(report.summary).toMatchObject({ objects: 2, invalid: 1, errors: 1, warnings: 0, unknown: 0 });
  });
});
