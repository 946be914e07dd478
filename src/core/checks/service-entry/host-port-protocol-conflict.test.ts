// kiali-backend-reference §2.4.7 (KIA1212).
import { describe, expect, it } from 'vitest';
import { runChecker } from '../../../testing/checker-findings.js';
import { serviceEntryHostPortProtocolConflict as checker } from './host-port-protocol-conflict.js';

const se = (name: string, protocol: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: egress}
spec:
  hosts: [db.example.com]
  ports:
  - {number: 5432, name: db, protocol: ${protocol}}
---
`;

describe('KIA1212 conflicting protocols for the same host and port', () => {
  it('flags the port on both entries', () => {
    const yaml = se('a', 'TCP') + se('b', 'TLS');
    expect(runChecker(checker, yaml, 'ServiceEntry/egress/a')).toEqual([
      expect.objectContaining({ code: 'KIA1212', severity: 'warning', invalidates: false, path: 'spec/ports[0]', line: 7, column: 5 }),
    ]);
    expect(runChecker(checker, yaml, 'ServiceEntry/egress/b')).toEqual([expect.objectContaining({ path: 'spec/ports[0]', line: 15, column: 5 })]);
  });

  it('is quiet when the protocols agree, whatever their case', () => {
    expect(runChecker(checker, se('a', 'TCP') + se('b', 'tcp'), 'ServiceEntry/egress/a')).toEqual([]);
  });
});
