// The runner: silencing annotations, the valid flag, and which objects are reported.
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../testing/demo-mesh.js';
import { buildSnapshot } from '../model/snapshot.js';
import { MtlsEngine } from '../mtls/engine.js';
import type { Checker } from './checker.js';
import { CheckContext } from './context.js';
import { checkSnapshot, silencedCodes } from './run.js';

const warn: Checker = { code: 'T001', kinds: ['DestinationRule'], severity: 'warning', message: 'w', invalidates: false, check: () => [{ path: ['spec', 'host'] }] };
const fail: Checker = { code: 'T002', kinds: ['DestinationRule'], severity: 'error', message: 'e', invalidates: true, check: () => [{ path: ['spec'] }] };
const onServices: Checker = { code: 'T003', kinds: ['Service'], severity: 'info', message: 'i', invalidates: false, check: (o) => (o.name === 'flagged' ? [{ path: [] }] : []) };

const dr = (annotation: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: rule
  namespace: bookinfo${annotation}
spec: {host: reviews}
---
apiVersion: v1
kind: Service
metadata: {name: flagged, namespace: bookinfo}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: quiet, namespace: bookinfo}
spec: {ports: [{port: 80}]}
`;

function run(yaml: string) {
  const objects = objectsFromYaml(yaml);
  return checkSnapshot(new CheckContext(new MtlsEngine(buildSnapshot(objects))), [warn, fail, onServices]);
}

describe('checkSnapshot', () => {
  it('reports config objects and objects a check concerns; valid is the AND of the checks', () => {
    const results = run(dr(''));
    expect(results.map((r) => `${r.kind}/${r.name}:${r.valid}:${r.checks.map((c) => c.code).join(',')}`)).toEqual([
      'DestinationRule/rule:false:T001,T002',
      'Service/flagged:true:T003',
    ]);
  });

  it.each([
    { name: 'meshlock annotation, empty: everything silenced, valid again', annotation: "\n  annotations: {meshlock.io/ignore-validations: ''}", codes: [], valid: true },
    { name: "Kiali's annotation with a list", annotation: '\n  annotations: {kiali.io/ignore-validations: "T002, T009"}', codes: ['T001'], valid: true },
    { name: 'one code of two', annotation: '\n  annotations: {meshlock.io/ignore-validations: T001}', codes: ['T002'], valid: false },
  ])('$name', ({ annotation, codes, valid }) => {
    const [rule] = run(dr(annotation));
    expect(rule?.checks.map((c) => c.code)).toEqual(codes);
    expect(rule?.valid).toBe(valid);
  });

  it('reads both annotations together', () => {
    const object = { annotations: { 'meshlock.io/ignore-validations': 'A', 'kiali.io/ignore-validations': 'B' } };
    expect(silencedCodes(object as never)).toEqual(new Set(['A', 'B']));
  });
});

describe('findings per check and object (F6)', () => {
  it('lists the first 100 and says how many more there are in one finding', () => {
    const many: Checker = { code: 'T004', kinds: ['DestinationRule'], severity: 'error', message: 'Unknown field', invalidates: true, check: () => Array.from({ length: 250 }, (_, i) => ({ path: ['spec', `k${i}`] })) };
    const objects = objectsFromYaml(dr(''));
    const [rule] = checkSnapshot(new CheckContext(new MtlsEngine(buildSnapshot(objects))), [many]);
    expect(rule?.checks).toHaveLength(101);
    expect(rule?.checks[99]?.path).toEqual(['spec', 'k99']);
    expect(rule?.checks[100]).toEqual({ code: 'T004', severity: 'error', message: '150 more T004 findings on this object are not listed, the first: Unknown field', path: ['spec', 'k100'] });
    expect(rule?.valid).toBe(false);
  });
});
