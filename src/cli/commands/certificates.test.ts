// `meshlock certificates`: the mesh root from istio-ca-root-cert with the 60-day warning (exit 1), and the
// lab's CA and workload certificates with --lab.
import { describe, expect, it } from 'vitest';
import { Certificates } from '../../api/schemas.js';
import { useDemoLab } from '../../testing/demo-lab.js';
import { withDemoCopy } from '../../testing/demo-mesh.js';
import { cli } from '../../testing/run-cli.js';
import { rootCertConfigMap, testCa } from '../../testing/test-certificates.js';

const DAY = 86_400_000;

describe('meshlock certificates', () => {
  it('warns about a root that expires in 30 days and exits 1', async () => {
    const now = Date.now();
    const root = await testCa({ name: 'expiring root', notBefore: new Date(now - 300 * DAY), notAfter: new Date(now + 30 * DAY + 3_600_000) });
    const run = await withDemoCopy({ 'ca.yaml': rootCertConfigMap(root.pem) }, (dir) => cli(['certificates', dir]));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^root +O=expiring root +O=expiring root +\S+ +30 +- +ConfigMap\/istio-system\/istio-ca-root-cert "root-cert\.pem"$/m);
    expect(run.stdout).toMatch(/^warning: root O=expiring root: expires in 30 days \(\S+\), within 60 days: plan its rotation now$/m);
  });

  it('the demo alone holds no certificate: says where it looked, exit 0', async () => {
    const run = await cli(['certificates', '--demo']);
    expect(run).toMatchObject({ code: 0, stdout: 'No certificates found in ConfigMap istio-ca-root-cert and Secrets cacerts, istio-ca-secret of the source.\n' });
  });
});

describe('meshlock certificates --lab', () => {
  const lab = useDemoLab({ ratePerSecond: 0 });

  it("lists the lab's root and a workload certificate per identity with its rotation time; no warning", async () => {
    const run = await cli(['certificates', '--demo', '--lab', lab().url, '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = Certificates.parse(JSON.parse(run.stdout));
    expect(report.certificates[0]).toMatchObject({ role: 'root', subject: 'O=cluster.local', source: `the lab CA at ${lab().url}` });
    const travels = report.certificates.find((c) => c.spiffeId === 'spiffe://cluster.local/ns/travel-agency/sa/travels');
    expect(travels).toMatchObject({ role: 'workload', issuer: 'O=cluster.local', workloads: ['travel-agency/travels'], warnings: [] });
    expect(Date.parse(travels?.rotatesAt ?? '')).toBeLessThan(Date.parse(travels?.notAfter ?? ''));
    // Each of the demo's 11 sidecar workloads and 2 ambient ones (ztunnel holds theirs) has one; legacy-client has none.
    expect(report.certificates.filter((c) => c.role === 'workload')).toHaveLength(13);
    expect(report.certificates.find((c) => c.spiffeId === 'spiffe://cluster.local/ns/travel-payments/sa/ledger')).toMatchObject({ workloads: ['travel-payments/ledger'] });
    expect(report).toMatchObject({ warnings: [], workloadLifetimeFrom: 'workload certificates', workloadLifetimeSeconds: 86_460 });
    expect((await cli(['certificates', '--demo', '--lab', 'http://127.0.0.1:1'])).code).toBe(2);
  });
});
