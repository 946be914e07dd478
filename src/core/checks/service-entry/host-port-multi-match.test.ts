// kiali-backend-reference §2.4.7 (KIA1211).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { serviceEntryHostPortMultiMatch as checker } from './host-port-multi-match.js';

const se = (name: string, namespace: string, protocol: string, extra = '') => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  hosts: [api.example.com]${extra}
  ports:
  - {number: 80, name: http, protocol: HTTP}
  - {number: 443, name: tls, protocol: ${protocol}}
---
`;

describe('KIA1211 more than one ServiceEntry for the same host and port', () => {
  it('flags the shared port of both entries when the protocols agree', () => {
    const yaml = se('a', 'ns1', 'TLS') + se('b', 'ns2', 'tls').replace('  - {number: 80, name: http, protocol: HTTP}\n', '');
    expect(runChecker(checker, yaml, 'ServiceEntry/ns1/a')).toEqual([
      expect.objectContaining({ code: 'KIA1211', severity: 'warning', invalidates: false, path: 'spec/ports[1]', line: 8, column: 5 }),
    ]);
    expect(runChecker(checker, yaml, 'ServiceEntry/ns2/b')).toEqual([expect.objectContaining({ path: 'spec/ports[0]', line: 16, column: 5 })]);
  });

  it.each([
    ['the protocols differ (KIA1212 instead)', se('a', 'ns1', 'TLS') + se('b', 'ns2', 'TCP').replace('  - {number: 80, name: http, protocol: HTTP}\n', '')],
    ['no namespace sees both', se('a', 'ns1', 'TLS', '\n  exportTo: ["."]') + se('b', 'ns2', 'TLS', '\n  exportTo: ["."]').replace('  - {number: 80, name: http, protocol: HTTP}\n', '')],
    ['the hosts differ', se('a', 'ns1', 'TLS') + se('b', 'ns2', 'TLS').replace('api.example.com', 'web.example.com').replace('  - {number: 80, name: http, protocol: HTTP}\n', '')],
  ])('is quiet when %s', (_name, yaml) => {
    expect(runChecker(checker, yaml, 'ServiceEntry/ns1/a')).toEqual([]);
  });
});
