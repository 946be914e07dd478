// Certificate facts for core/certificates, read with node:crypto (istio-mtls-semantics §6): the mesh roots
// istiod publishes in ConfigMap `istio-ca-root-cert`, and the CA Secrets when the source holds them (`cacerts`
// for a plugged-in CA, `istio-ca-secret` for istiod's self-signed one). The lab's come from src/lab.
import { X509Certificate } from 'node:crypto';
import { field, formatRef, isRecord, type CertificateFact, type CertificateRole, type MeshObject, type Snapshot } from '../core/index.js';

/** Certificates beyond the config objects: a lab's (src/lab/certificate-source.ts). */
export interface CertificateSource {
  readonly description: string;
  certificates(): Promise<readonly CertificateFact[]>;
}

const ROOT_CONFIG_MAP = 'istio-ca-root-cert';
const CA_SECRETS = ['cacerts', 'istio-ca-secret'];
const CA_SECRET_KEYS = ['ca-cert.pem', 'root-cert.pem', 'cert-chain.pem'];
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Every CA certificate the snapshot holds, each once (istiod copies the root into every namespace), and why
 * a document that should hold one could not be read.
 */
export function certificatesFromSnapshot(snapshot: Snapshot): { certificates: CertificateFact[]; problems: string[] } {
  const byFingerprint = new Map<string, CertificateFact>();
  const problems: string[] = [];
  const add = (object: MeshObject, key: string, pem: string) => {
    const where = `${formatRef(object)} "${key}"`;
    const found = pem.match(PEM_CERTIFICATE) ?? [];
    if (found.length === 0) problems.push(`${where} holds no PEM certificate`);
    for (const block of found) {
      try {
        const fact = certificateFact(new X509Certificate(block), where);
        if (fact.fingerprint256 && !byFingerprint.has(fact.fingerprint256)) byFingerprint.set(fact.fingerprint256, fact);
      } catch (error) {
        problems.push(`${where} is not a readable certificate: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const root = snapshot.meshConfig.rootNamespace;
  // The copy in istiod's (root) namespace first: it names the certificate's source.
  const objects = [...snapshot.objects].sort((a, b) => Number(b.namespace === root) - Number(a.namespace === root));
  for (const object of objects) {
    if (object.kind === 'ConfigMap' && object.name === ROOT_CONFIG_MAP) {
      const pem = field(object.raw, 'data', 'root-cert.pem');
      if (typeof pem === 'string') add(object, 'root-cert.pem', pem);
      else problems.push(`${formatRef(object)} has no data."root-cert.pem"`);
    }
    if (object.kind === 'Secret' && CA_SECRETS.includes(object.name)) {
      for (const key of CA_SECRET_KEYS) {
        const pem = secretValue(object, key);
        if (pem !== undefined) add(object, key, pem);
      }
    }
  }
  return { certificates: [...byFingerprint.values()], problems };
}

function certificateFact(cert: X509Certificate, source: string): CertificateFact {
  const selfSigned = cert.subject === cert.issuer && cert.checkIssued(cert) && cert.verify(cert.publicKey);
  const role: CertificateRole = cert.ca ? (selfSigned ? 'root' : 'intermediate') : 'workload';
  const spiffeId = (cert.subjectAltName ?? '').split(/,\s*/).find((san) => san.startsWith('URI:spiffe://'));
  return {
    role,
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber,
    spiffeId: spiffeId ? spiffeId.slice(4) : null,
    source,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    rotatesAt: null,
    workloads: [],
    fingerprint256: cert.fingerprint256,
  };
}

/** node prints distinguished names one attribute per line. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** A Secret value: `stringData` as written, or `data` base64-encoded as Kubernetes stores it. */
function secretValue(object: MeshObject, key: string): string | undefined {
  const plain = field(object.raw, 'stringData', key);
  if (typeof plain === 'string') return plain;
  const data = field(object.raw, 'data');
  const encoded = isRecord(data) ? data[key] : undefined;
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}
