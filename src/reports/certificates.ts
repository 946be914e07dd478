// The certificate page (and `meshlock certificates`): CA certificates found among the source's objects (istio-ca-root-cert, CA Secrets)
// and, when a lab runs, its CA and workload certificates, judged against the server's clock.
import { evaluateCertificates, type CertificateFact, type Snapshot } from '../core/index.js';
import { certificatesFromSnapshot, type CertificateSource } from './certificate-facts.js';

/** The JSON of GET /api/certificates and `meshlock certificates -o json`. */
export async function certificatesReport(snapshot: Snapshot, lab: CertificateSource | undefined, nowMs: number) {
  const fromConfig = certificatesFromSnapshot(snapshot);
  const sources = ['ConfigMap istio-ca-root-cert and Secrets cacerts, istio-ca-secret of the source'];
  const problems = [...fromConfig.problems];
  let fromLab: readonly CertificateFact[] = [];
  if (lab) {
    sources.push(lab.description);
    try {
      fromLab = await lab.certificates();
    } catch (error) {
      problems.push(`${lab.description}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ...evaluateCertificates([...fromConfig.certificates, ...fromLab], { nowMs }), sources, problems };
}
