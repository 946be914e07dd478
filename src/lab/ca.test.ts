import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertificateAuthority, spiffeId, trustDomainOf, uriSans } from './ca.js';
import { WorkloadCertificates } from './workload-certificates.js';

const ID = spiffeId('cluster.local', 'travel-agency', 'travels');

describe('lab CA (istio-mtls-semantics §6)', () => {
  it('issues a workload certificate whose only name is the SPIFFE URI SAN, chained to the root', async () => {
    const ca = await CertificateAuthority.create('cluster.local');
    const leaf = await ca.issue({ uris: [ID], lifetimeMs: 24 * 3600_000 });
    const cert = new X509Certificate(leaf.certPem);
    const root = new X509Certificate(ca.rootPem);
    expect(uriSans(cert.subjectAltName)).toEqual([ID]);
    expect(cert.subject ?? '').toBe('');
    expect(cert.checkIssued(root)).toBe(true);
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(root.ca).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(leaf.notAfter.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
  });

  it('a certificate of another CA does not chain to this root', async () => {
    const [mesh, other] = await Promise.all([CertificateAuthority.create('cluster.local'), CertificateAuthority.create('elsewhere')]);
    const foreign = new X509Certificate((await other.issue({ uris: [ID], lifetimeMs: 60_000 })).certPem);
    expect(foreign.verify(new X509Certificate(mesh.rootPem).publicKey)).toBe(false);
  });

  it('reads trust domains from SPIFFE IDs', () => {
    expect(trustDomainOf(ID)).toBe('cluster.local');
    expect(trustDomainOf('https://example.com/x')).toBeUndefined();
    expect(uriSans('DNS:a.example, URI:spiffe://td/ns/a/sa/b')).toEqual(['spiffe://td/ns/a/sa/b']);
  });
});

describe('workload certificates rotate at half-life', () => {
  it('keeps a certificate until half its lifetime has passed, then replaces it', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const clock = () => now;
    const ca = await CertificateAuthority.create('cluster.local', clock);
    const certs = new WorkloadCertificates(ca, 10 * 60_000, clock);
    await certs.ensure([ID]);
    const first = certs.certificate(ID);
    expect(certs.facts()[0]).toMatchObject({ spiffeId: ID, rotations: 0, rotatesAt: '2026-11-23T10:05:00.000Z', notAfter: '2026-11-23T10:10:00.000Z' });

    now += 4 * 60_000;
    expect(await certs.rotateDue()).toEqual([]);
    expect(certs.certificate(ID)).toBe(first);

    now += 60_000;
    expect(await certs.rotateDue()).toEqual([ID]);
    const second = certs.certificate(ID);
    expect(second?.serialNumber).not.toBe(first?.serialNumber);
    expect(certs.facts()[0]).toMatchObject({ rotations: 1, notAfter: '2026-11-23T10:15:00.000Z' });
    expect(certs.clientContext(ID)).toBeDefined();
    expect(certs.serverContext(ID, 'TLSv1.3')).toBeDefined();
  });
});
