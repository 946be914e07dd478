// Test builder: CA certificates with chosen validity (a root that expires in 30 days, an intermediate shorter
// than the workload lifetime), as PEM for ConfigMaps and Secrets.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
// Sets the crypto provider @peculiar/x509 signs with, as the lab does.
import '../lab/ca.js';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TestCa {
  readonly pem: string;
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

/** A CA certificate valid from `notBefore` to `notAfter`, self-signed or signed by `issuer`. */
export async function testCa(options: { name: string; notBefore: Date; notAfter: Date; issuer?: TestCa }): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Date.now().toString(16),
    subject: `O=${options.name}`,
    issuer: options.issuer ? options.issuer.cert.subject : `O=${options.name}`,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: keys.publicKey,
    signingKey: (options.issuer?.keys ?? keys).privateKey,
    signingAlgorithm: EC_P256,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { pem: cert.toString('pem'), cert, keys };
}

/** ConfigMap `istio-ca-root-cert` holding `pem`, as istiod publishes it. */
export function rootCertConfigMap(pem: string, namespace = 'istio-system'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-ca-root-cert\n  namespace: ${namespace}\ndata:\n  root-cert.pem: |\n${pem
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
}
