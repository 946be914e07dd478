// The lab's certificate authorities (istio-mtls-semantics §6). The mesh CA plays istiod's CA: one
// self-signed root and short-lived workload certificates whose only name is the SPIFFE URI SAN. The
// app CA stands for certificates the applications bring themselves, so TLS that is not Istio's can be
// seen working (SIMPLE, MUTUAL, passthrough) and failing against the mesh root.
// tsyringe, under @peculiar/x509, needs the Reflect metadata API before it loads.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** Certificates start a minute in the past so a peer whose clock is slightly behind still accepts them. */
const CLOCK_SKEW_MS = 60_000;

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly serialNumber: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface LeafRequest {
  readonly uris?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly commonName?: string;
  readonly lifetimeMs: number;
}

export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The trust domain of a SPIFFE ID, or undefined when `uri` is not one. */
export function trustDomainOf(uri: string): string | undefined {
  return /^spiffe:\/\/([^/]+)\//.exec(uri)?.[1];
}

/** URI SANs of a certificate as Node's X509Certificate prints them (`URI:spiffe://…, DNS:…`). */
export function uriSans(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('URI:'))
    .map((entry) => entry.slice(4));
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

let serialCounter = 0;
/** Unique positive serial numbers: time plus a counter, so two CAs in one process never collide. */
function nextSerial(now: number): string {
  serialCounter = (serialCounter + 1) % 0xffff;
  return '01' + now.toString(16).padStart(12, '0') + serialCounter.toString(16).padStart(4, '0');
}

export class CertificateAuthority {
  readonly root: x509.X509Certificate;
  private readonly rootKeys: CryptoKeyPair;
  private readonly clock: () => number;

  private constructor(root: x509.X509Certificate, rootKeys: CryptoKeyPair, clock: () => number) {
    this.root = root;
    this.rootKeys = rootKeys;
    this.clock = clock;
  }

  /** A self-signed EC P-256 root, valid ten years from `clock()` (Istio's self-signed root default). */
  static async create(organization: string, clock: () => number = Date.now): Promise<CertificateAuthority> {
    const keys = await generateKeys();
    const now = clock();
    const name = `O=${organization}`;
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: nextSerial(now),
      name,
      notBefore: new Date(now - CLOCK_SKEW_MS),
      notAfter: new Date(now + 10 * 365 * 24 * 3600_000),
      keys,
      signingAlgorithm: EC_P256,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new CertificateAuthority(root, keys, clock);
  }

  get rootPem(): string {
    return this.root.toString('pem');
  }

  /** A leaf for both TLS client and server use. With URIs only, the subject is empty, as Istio's are. */
  async issue(request: LeafRequest): Promise<IssuedCertificate> {
    const keys = await generateKeys();
    const now = this.clock();
    const names = [...(request.uris ?? []).map((value) => ({ type: 'url' as const, value })), ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value }))];
    const subject = request.commonName ? `CN=${request.commonName}` : '';
    const notBefore = new Date(now - CLOCK_SKEW_MS);
    const notAfter = new Date(now + request.lifetimeMs);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(now),
      subject,
      issuer: this.root.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: this.rootKeys.privateKey,
      signingAlgorithm: EC_P256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        // An empty subject makes the SAN the only name, and RFC 5280 then requires it critical.
        new x509.SubjectAlternativeNameExtension(names, subject === ''),
        await x509.AuthorityKeyIdentifierExtension.create(this.rootKeys.publicKey),
      ],
    });
    return {
      certPem: cert.toString('pem'),
      keyPem: await exportKeyPem(keys.privateKey),
      serialNumber: cert.serialNumber,
      issuer: cert.issuer,
      notBefore,
      notAfter,
    };
  }
}
