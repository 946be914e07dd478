// The console on a cluster, by `--auth`. `anonymous`: one KubeSource with meshlock's own credential, started
// at once so /healthz follows its sync. `token` and `header`: one KubeSource per person's bearer token, from a
// SourcePool, so each sees exactly what their RBAC lets them list. Each source is followed by a LiveMesh
// of its own, which answers requests once the source's first sync is done.
import type { KubeConfig } from '@kubernetes/client-node';
import type { FastifyRequest } from 'fastify';
import type { SourceStatus } from '../sources/config-source.js';
import type { Credential } from '../sources/kube/kube-config.js';
import { KubeSource, type KubeSourceOptions } from '../sources/kube/kube-source.js';
import { ACCESS_TOKEN_HEADER, credentialForRequest, SourcePool, type AuthMode } from '../sources/kube/user-sources.js';
import { HttpError } from './errors.js';
import { LiveMesh } from '../sources/live-mesh.js';
import type { Health, MeshStates } from './mesh-states.js';

export interface ClusterStatesOptions {
  readonly kubeConfig: KubeConfig;
  readonly auth: AuthMode;
  /** With `header`: where the trusted proxy puts the token (default X-Forwarded-Access-Token). */
  readonly authHeader?: string;
  readonly viewOnly?: boolean;
  /** Passed to every KubeSource (tests shorten batching and backoff). */
  readonly sourceOptions?: Omit<KubeSourceOptions, 'kubeConfig' | 'credential'>;
  /** How long a request waits for its source's first sync before answering 503 (default 15 s). */
  readonly readyWaitMs?: number;
}

/** Resolves once `source` is ready; rejects with a 503 after `ms`, or as soon as its first sync is failing. */
function untilReady(source: KubeSource, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failing = (status: SourceStatus) => status.state === 'error' && status.lastSyncTime === null;
    const unavailable = (status: SourceStatus, why: string) => {
      const last = status.lastError ? `; last error: ${status.lastError.message}` : '';
      return new HttpError(503, 'unavailable', `${why} ${status.source} (state ${status.state}${last})`);
    };
    let settled = false;
    const settle = (error?: HttpError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => settle(unavailable(source.status(), 'still syncing with')), ms);
    const unsubscribe = source.subscribe((event) => {
      if (event.type === 'status' && failing(event.status)) settle(unavailable(event.status, 'cannot read'));
    });
    source.ready().then(
      () => settle(),
      (error: unknown) => settle(new HttpError(503, 'unavailable', error instanceof Error ? error.message : String(error))),
    );
    const now = source.status();
    if (failing(now)) settle(unavailable(now, 'cannot read'));
  });
}

export function clusterStates(options: ClusterStatesOptions): MeshStates {
  const waitMs = options.readyWaitMs ?? 15_000;
  const tokenHeader = (options.authHeader ?? ACCESS_TOKEN_HEADER).toLowerCase();
  const create = (credential: Credential) => new KubeSource({ ...options.sourceOptions, kubeConfig: options.kubeConfig, credential, viewOnly: options.viewOnly });
  const shared = options.auth === 'anonymous' ? create({ type: 'kubeconfig' }) : undefined;
  const pool = shared ? undefined : new SourcePool(create);
  // A source's mesh lives as long as the source: the pool closing one drops its mesh with it.
  const meshes = new WeakMap<KubeSource, LiveMesh>();
  const meshOf = (source: KubeSource): LiveMesh => {
    let live = meshes.get(source);
    if (!live) {
      live = new LiveMesh(source);
      meshes.set(source, live);
    }
    return live;
  };
  // The shared source's first answers are computed before anyone asks, as for files.
  shared?.ready().then(
    () => meshOf(shared).current.validator(),
    () => undefined,
  );

  const sourceFor = (request: FastifyRequest): KubeSource => {
    if (shared) return shared;
    const result = credentialForRequest(options.auth, request.headers, undefined, tokenHeader);
    if ('error' in result) throw new HttpError(401, 'unauthorized', result.error);
    return pool!.get(result.credential);
  };

  return {
    auth: options.auth,
    async forRequest(request) {
      const source = sourceFor(request);
      const ready = meshes.get(source);
      if (ready) return ready;
      await untilReady(source, waitMs);
      return meshOf(source);
    },
    connection: (request) => sourceFor(request).status(),
    health(): Health {
      if (!shared) return { status: 'ok', auth: options.auth, source: `${pool!.size} signed-in ${pool!.size === 1 ? 'person' : 'people'}, each with their own connection`, connection: null };
      const connection = shared.status();
      return { status: connection.state === 'connected' ? 'ok' : 'unavailable', auth: options.auth, source: connection.source, connection };
    },
    async close() {
      await shared?.close();
      await pool?.close();
    },
  };
}
