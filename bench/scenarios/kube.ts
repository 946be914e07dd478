// Initial sync of the synthetic mesh from a Kubernetes API server: discovery, paged lists of every kind, the
// snapshot and the engine; then one edit seen through the watch, and the source's steady RSS. Measured twice,
// side by side: against a real kube-apiserver (kube-apiserver.ts) and against the look-alike in
// src/testing/fake-kube-api, which runs in a child process so the figures are the source's alone.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { statusReport, MeshStore } from '../../src/core/index.js';
import { KubeSource } from '../../src/sources/kube/kube-source.js';
import { round, time } from '../measure.js';
import { benchKubeSyncApiServer, type KubeApiServerFigures } from './kube-apiserver.js';
import type { ChildMessage, ParentMessage } from './kube-api-process.js';

export interface KubeSyncFigures {
  namespaces: number;
  /** Objects the server holds. */
  objects: number;
  /** The server generating and storing the mesh (not part of the sync). */
  serverLoadMs: number;
  /** KubeSource created → ready: discovery, every list, normalising, snapshot and engine. */
  initialSyncMs: number;
  /** Effective status of every workload port on the synced engine. */
  firstStatusMs: number;
  /** One PeerAuthentication edited on the server → applied to the source's engine. */
  changeVisibleMs: number;
  listRequests: number;
  openWatches: number;
  /** After sync, a GC and a second of quiet. */
  steadyRssMb: number;
  steadyHeapMb: number;
  limits: { initialSyncMs: number; withinLimits: boolean };
}

const INITIAL_SYNC_LIMIT_MS = 10_000;

function startServer(namespaces: number, workloadsPerNamespace: number): ChildProcess {
  const entry = new URL(`./kube-api-process${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  // From TypeScript sources (tsx, vitest) the child needs tsx too; from dist/ it is plain JavaScript.
  const execArgv = entry.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return fork(fileURLToPath(entry), [String(namespaces), String(workloadsPerNamespace)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function next<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the fake API server exited (${code}) before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const ask = (child: ChildProcess, message: ParentMessage) => child.send(message);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const collect = () => (globalThis as { gc?: () => void }).gc?.();

export interface KubeBenchFigures {
  /** A real kube-apiserver and etcd, built from Go modules. */
  apiServer: KubeApiServerFigures;
  /** The look-alike API server in TypeScript, for comparison. */
  lookAlike: KubeSyncFigures;
}

/** The look-alike first: its steady RSS is then the source's alone, not the other run's leftovers. */
export async function benchKubeSync(options: { namespaces?: number; workloadsPerNamespace?: number } = {}): Promise<KubeBenchFigures> {
  const lookAlike = await benchKubeSyncLookAlike(options);
  const apiServer = await benchKubeSyncApiServer(options);
  return { apiServer, lookAlike };
}

async function benchKubeSyncLookAlike(options: { namespaces?: number; workloadsPerNamespace?: number }): Promise<KubeSyncFigures> {
  const namespaces = options.namespaces ?? 2000;
  const child = startServer(namespaces, options.workloadsPerNamespace ?? 10);
  let source: KubeSource | undefined;
  try {
    const ready = await next(child, 'ready');
    const config = new KubeConfig();
    config.loadFromString(ready.kubeconfig);
    const started = performance.now();
    source = new KubeSource({ kubeConfig: config });
    await source.ready();
    const initialSyncMs = performance.now() - started;
    const synced = source;
    const status = time(() => statusReport(new MeshStore(synced.contents()).current.engine));

    const edited = next(child, 'edited');
    const seen = new Promise<number>((resolve) => {
      const unsubscribe = synced.subscribe((event) => {
        if (event.type === 'changes' && event.changes.some((c) => c.type === 'upsert' && c.object.kind === 'PeerAuthentication')) {
          unsubscribe();
          resolve(performance.now());
        }
      });
    });
    const editStarted = performance.now();
    ask(child, { type: 'edit' });
    await edited;
    const changeVisibleMs = (await seen) - editStarted;

    ask(child, { type: 'stats' });
    const stats = await next(child, 'stats');
    collect();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    collect();
    const memory = process.memoryUsage();
    return {
      namespaces,
      objects: ready.objects,
      serverLoadMs: round(ready.loadMs),
      initialSyncMs: round(initialSyncMs),
      firstStatusMs: round(status.ms),
      changeVisibleMs: round(changeVisibleMs),
      listRequests: stats.stats.list ?? 0,
      openWatches: stats.openWatches,
      steadyRssMb: mb(memory.rss),
      steadyHeapMb: mb(memory.heapUsed),
      limits: { initialSyncMs: INITIAL_SYNC_LIMIT_MS, withinLimits: initialSyncMs <= INITIAL_SYNC_LIMIT_MS },
    };
  } finally {
    await source?.close();
    ask(child, { type: 'close' });
  }
}
