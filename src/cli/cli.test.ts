import { describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli.js';
import { tempFolders } from '../testing/temp-dirs.js';

const dirWith = tempFolders('meshlock-cli-');

const GOOD = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
      - name: cart
        ports:
        - containerPort: 8080
`;

const BROKEN = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  ports:
  - port: 80
   targetPort: 8080
`;

const UNKNOWN = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: shop
`;

const STRIKT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRIKT
`;

describe('meshlock status on bad input', () => {
  it('still reports the rest and names file:line:col for each problem', async () => {
    const dir = dirWith({ 'a-good.yaml': GOOD, 'b-broken.yaml': BROKEN, 'c-unknown.yaml': UNKNOWN, 'd-pa.yaml': STRIKT });
    const run = await cli(['status', dir, '-o', 'json'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.workloads).toEqual([{ namespace: 'shop', name: 'cart', sidecar: true, dataplane: 'sidecar', waypoint: null, ports: [{ port: 8080, mode: 'PERMISSIVE', decidedBy: null }] }]);
    expect(run.stderr).toMatch(/^b-broken\.yaml:9:\d+: error: /m);
    expect(run.stderr).toMatch(/^d-pa\.yaml:8:11: error: PeerAuthentication\/shop\/default is ignored: spec\.mtls\.mode is "STRIKT"/m);
    expect(run.stderr).not.toContain('c-unknown.yaml');
  });

  it('exits 2 when nothing usable was read', async () => {
    const dir = dirWith({ 'broken.yaml': BROKEN });
    const run = await cli(['status', dir], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing usable was read');
  });

  it('exits 2 with a message for a path that does not exist', async () => {
    const run = await cli(['status', '/nonexistent/meshlock']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read /nonexistent/meshlock: ENOENT');
  });

  it('asks for a SOURCE when none is given', async () => {
    const run = await cli(['status']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--demo');
  });
});

describe('meshlock on the demo', () => {
  it('status --demo prints the mesh line and every namespace', async () => {
    const run = await cli(['status', '--demo']);
    expect(run.code).toBe(0);
    // The sidecar namespaces are PERMISSIVE and the ambient one STRICT, so the mesh is MIXED.
    expect(run.stdout).toMatch(/^Mesh: hollow lock, MIXED/);
    for (const ns of ['travel-agency', 'travel-portal', 'travel-control']) expect(run.stdout).toMatch(new RegExp(`^${ns}\\s+hollow\\s+PERMISSIVE`, 'm'));
    expect(run.stdout).toMatch(/^travel-payments\s+full\s+STRICT\s+MTLS_ENABLED\s+PeerAuthentication\/travel-payments\/default$/m);
    expect(run.stdout).toMatch(/^travel-payments\/ledger\s+ambient\s+-\s+8000\s+STRICT\s/m);
  });

  it('edges --from outside to travels is plaintext and accepted (no STRICT yet)', async () => {
    const run = await cli(['edges', '--demo', '--from', 'outside', '--to', 'travels.travel-agency.svc.cluster.local:8000', '-o', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        source: 'outside',
        destination: { host: 'travels.travel-agency.svc.cluster.local', port: 8000, namespace: 'travel-agency', workload: 'travels' },
        clientSends: 'PLAINTEXT',
        clientDecidedBy: null,
        serverMode: 'PERMISSIVE',
        outcome: 'plaintext',
        reason: 'plaintext is accepted by a PERMISSIVE sidecar [Istio: pilot/pkg/networking/core/filterchain_options.go getFilterChainMatchOptions]',
      },
    ]);
  });

  it('rejects an unknown workload and an unknown port with a clear message', async () => {
    const a = await cli(['edges', '--demo', '--from', 'travel-agency/nope']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--from travel-agency/nope: no such workload');
    const b = await cli(['edges', '--demo', '--to', 'travels.travel-agency:9999']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('has no port 9999 (ports: 8000)');
  });

  it('explain workload names the rule that decided', async () => {
    const run = await cli(['explain', 'workload', 'travel-agency/travels', '--demo', '--port', '8000', '-o', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.ports).toEqual([
      { port: 8000, mode: 'PERMISSIVE', decidedBy: null, explanation: ["no PeerAuthentication sets a mode, so Istio's default PERMISSIVE applies [Istio: pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication]"] },
    ]);
  });

  it('--help explains every command', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['status', 'edges', 'explain']) expect(run.stdout).toContain(command);
  });
});
