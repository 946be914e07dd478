// One mesh, one store: a change through any door of `serve --demo` (a console save, a file edit, the lab
// API) shows through every other (the console API, the lab's enforcement, the event stream) within a
// second; and on a cluster, a change through the watch shows in the console API and the event stream.
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client.js';
import { clusterConsole, type ClusterConsole } from '../../testing/cluster-console.js';
import { eventually } from '../../testing/eventually.js';
import type { KubeCluster } from '../../testing/kube-cluster/cluster.js';
import { startDemoCluster } from '../../testing/kube-cluster/demo.js';
import { peerAuthentication } from '../../testing/world-yaml.js';
import { startConsole, type RunningConsole } from './start-console.js';

const WITHIN_MS = 1_000;

const policy = (mode: string) => peerAuthentication('travel-agency/default', `{mtls: {mode: ${mode}}}`);

/** The revisions /api/events announces, as they arrive. */
function eventStream(base: string): { revisions: number[]; close(): void } {
  const revisions: number[] = [];
  const url = new URL('/api/events', base);
  const req = request({ host: url.hostname, port: url.port, path: url.pathname }, (res) => {
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (/^event: (hello|change)$/m.test(block) && data) revisions.push((JSON.parse(data) as { revision: number }).revision);
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { revisions, close: () => req.destroy() };
}

describe('serve --demo: every door, every observer', () => {
  let running: RunningConsole;
  let api: ApiClient;
  let events: ReturnType<typeof eventStream>;
  let mode = 'PERMISSIVE';

  const consoleMode = async () => (await api.call('namespace', { params: { namespace: 'travel-agency' } })).mode;
  const labRefusesPlaintext = async () => {
    const response = await fetch(`${running.labUrl}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'outside', to: 'travels.travel-agency:8000' }) });
    return !((await response.json()) as { ok: boolean }).ok;
  };

  /** The three doors, each setting the travel-agency policy to `next`. */
  const doors: Record<string, (next: string) => Promise<void>> = {
    'console save': async (next) => {
      const current = await api.call('configGet', { params: { namespace: 'travel-agency', kind: 'PeerAuthentication', name: 'default' } }).catch(() => undefined);
      if (current) await api.call('configUpdate', { params: { namespace: 'travel-agency', kind: 'PeerAuthentication', name: 'default' }, body: { yaml: policy(next), resourceVersion: current.resourceVersion } });
      else await api.call('configCreate', { body: { yaml: policy(next) } });
    },
    // The file the policy lives in (the console's save put it in a file of its own), rewritten as an editor would.
    'file edit': async (next) => {
      const current = await api.call('configGet', { params: { namespace: 'travel-agency', kind: 'PeerAuthentication', name: 'default' } }).catch(() => undefined);
      writeFileSync(join(running.demoCopy ?? '', current?.file ?? 'travel-agency-policy.yaml'), policy(next));
    },
    'lab API': async (next) => {
      const response = await fetch(`${running.labUrl}/api/config`, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: policy(next) });
      expect(response.status).toBe(200);
    },
  };

  beforeAll(async () => {
    running = await startConsole({ paths: [], demo: true, port: 0, cwd: process.cwd() }, { err: () => undefined });
    const base = running.url.slice(0, -1);
    const session = await new ApiClient({ baseUrl: base }).call('session', {});
    api = new ApiClient({ baseUrl: base, csrfToken: () => session.csrfToken });
    events = eventStream(running.url);
    await eventually(() => events.revisions.length, (n) => n > 0, 'the event stream to say hello');
  }, 30_000);
  afterAll(async () => {
    events.close();
    await running.close();
  });

  for (const door of Object.keys(doors)) {
    it(`${door} → console API`, async () => {
      mode = mode === 'STRICT' ? 'PERMISSIVE' : 'STRICT';
      await doors[door]!(mode);
      await eventually(consoleMode, (m) => m === mode, `travel-agency ${mode} in the console API`, WITHIN_MS);
    });

    it(`${door} → lab enforcement`, async () => {
      mode = mode === 'STRICT' ? 'PERMISSIVE' : 'STRICT';
      await doors[door]!(mode);
      await eventually(labRefusesPlaintext, (refused) => refused === (mode === 'STRICT'), `the lab to ${mode === 'STRICT' ? 'refuse' : 'accept'} plaintext`, WITHIN_MS);
    });

    it(`${door} → event stream`, async () => {
      const seen = events.revisions.at(-1) ?? 0;
      mode = mode === 'STRICT' ? 'PERMISSIVE' : 'STRICT';
      await doors[door]!(mode);
      await eventually(() => events.revisions.at(-1) ?? 0, (revision) => revision > seen, 'a change event', WITHIN_MS);
      expect(await consoleMode()).toBe(mode);
    });
  }
});

describe('serve on a cluster (a real kube-apiserver): the watch door', () => {
  let cluster: KubeCluster;
  let console: ClusterConsole;
  let base: string;

  beforeAll(async () => {
    cluster = await startDemoCluster();
    console = await clusterConsole({ cluster });
    base = await console.listen();
  }, 120_000);
  afterAll(async () => {
    await console?.close();
    await cluster?.close();
  });

  it('cluster watch → console API and event stream', async () => {
    const events = eventStream(`${base}/`);
    try {
      const api = new ApiClient({ baseUrl: base });
      await eventually(() => events.revisions.length, (n) => n > 0, 'the event stream to say hello', 10_000);
      const seen = events.revisions.at(-1) ?? 0;
      await cluster.admin.create({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'travel-portal' }, spec: { mtls: { mode: 'STRICT' } } });
      await eventually(async () => (await api.call('namespace', { params: { namespace: 'travel-portal' } })).mode, (m) => m === 'STRICT', 'travel-portal STRICT in the console API', WITHIN_MS);
      await eventually(() => events.revisions.at(-1) ?? 0, (revision) => revision > seen, 'a change event', WITHIN_MS);
    } finally {
      events.close();
    }
  });
});
