// The test cluster's key material: a CA, the API server's serving certificate (127.0.0.1 and localhost, the
// names a kubeconfig on this machine uses) and the service-account signing key pair.
import 'reflect-metadata';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
// Sets the crypto provider @peculiar/x509 signs with.
import '../../lab/ca.js';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClusterCertificates {
  readonly caPem: string;
  readonly servingCertPem: string;
  readonly servingKeyPem: string;
  readonly serviceAccountPublicPem: string;
  readonly serviceAccountPrivatePem: string;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

export async function clusterCertificates(): Promise<ClusterCertificates> {
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + 7 * DAY_MS);
  const caKeys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=meshlock test cluster CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: EC_P256,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const servingKeys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const serving = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=kube-apiserver',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: servingKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: EC_P256,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
        { type: 'dns', value: 'kubernetes.default.svc' },
      ]),
    ],
  });
  // The API server signs service-account tokens with this key and checks them with its public half.
  const serviceAccount = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    caPem: ca.toString('pem'),
    servingCertPem: serving.toString('pem'),
    servingKeyPem: await privateKeyPem(servingKeys.privateKey),
    serviceAccountPublicPem: serviceAccount.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    serviceAccountPrivatePem: serviceAccount.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
