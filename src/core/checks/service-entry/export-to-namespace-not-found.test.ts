// kiali-backend-reference §2.4.7 (KIA0005 on ServiceEntries); corpus case exportto--se_exportto_valid.
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { serviceEntryExportToNamespaceNotFound as checker } from './export-to-namespace-not-found.js';

const se = (exportTo: string) => `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se_exportto, namespace: bookinfo}
spec:
  hosts: [www.googleapis.com]
  exportTo: ${exportTo}
`;

describe('KIA0005 ServiceEntry exportTo namespace not found', () => {
  it('flags an entry that names no namespace', () => {
    expect(runChecker(checker, se('[bookinfo, bookinfo2]'), 'ServiceEntry/bookinfo/se_exportto')).toEqual([
      expect.objectContaining({ code: 'KIA0005', severity: 'error', invalidates: true, path: 'spec/exportTo[1]', line: 10, column: 24 }),
    ]);
  });

  it('is quiet for existing namespaces and Istio\'s own values', () => {
    expect(runChecker(checker, se('[bookinfo, ".", "*", "~"]'), 'ServiceEntry/bookinfo/se_exportto')).toEqual([]);
  });

  it('is quiet when the files declare no Namespace at all', () => {
    const yaml = se('[bookinfo2]').split('---\n')[1] ?? '';
    expect(runChecker(checker, yaml, 'ServiceEntry/bookinfo/se_exportto')).toEqual([]);
  });
});
