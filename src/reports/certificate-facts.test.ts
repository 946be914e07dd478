// Certificate facts read with node:crypto from the objects of a source: the root in istio-ca-root-cert (once,
// however many namespaces hold a copy) and a plugged-in CA's intermediate from Secret cacerts.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, evaluateCertificates } from '../core/index.js';
import { rootCertConfigMap, testCa } from '../testing/test-certificates.js';
import { parseText } from '../documents/parse.js';
import { certificatesFromSnapshot } from './certificate-facts.js';

const DAY = 86_400_000;
const snapshotOf = (yaml: string) => buildSnapshot(parseText(yaml, 'certs.yaml').objects);

describe('certificatesFromSnapshot', () => {
  it('reads the root once from its copies, the intermediate from cacerts, and the evaluator warns on the 30-day root', async () => {
    const now = Date.now();
    const root = await testCa({ name: 'mesh root', notBefore: new Date(now - 3620 * DAY), notAfter: new Date(now + 30 * DAY + 3_600_000) });
    const intermediate = await testCa({ name: 'cluster-1 intermediate', notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY), issuer: root });
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: cacerts, namespace: istio-system}\ndata:\n  ca-cert.pem: ${Buffer.from(intermediate.pem).toString('base64')}\n  root-cert.pem: ${Buffer.from(root.pem).toString('base64')}\n`;
    const { certificates, problems } = certificatesFromSnapshot(snapshotOf([rootCertConfigMap(root.pem, 'travel-agency'), rootCertConfigMap(root.pem), secret].join('---\n')));
    expect(problems).toEqual([]);
    expect(certificates.map((c) => [c.role, c.subject, c.source])).toEqual([
      ['root', 'O=mesh root', 'ConfigMap/istio-system/istio-ca-root-cert "root-cert.pem"'],
      ['intermediate', 'O=cluster-1 intermediate', 'Secret/istio-system/cacerts "ca-cert.pem"'],
    ]);
    const evaluation = evaluateCertificates(certificates, { nowMs: now });
    expect(evaluation.warnings.map((w) => w.code)).toEqual(['expires-soon']);
    expect(evaluation.warnings[0]?.message).toMatch(/^root O=mesh root: expires in 30 days \(\d{4}-\d\d-\d\d\), within 60 days/);
  });

  it('says why a ConfigMap that should hold a root does not', () => {
    const { certificates, problems } = certificatesFromSnapshot(snapshotOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-ca-root-cert, namespace: istio-system}\ndata: {root-cert.pem: "not a certificate"}\n'));
    expect(certificates).toEqual([]);
    expect(problems).toEqual(['ConfigMap/istio-system/istio-ca-root-cert "root-cert.pem" holds no PEM certificate']);
  });
});
