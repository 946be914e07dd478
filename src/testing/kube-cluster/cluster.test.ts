// The test cluster itself: a real kube-apiserver that enforces Istio's CRD schemas and RBAC per user, and
// the faults the other cluster tests rely on (cut connections, a restart, an etcd compaction) doing what
// they claim, seen with a raw HTTP watch rather than through meshlock.
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClusterFiles } from '../demo-cluster.js';
import { startKubeCluster, type KubeCluster } from './cluster.js';
import { ALICE_NAMESPACES, USERS } from './users.js';

let cluster: KubeCluster;

beforeAll(async () => {
  cluster = await startKubeCluster();
  await cluster.loadFiles(demoClusterFiles());
}, 600_000);

afterAll(async () => {
  await cluster?.close();
});

/**
 * Opens a watch through the proxy (as meshlock would) and collects its events until it ends. An error the
 * server answers at once (not as an event of a started watch) is one event with the HTTP status as its code.
 */
function rawWatch(path: string): { events: { type: string; code?: number }[]; ended: Promise<void> } {
  const events: { type: string; code?: number }[] = [];
  const url = new URL(cluster.url);
  const ended = new Promise<void>((resolve) => {
    const sent = request({ host: url.hostname, port: url.port, path, ca: cluster.caPem, headers: { authorization: `Bearer ${USERS.admin.token}` } }, (response) => {
      if (response.statusCode !== 200) {
        events.push({ type: 'ERROR', code: response.statusCode });
        response.resume();
        response.on('end', resolve);
        return;
      }
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as { type: string; object: { code?: number } };
          events.push({ type: event.type, ...(event.type === 'ERROR' ? { code: event.object.code } : {}) });
        }
      });
      response.on('end', resolve).on('error', () => resolve());
    });
    sent.on('error', () => resolve());
    sent.end();
  });
  return { events, ended };
}

const PEER_AUTHENTICATIONS = '/apis/security.istio.io/v1/peerauthentications';

describe('the test cluster', () => {
  it('serves Istio’s CRDs and refuses what their schemas refuse', async () => {
    const strikt = await cluster.admin.request('POST', '/apis/security.istio.io/v1/namespaces/legacy/peerauthentications', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'strikt' },
      spec: { mtls: { mode: 'STRIKT' } },
    });
    expect(strikt.status).toBe(422);
    expect(strikt.body).toMatchObject({ reason: 'Invalid', details: { causes: expect.arrayContaining([expect.objectContaining({ field: 'spec.mtls.mode', message: expect.stringContaining('STRIKT') })]) } });
  });

  it('grants each user what users.ts says, as the API server’s own rules review tells', async () => {
    const rules = async (namespace: string) => {
      const review = await cluster.client('alice').request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } });
      const resourceRules = (review.body as { status: { resourceRules: { verbs: string[]; resources?: string[] }[] } }).status.resourceRules;
      return resourceRules.some((r) => r.verbs.includes('list') && (r.resources ?? []).includes('pods'));
    };
    const namespaces = ['istio-system', 'legacy', 'travel-agency', 'travel-control', 'travel-portal'];
    const readable = [];
    for (const namespace of namespaces) if (await rules(namespace)) readable.push(namespace);
    expect(readable).toEqual([...ALICE_NAMESPACES]);
    const viewerCreate = await cluster.client('viewer').request('POST', '/apis/security.istio.io/v1/namespaces/legacy/peerauthentications', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'x' }, spec: {} });
    expect(viewerCreate.status).toBe(403);
  });

  it('ends every watch when connections are cut, and the server keeps running', async () => {
    const watch = rawWatch(`${PEER_AUTHENTICATIONS}?watch=1`);
    await expect.poll(() => watch.events.length).toBeGreaterThan(0);
    expect(cluster.dropConnections()).toBeGreaterThanOrEqual(1);
    await watch.ended;
    expect((await cluster.admin.request('GET', '/readyz')).status).toBe(200);
  });

  it('answers 410 Gone to a watch from before a restart and a compaction', async () => {
    const listed = await cluster.admin.request('GET', PEER_AUTHENTICATIONS);
    const version = String((listed.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    await cluster.admin.create({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'later', namespace: 'legacy' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(await cluster.compactEtcd()).toBeGreaterThan(Number(version));
    await cluster.restartApiServer();
    // Until a restarted server has filled its watch cache it answers 429 with Retry-After; clients ask again.
    let watch = rawWatch(`${PEER_AUTHENTICATIONS}?watch=1&resourceVersion=${version}`);
    await watch.ended;
    for (let tries = 1; tries < 40 && watch.events.some((e) => e.code === 429); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      watch = rawWatch(`${PEER_AUTHENTICATIONS}?watch=1&resourceVersion=${version}`);
      await watch.ended;
    }
    expect(watch.events).toContainEqual({ type: 'ERROR', code: 410 });
  });

  it('stops etcd and kube-apiserver and removes its folder on close', async () => {
    const other = await startKubeCluster({ istio: 'absent' });
    const pids = other.pids();
    expect(pids).toHaveLength(2);
    expect(existsSync(other.dir)).toBe(true);
    await other.close();
    expect(existsSync(other.dir)).toBe(false);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 120_000);
});
