// Workload certificates by SPIFFE ID, rotated at half-life as the Istio agent does
// (SECRET_GRACE_PERIOD_RATIO 0.5, istio-mtls-semantics §6). The clock is injected so tests can
// cross a rotation without waiting.
import { createSecureContext, type SecureContext } from 'node:tls';
import type { CertificateAuthority, IssuedCertificate } from './ca.js';

export type TlsMinVersion = 'TLSv1.2' | 'TLSv1.3';

export interface CertificateFacts {
  readonly spiffeId: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly rotatesAt: string;
  /** How many times this identity's certificate was replaced. */
  readonly rotations: number;
}

interface Entry {
  issued: IssuedCertificate;
  issuedAt: number;
  rotations: number;
  /** Server contexts by minimum TLS version (mesh config can raise it), built on first use. */
  server: Map<TlsMinVersion, SecureContext>;
  client: SecureContext;
}

export class WorkloadCertificates {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<void>>();

  private readonly ca: CertificateAuthority;
  readonly lifetimeMs: number;
  private readonly clock: () => number;

  constructor(ca: CertificateAuthority, lifetimeMs: number, clock: () => number = Date.now) {
    this.ca = ca;
    this.lifetimeMs = lifetimeMs;
    this.clock = clock;
  }

  get rootPem(): string {
    return this.ca.rootPem;
  }

  /** Issues a certificate for every identity that has none yet. */
  async ensure(spiffeIds: Iterable<string>): Promise<void> {
    await Promise.all([...spiffeIds].filter((id) => !this.entries.has(id)).map((id) => this.issue(id)));
  }

  /** Replaces every certificate past half of its lifetime; returns the identities rotated. */
  async rotateDue(): Promise<string[]> {
    const now = this.clock();
    const due = [...this.entries].filter(([, entry]) => now >= rotatesAt(entry)).map(([id]) => id);
    await Promise.all(due.map((id) => this.issue(id)));
    return due;
  }

  certificate(spiffeId: string): IssuedCertificate | undefined {
    return this.entries.get(spiffeId)?.issued;
  }

  serverContext(spiffeId: string, minVersion: TlsMinVersion): SecureContext | undefined {
    const entry = this.entries.get(spiffeId);
    if (!entry) return undefined;
    let context = entry.server.get(minVersion);
    if (!context) {
      context = createSecureContext({ key: entry.issued.keyPem, cert: entry.issued.certPem, ca: this.ca.rootPem, minVersion, maxVersion: 'TLSv1.3' });
      entry.server.set(minVersion, context);
    }
    return context;
  }

  clientContext(spiffeId: string): SecureContext | undefined {
    return this.entries.get(spiffeId)?.client;
  }

  facts(): CertificateFacts[] {
    return [...this.entries]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([spiffeId, entry]) => ({
        spiffeId,
        issuer: entry.issued.issuer,
        serialNumber: entry.issued.serialNumber,
        notBefore: entry.issued.notBefore.toISOString(),
        notAfter: entry.issued.notAfter.toISOString(),
        rotatesAt: new Date(rotatesAt(entry)).toISOString(),
        rotations: entry.rotations,
      }));
  }

  private issue(spiffeId: string): Promise<void> {
    // Concurrent callers (reconcile and the rotation timer) share one issuance per identity.
    const running = this.pending.get(spiffeId);
    if (running) return running;
    const job = (async () => {
      const issuedAt = this.clock();
      const issued = await this.ca.issue({ uris: [spiffeId], lifetimeMs: this.lifetimeMs });
      const previous = this.entries.get(spiffeId);
      this.entries.set(spiffeId, {
        issued,
        issuedAt,
        rotations: previous ? previous.rotations + 1 : 0,
        server: new Map(),
        client: createSecureContext({ key: issued.keyPem, cert: issued.certPem, ca: this.ca.rootPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }),
      });
    })().finally(() => this.pending.delete(spiffeId));
    this.pending.set(spiffeId, job);
    return job;
  }
}

function rotatesAt(entry: Entry): number {
  return entry.issuedAt + (entry.issued.notAfter.getTime() - entry.issuedAt) / 2;
}
