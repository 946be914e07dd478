// What a snapshot says about the Istio control plane: istiod's namespace(s), the root namespace and trust
// domain of the mesh config in use, revisions (`istio.io/rev`, `istio-<rev>` ConfigMaps) and the mesh root
// certificate from ConfigMap `istio-ca-root-cert`. Works on any source's snapshot.
import { X509Certificate } from 'node:crypto';
import { field, formatRef, type MeshObject, type Snapshot } from '../core/index.js';

export interface RootCertificate {
  /** The ConfigMap it was read from. */
  readonly from: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
}

export interface IstioDiscovery {
  /** Namespaces holding a mesh config (`istio` or `istio-<rev>` ConfigMap) or an istiod Deployment. */
  readonly istiodNamespaces: readonly string[];
  readonly rootNamespace: string;
  readonly trustDomain: string;
  /** `Kind/namespace/name` of the mesh config in use; null when Istio's defaults apply. */
  readonly meshConfig: string | null;
  /** Revisions in use or installed; `default` is the unrevisioned control plane. */
  readonly revisions: readonly string[];
  readonly rootCertificate: RootCertificate | null;
  /** Why the root certificate could not be read, when a ConfigMap holds one that does not parse. */
  readonly problems: readonly string[];
}

const REVISION_CONFIG = /^istio-(.+)$/;
const CA_CONFIG = 'istio-ca-root-cert';

function isIstiod(object: MeshObject): boolean {
  return object.kind === 'Deployment' && (object.name === 'istiod' || object.name.startsWith('istiod-') || object.labels.app === 'istiod');
}

export function discoverIstio(snapshot: Snapshot): IstioDiscovery {
  const istiod = new Set<string>();
  const revisions = new Set<string>();
  for (const object of snapshot.objects) {
    if (object.kind === 'ConfigMap' && typeof field(object.raw, 'data', 'mesh') === 'string') {
      const revision = object.name === 'istio' ? 'default' : REVISION_CONFIG.exec(object.name)?.[1];
      if (revision !== undefined && revision !== 'ca-root-cert') {
        istiod.add(object.namespace);
        revisions.add(revision);
      }
    }
    if (isIstiod(object)) {
      istiod.add(object.namespace);
      revisions.add(object.labels['istio.io/rev'] ?? 'default');
    }
    if (object.kind === 'Namespace' && object.labels['istio.io/rev']) revisions.add(object.labels['istio.io/rev']);
  }
  const meshConfig = snapshot.meshConfig;
  const problems: string[] = [];
  const certificate = rootCertificate(snapshot, [...istiod, meshConfig.rootNamespace], problems);
  return {
    istiodNamespaces: [...istiod].sort(),
    rootNamespace: meshConfig.rootNamespace,
    trustDomain: meshConfig.trustDomain,
    meshConfig: meshConfig.source ? formatRef(meshConfig.source) : null,
    revisions: [...revisions].sort(),
    rootCertificate: certificate,
    problems,
  };
}

/** istiod copies the root certificate into every namespace; its own namespace's copy is the one to trust. */
function rootCertificate(snapshot: Snapshot, namespaces: readonly string[], problems: string[]): RootCertificate | null {
  const candidates = snapshot.objects.filter((o) => o.kind === 'ConfigMap' && o.name === CA_CONFIG);
  const chosen = namespaces.map((ns) => candidates.find((c) => c.namespace === ns)).find((c) => c !== undefined) ?? candidates[0];
  if (!chosen) return null;
  const pem = field(chosen.raw, 'data', 'root-cert.pem');
  const from = formatRef(chosen);
  if (typeof pem !== 'string') {
    problems.push(`${from} has no data."root-cert.pem"`);
    return null;
  }
  try {
    const cert = new X509Certificate(pem);
    return { from, subject: cert.subject, issuer: cert.issuer, validFrom: new Date(cert.validFrom).toISOString(), validTo: new Date(cert.validTo).toISOString(), fingerprint256: cert.fingerprint256 };
  } catch (error) {
    problems.push(`${from} data."root-cert.pem" is not a PEM certificate: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
