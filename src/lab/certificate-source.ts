// The lab's CA and workload certificates as certificate facts: from a lab in this process, or from a running
// `meshlock lab` through its GET /api/certificates (which answers Lab.certificateFacts()).
import type { CertificateFact } from '../core/index.js';
import type { CertificateSource } from '../reports/certificate-facts.js';
import type { Lab } from './lab.js';

type LabCertificates = ReturnType<Lab['certificateFacts']>;

/** The lab's root and workload certificates as facts. */
export function certificatesFromLab(lab: LabCertificates, description: string): CertificateFact[] {
  const root: CertificateFact = {
    role: 'root',
    subject: lab.root.subject,
    issuer: lab.root.subject,
    serialNumber: null,
    spiffeId: null,
    source: description,
    notBefore: lab.root.notBefore,
    notAfter: lab.root.notAfter,
    rotatesAt: null,
    workloads: [],
    fingerprint256: lab.root.fingerprint256,
  };
  return [
    root,
    ...lab.workloads.map(
      (w): CertificateFact => ({
        role: 'workload',
        subject: '',
        issuer: w.issuer,
        serialNumber: w.serialNumber,
        spiffeId: w.spiffeId,
        source: description,
        notBefore: w.notBefore,
        notAfter: w.notAfter,
        rotatesAt: w.rotatesAt,
        workloads: [...w.workloads],
        fingerprint256: null,
      }),
    ),
  ];
}

/** A lab running in this process. */
export function labCertificateSource(lab: Pick<Lab, 'certificateFacts'>): CertificateSource {
  const description = 'the lab CA';
  return { description, certificates: async () => certificatesFromLab(lab.certificateFacts(), description) };
}

/** A running `meshlock lab` at `baseUrl`. */
export function labApiCertificateSource(baseUrl: string): CertificateSource {
  const description = `the lab CA at ${baseUrl}`;
  return {
    description,
    async certificates() {
      const url = new URL('/api/certificates', baseUrl);
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`${url.href} answered HTTP ${response.status}`);
      return certificatesFromLab((await response.json()) as LabCertificates, description);
    },
  };
}
