// Certificate horizons in one place (istio-mtls-semantics §6): the roots and intermediates a mesh trusts and
// the workload certificates it issues. Facts come from adapters that parse X.509; this only judges them
// against a clock it is given. The intermediate trap is istio #18990: a signing CA with less life left than
// the workload certificate lifetime makes every newly issued certificate outlive its own chain.
export type CertificateRole = 'root' | 'intermediate' | 'workload';

export interface CertificateFact {
  readonly role: CertificateRole;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string | null;
  /** The SPIFFE URI SAN of a workload certificate. */
  readonly spiffeId: string | null;
  /** Where it was read, e.g. `ConfigMap/istio-system/istio-ca-root-cert` or `the lab CA`. */
  readonly source: string;
  /** ISO timestamps. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** When the agent replaces a workload certificate (half of its life); null for CAs. */
  readonly rotatesAt: string | null;
  /** Workloads (NAMESPACE/NAME) using a workload certificate. */
  readonly workloads: readonly string[];
  readonly fingerprint256: string | null;
}

export type CertificateWarningCode = 'expired' | 'expires-soon' | 'shorter-than-workload-lifetime' | 'rotation-overdue';

export interface CertificateWarning {
  readonly code: CertificateWarningCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface EvaluatedCertificate extends CertificateFact {
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
  readonly warnings: readonly CertificateWarning[];
}

export interface CertificateEvaluation {
  readonly certificates: readonly EvaluatedCertificate[];
  /** Every warning, each prefixed with the certificate it is about. */
  readonly warnings: readonly CertificateWarning[];
  /** The workload certificate lifetime the intermediates were measured against. */
  readonly workloadLifetimeSeconds: number;
  /** Where that lifetime came from. */
  readonly workloadLifetimeFrom: 'workload certificates' | "Istio's default";
}

export interface EvaluationOptions {
  readonly nowMs: number;
  /** Warn about CAs that expire within this many days; linkerd check uses 60. */
  readonly horizonDays?: number;
}

const DAY_MS = 86_400_000;
/** DEFAULT_WORKLOAD_CERT_TTL of istiod and SECRET_TTL of the agent (§6). */
const ISTIO_WORKLOAD_TTL_MS = DAY_MS;
const ROLE_ORDER: Record<CertificateRole, number> = { root: 0, intermediate: 1, workload: 2 };

export function evaluateCertificates(facts: readonly CertificateFact[], options: EvaluationOptions): CertificateEvaluation {
  const horizonDays = options.horizonDays ?? 60;
  const now = options.nowMs;
  const lifetimes = facts.filter((f) => f.role === 'workload').map((f) => Date.parse(f.notAfter) - Date.parse(f.notBefore));
  const lifetimeMs = lifetimes.length > 0 ? Math.max(...lifetimes) : ISTIO_WORKLOAD_TTL_MS;
  const certificates = [...facts]
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.notAfter.localeCompare(b.notAfter) || a.subject.localeCompare(b.subject))
    .map((fact): EvaluatedCertificate => {
      const leftMs = Date.parse(fact.notAfter) - now;
      return { ...fact, daysLeft: Math.floor(leftMs / DAY_MS), warnings: warningsOf(fact, leftMs, now, horizonDays, lifetimeMs) };
    });
  return {
    certificates,
    warnings: certificates.flatMap((c) => c.warnings.map((w) => ({ ...w, message: `${describe(c)}: ${w.message}` }))),
    workloadLifetimeSeconds: Math.round(lifetimeMs / 1000),
    workloadLifetimeFrom: lifetimes.length > 0 ? 'workload certificates' : "Istio's default",
  };
}

function warningsOf(fact: CertificateFact, leftMs: number, now: number, horizonDays: number, lifetimeMs: number): CertificateWarning[] {
  const expiry = fact.notAfter.slice(0, 10);
  if (leftMs <= 0) return [{ code: 'expired', severity: 'error', message: `expired on ${expiry}` }];
  if (fact.role === 'workload') {
    // The agent rotates at half-life; well past it (three quarters of the life) rotation is not happening.
    const rotatesAt = fact.rotatesAt === null ? undefined : Date.parse(fact.rotatesAt);
    if (rotatesAt !== undefined && now > rotatesAt + (Date.parse(fact.notAfter) - rotatesAt) / 2) {
      return [{ code: 'rotation-overdue', severity: 'warning', message: `should have been rotated at ${fact.rotatesAt}; it expires in ${duration(leftMs)}` }];
    }
    return [];
  }
  const warnings: CertificateWarning[] = [];
  if (leftMs < horizonDays * DAY_MS) {
    warnings.push({ code: 'expires-soon', severity: 'warning', message: `expires in ${duration(leftMs)} (${expiry}), within ${horizonDays} days: plan its rotation now` });
  }
  if (fact.role === 'intermediate' && leftMs < lifetimeMs) {
    warnings.push({
      code: 'shorter-than-workload-lifetime',
      severity: 'error',
      message: `has ${duration(leftMs)} left, less than the ${duration(lifetimeMs)} workload certificate lifetime: certificates issued now outlive the CA that signs them, and rotation breaks`,
    });
  }
  return warnings;
}

function describe(fact: CertificateFact): string {
  const name = fact.role === 'workload' ? (fact.spiffeId ?? fact.subject) : fact.subject || fact.issuer;
  return `${fact.role} ${name}`;
}

/** 30 days, 11 hours, 5 minutes: the largest unit that fits. */
function duration(ms: number): string {
  const units: readonly [string, number][] = [['day', DAY_MS], ['hour', 3_600_000], ['minute', 60_000]];
  for (const [unit, size] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}
