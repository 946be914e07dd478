// Certificate warnings (istio-mtls-semantics §6; users-and-peers §1.9): a root or intermediate that expires
// within 60 days, an intermediate with less life left than the workload certificate lifetime (istio #18990),
// expired certificates, and workload certificates well past their rotation time.
import { describe, expect, it } from 'vitest';
import { evaluateCertificates, type CertificateFact } from '../index.js';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function cert(role: CertificateFact['role'], notBefore: number, notAfter: number, extra: Partial<CertificateFact> = {}): CertificateFact {
  return {
    role,
    subject: role === 'workload' ? '' : `O=${role} CA`,
    issuer: 'O=root CA',
    serialNumber: '01',
    spiffeId: role === 'workload' ? 'spiffe://cluster.local/ns/a/sa/b' : null,
    source: 'test',
    notBefore: iso(notBefore),
    notAfter: iso(notAfter),
    rotatesAt: role === 'workload' ? iso((notBefore + notAfter) / 2) : null,
    workloads: [],
    fingerprint256: null,
    ...extra,
  };
}

const codes = (facts: CertificateFact[]) => evaluateCertificates(facts, { nowMs: NOW }).certificates.map((c) => [c.role, c.daysLeft, c.warnings.map((w) => w.code)]);

describe('evaluateCertificates', () => {
  it.each([
    { name: 'a root with ten years left: quiet', facts: [cert('root', NOW - DAY, NOW + 3650 * DAY)], want: [['root', 3650, []]] },
    { name: 'a root that expires in 30 days: expires-soon', facts: [cert('root', NOW - 3600 * DAY, NOW + 30 * DAY)], want: [['root', 30, ['expires-soon']]] },
    { name: 'a root with exactly 60 days left: quiet', facts: [cert('root', NOW - DAY, NOW + 60 * DAY)], want: [['root', 60, []]] },
    { name: 'an expired intermediate: expired only', facts: [cert('intermediate', NOW - 90 * DAY, NOW - DAY)], want: [['intermediate', -1, ['expired']]] },
    {
      name: 'an intermediate with 10 hours left, 24 h workload certificates: soon and shorter than the workload lifetime',
      facts: [cert('intermediate', NOW - 365 * DAY, NOW + 10 * 3_600_000), cert('workload', NOW - 3_600_000, NOW + 23 * 3_600_000)],
      want: [
        ['intermediate', 0, ['expires-soon', 'shorter-than-workload-lifetime']],
        ['workload', 0, []],
      ],
    },
    { name: 'a workload certificate at 80% of its life: rotation overdue', facts: [cert('workload', NOW - 0.8 * DAY, NOW + 0.2 * DAY)], want: [['workload', 0, ['rotation-overdue']]] },
    { name: 'an expired workload certificate', facts: [cert('workload', NOW - 2 * DAY, NOW - DAY)], want: [['workload', -1, ['expired']]] },
  ])('$name', ({ facts, want }) => {
    expect(codes(facts)).toEqual(want);
  });

  it('measures intermediates against the longest workload certificate seen, else Istio’s 24 h default', () => {
    const intermediate = cert('intermediate', NOW - DAY, NOW + 2 * DAY);
    expect(evaluateCertificates([intermediate], { nowMs: NOW })).toMatchObject({ workloadLifetimeSeconds: 86_400, workloadLifetimeFrom: "Istio's default", warnings: [{ code: 'expires-soon' }] });
    const longLived = cert('workload', NOW - DAY, NOW + 89 * DAY);
    const evaluation = evaluateCertificates([intermediate, longLived], { nowMs: NOW });
    expect(evaluation.workloadLifetimeSeconds).toBe(90 * 86_400);
    expect(evaluation.warnings.map((w) => w.message)).toEqual([
      'intermediate O=intermediate CA: expires in 2 days (2025-06-03), within 60 days: plan its rotation now',
      'intermediate O=intermediate CA: has 2 days left, less than the 90 days workload certificate lifetime: certificates issued now outlive the CA that signs them, and rotation breaks',
    ]);
  });

  it('lists roots, then intermediates, then workload certificates, soonest expiry first', () => {
    const facts = [cert('workload', NOW, NOW + DAY), cert('root', NOW, NOW + 900 * DAY), cert('intermediate', NOW, NOW + 300 * DAY), cert('root', NOW, NOW + 400 * DAY, { subject: 'O=other' })];
    expect(evaluateCertificates(facts, { nowMs: NOW }).certificates.map((c) => `${c.role}:${c.daysLeft}`)).toEqual(['root:400', 'root:900', 'intermediate:300', 'workload:1']);
  });
});
