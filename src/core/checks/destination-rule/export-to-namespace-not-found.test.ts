// kiali-backend-reference §2.4.1, §5.4 (KIA0005, fixtures dr_exportto_*).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { exportToNamespaceNotFound as checker } from './export-to-namespace-not-found.js';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo}
---
apiVersion: v1
kind: Namespace
metadata: {name: bookinfo2}
---
`;
const dr = (exportTo: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule, namespace: bookinfo}
spec:
  host: "*.local"
  exportTo:
${exportTo}`;

describe('KIA0005 exportTo names a namespace that does not exist', () => {
  it('flags each unknown namespace at spec/exportTo[i]', () => {
    expect(placed(checker, NAMESPACES + dr('  - wrong1\n  - bookinfo3\n  - .\n'), 'DestinationRule/bookinfo/rule')).toEqual([
      { path: 'spec/exportTo[0]', line: 15, column: 5 },
      { path: 'spec/exportTo[1]', line: 16, column: 5 },
    ]);
  });

  it('is quiet for existing namespaces, "." and "*"', () => {
    expect(placed(checker, NAMESPACES + dr('  - bookinfo\n  - bookinfo2\n  - "*"\n'), 'DestinationRule/bookinfo/rule')).toEqual([]);
  });

  it('is quiet when the files declare no Namespace (existence unknown)', () => {
    expect(placed(checker, dr('  - wrong1\n'), 'DestinationRule/bookinfo/rule')).toEqual([]);
  });
});
