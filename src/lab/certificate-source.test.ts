// The lab's certificate report as certificate facts: its root, and one workload certificate per identity.
import { describe, expect, it } from 'vitest';
import { certificatesFromLab } from './certificate-source.js';

describe('certificatesFromLab', () => {
  it('turns the lab report into a root and workload certificates', () => {
    const facts = certificatesFromLab(
      {
        root: { subject: 'O=cluster.local', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2035-01-01T00:00:00.000Z', fingerprint256: 'AA' },
        workloads: [{ spiffeId: 'spiffe://cluster.local/ns/a/sa/b', issuer: 'O=cluster.local', serialNumber: '01', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-01-02T00:00:00.000Z', rotatesAt: '2025-01-01T12:00:00.000Z', rotations: 0, workloads: ['a/b'] }],
      },
      'the lab CA',
    );
    expect(facts.map((f) => [f.role, f.spiffeId, f.workloads])).toEqual([
      ['root', null, []],
      ['workload', 'spiffe://cluster.local/ns/a/sa/b', ['a/b']],
    ]);
  });
});
