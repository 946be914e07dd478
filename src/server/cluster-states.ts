// The console on a cluster, by `--auth`. `anonymous`: one KubeSource with meshlock's own credential, started
// at once so /healthz follows its sync. `token` and `header`: one KubeSource per person's bearer token, from a
// SourcePool, so each sees exactly what their RBAC lets them list; a token the API server does not know gets
// 401 after one cheap check and never a source. Each source is followed by a LiveMesh of its own, which
// answers requests once the source's first sync is done.
import type { KubeConfig } from '@kubernetes/client-node';
import type { FastifyRequest } from 'fastify';
import type { SourceStatus } from '../sources/config-source.js';
import { describeCluster, type Credential } from '../sources/kube/kube-config.js';
import { KubeSource, type KubeSourceOptions } from '../sources/kube/kube-source.js';
import { ACCESS_TOKEN_HEADER, type AuthMode } from '../sources/kube/auth-modes.js';
import { credentialForRequest, selfAccessReviewCheck, SourcePool, UnauthenticatedError } from '../sources/kube/user-sources.js';
import { HttpError } from './errors.js';
import { LiveMesh } from '../sources/live-mesh.js';
import { warm, type Health, type MeshStates } from './mesh-states.js';

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
  /** How long the API server's verdict on a token is kept (default 30 s). */
  readonly tokenVerdictMs?: number;
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
  // A person's token is checked with one request before it gets a source of its own (F7 of the review).
  const pool = shared ? undefined : new SourcePool(create, { check: selfAccessReviewCheck(options.kubeConfig), verdictMs: options.tokenVerdictMs });
  /** The connection of a token still being checked: syncing, as far as the person can tell. */
  const checking: SourceStatus = {
    source: `${describeCluster(options.kubeConfig)} as the signed-in user`,
    state: 'syncing',
    lastError: null,
    lastSyncTime: null,
    forbiddenNamespaces: [],
    resources: [],
  };
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
    () => warm(meshOf(shared)),
    () => undefined,
  );

  const credentialOf = (request: FastifyRequest): Credential => {
    const result = credentialForRequest(options.auth, request.headers, undefined, tokenHeader);
    if ('error' in result) throw new HttpError(401, 'unauthorized', result.error);
    return result.credential;
  };
  const unauthenticated = (error: UnauthenticatedError) => new HttpError(401, 'unauthorized', error.message);
  const pooled = async (credential: Credential): Promise<KubeSource> => {
    try {
      return await pool!.get(credential);
    } catch (error) {
      throw error instanceof UnauthenticatedError ? unauthenticated(error) : new HttpError(503, 'unavailable', `cannot check the token with the API server: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    auth: options.auth,
    async forRequest(request) {
      if (shared) {
        if (!meshes.has(shared)) await untilReady(shared, waitMs);
        return meshOf(shared);
      }
      const credential = credentialOf(request);
      const source = await pooled(credential);
      const ready = meshes.get(source);
      if (ready) return ready;
      try {
        await untilReady(source, waitMs);
      } catch (error) {
        // A first sync that fails may be a token revoked since its check: then the source goes, and so does the person.
        if (await pool!.dropIfUnauthenticated(credential, source)) throw new HttpError(401, 'unauthorized', 'the API server no longer knows this token (401); sign in again');
        throw error;
      }
      return meshOf(source);
    },
    connection(request) {
      if (shared) return shared.status();
      const credential = credentialOf(request);
      const source = pool!.peek(credential);
      if (source) return source.status();
      if (pool!.verdictOf(credential) === 'unauthenticated') throw new HttpError(401, 'unauthorized', 'the API server does not know this token (401); sign in again');
      // Not pooled yet: the check starts now, and the next poll sees the source's own state.
      void pool!.get(credential).catch(() => undefined);
      return checking;
    },
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
