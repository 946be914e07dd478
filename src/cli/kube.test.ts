// SOURCE as a live cluster (a real kube-apiserver with Istio's CRDs): `--kubeconfig FILE [--context NAME]`
// gives exactly the answers the same files give, and every way it can go wrong ends with exit 2 and a
// message that says what to fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClusterFiles } from '../testing/demo-cluster.js';
import type { KubeCluster } from '../testing/kube-cluster/cluster.js';
import { startDemoCluster } from '../testing/kube-cluster/demo.js';
import { freePort } from '../testing/kube-cluster/processes.js';
import { cli } from '../testing/run-cli.js';
import { startConsole } from './commands/start-console.js';
import { KUBECTL_PLUGIN_ENV, openSource } from './source.js';

let cluster: KubeCluster;
let dir: string;
let kubeconfig: string;

/** The Namespaces every kube-apiserver makes by itself, as files: the rest of the folder is the demo. */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

beforeAll(async () => {
  cluster = await startDemoCluster();
  dir = mkdtempSync(join(tmpdir(), 'meshlock-kube-cli-'));
  for (const file of demoClusterFiles()) writeFileSync(join(dir, file.name), file.text);
  writeFileSync(join(dir, 'kubernetes-namespaces.yaml'), SYSTEM_NAMESPACES.map((name) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`).join('---\n'));
  kubeconfig = join(dir, 'kubeconfig');
  cluster.writeKubeconfig(kubeconfig);
}, 600_000);

afterAll(async () => {
  await cluster?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('meshlock against a cluster', () => {
  it('status --kubeconfig -o json equals status DIR -o json on the same objects', async () => {
    const live = await cli(['status', '--kubeconfig', kubeconfig, '-o', 'json']);
    const files = await cli(['status', dir, '-o', 'json']);
    expect(live.code).toBe(0);
    expect(files.code).toBe(0);
    expect(JSON.parse(live.stdout)).toEqual(JSON.parse(files.stdout));
    expect(JSON.parse(live.stdout).namespaces.find((n: { name: string }) => n.name === 'travel-agency')).toMatchObject({ mode: 'MIXED', decidedBy: 'PeerAuthentication/travel-agency/default' });
    expect(live.stderr).toBe('');
  });

  it('edges and explain read the cluster too', async () => {
    const edges = ['edges', '--from', 'travel-portal/travels', '--to', 'travels.travel-agency:8000', '-o', 'json'];
    expect(JSON.parse((await cli([...edges, '--kubeconfig', kubeconfig])).stdout)).toEqual(JSON.parse((await cli([...edges, dir])).stdout));
    const explain = await cli(['explain', 'workload', 'travel-agency/travels', '--kubeconfig', kubeconfig, '--context', 'other', '-o', 'json']);
    expect(explain.code).toBe(0);
    expect(JSON.parse(explain.stdout).ports).toEqual([expect.objectContaining({ port: 8000, mode: 'PERMISSIVE', decidedBy: 'PeerAuthentication/travel-agency/travels-port' })]);
  });

  it('names the namespaces a token may not read', async () => {
    const limited = join(dir, 'alice.kubeconfig');
    cluster.writeKubeconfig(limited, 'alice');
    const run = await cli(['status', '--kubeconfig', limited, '-o', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).namespaces.map((n: { name: string }) => n.name)).toEqual(['travel-agency', 'travel-portal']);
    expect(run.stderr).toMatch(/^warning: namespace legacy is left out: \S+ is forbidden: User "alice" cannot list resource/m);
  });

  it('validate --kubeconfig finds what validate DIR finds, without file positions', async () => {
    const live = await cli(['validate', '--kubeconfig', kubeconfig, '-o', 'json']);
    const files = await cli(['validate', dir, '-o', 'json']);
    expect(live.code).toBe(files.code);
    type Report = { objects: { kind: string; namespace: string; name: string; file: string | null; checks: { code: string; line: number | null }[] }[] };
    const shape = (r: Report) => r.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}: ${o.checks.map((c) => c.code).join(',')}`).sort();
    const liveReport = JSON.parse(live.stdout) as Report;
    expect(shape(liveReport)).toEqual(shape(JSON.parse(files.stdout) as Report));
    expect(liveReport.objects.every((o) => o.file === null)).toBe(true);
    expect((await cli(['validate', dir, '--kubeconfig', kubeconfig])).stderr).toContain('give one SOURCE');
  });

  it('serve --kubeconfig serves the cluster, with its connection at /healthz', async () => {
    const running = await startConsole({ paths: [], kubeconfig, port: 0, cwd: dir }, { err: () => undefined });
    try {
      expect(await running.loaded).toBeUndefined();
      const health = await fetch(`${running.url}healthz`);
      expect([200, 503]).toContain(health.status);
      const session = (await (await fetch(`${running.url}api/session`)).json()) as { source: string; auth: string };
      expect(session).toMatchObject({ source: `${cluster.url} (context test)`, auth: 'anonymous' });
      expect((await fetch(`${running.url}healthz`)).status).toBe(200);
    } finally {
      await running.close();
    }
    const quiet = { err: () => undefined };
    await expect(startConsole({ paths: [], demo: true, auth: 'token', cwd: dir }, quiet)).rejects.toThrow('--auth and --auth-header are for a cluster');
    await expect(startConsole({ paths: [], kubeconfig, authHeader: 'X-Token', cwd: dir }, quiet)).rejects.toThrow('--auth-header goes with --auth header');
    await expect(startConsole({ paths: [], kubeconfig: '/nonexistent', cwd: dir }, quiet)).rejects.toThrow('--kubeconfig /nonexistent: no such file');
  });

  it('runs as a kubectl plugin on the current kubeconfig', async () => {
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
    try {
      const io = { out: () => undefined, err: () => undefined, cwd: dir, color: false };
      const loaded = await openSource([], {}, io, { [KUBECTL_PLUGIN_ENV]: '1' });
      // The three of DEMO_POLICIES and the demo's own travel-payments/default.
      expect(loaded.snapshot.peerAuthentications).toHaveLength(4);
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });
});

describe('meshlock with an unusable cluster SOURCE', () => {
  it.each([
    { name: 'a missing kubeconfig', args: () => ['--kubeconfig', '/nonexistent/kubeconfig'], message: '--kubeconfig /nonexistent/kubeconfig: no such file' },
    { name: 'an unknown context', args: () => ['--kubeconfig', kubeconfig, '--context', 'nope'], message: '--context nope: no such context in ' },
    { name: 'paths and a cluster at once', args: () => [dir, '--kubeconfig', kubeconfig], message: 'give one SOURCE' },
    // Only meaningful where the tests do not themselves run in a pod.
    ...(process.env.KUBERNETES_SERVICE_HOST ? [] : [{ name: 'in-cluster outside a pod', args: () => ['--in-cluster'], message: 'not running in a Kubernetes pod' }]),
  ])('exits 2 for $name', async ({ args, message }) => {
    const run = await cli(['status', ...args()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 2 naming the server when nothing answers', async () => {
    const port = await freePort();
    const config = join(dir, 'gone.kubeconfig');
    writeFileSync(config, cluster.kubeconfig().replace(cluster.url, `https://127.0.0.1:${port}`));
    const run = await cli(['status', '--kubeconfig', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^meshlock: cannot read the API server at https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`, 'm'));
  });
});
