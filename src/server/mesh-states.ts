// Which LiveMesh answers a request. Files (or any one source): one for everyone. A cluster with
// `--auth token|header`: one per person's token (cluster-states.ts). Routes ask per request, so the same
// handlers serve both; a handler takes the mesh's current revision once and answers from it alone.
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';
import type { SourceStatus } from '../sources/config-source.js';
import { validationReport } from '../reports/validation.js';
import type { LiveMesh } from '../sources/live-mesh.js';

/** `none` for files; otherwise the console's `--auth`. */
export type ConsoleAuth = 'none' | 'anonymous' | 'token' | 'header';

/** The body of /healthz. */
export interface Health {
  readonly status: 'ok' | 'unavailable';
  readonly auth: ConsoleAuth;
  readonly source: string;
  /** The shared source's connection (state, last error, last sync); null for files and per-person sources. */
  readonly connection: SourceStatus | null;
}

export interface MeshStates {
  readonly auth: ConsoleAuth;
  /**
   * The mesh this request reads and writes through. Throws HttpError: 401 when the request carries no
   * credential the console needs, 503 while its source cannot answer yet.
   */
  forRequest(request: FastifyRequest): Promise<LiveMesh>;
  /** The connection of this request's source, at once (also while it syncs); undefined without one. */
  connection(request: FastifyRequest): SourceStatus | undefined;
  health(): Health;
  close(): Promise<void>;
}

/**
 * Validations at once; their placed report (file, line, column of every finding) in the next turn of the
 * event loop, so the first validations page is read from the revision. Answering before the checks instead
 * (even in slices between requests) answers the first status sooner by the time the checks take, but then
 * the overview's validation counts, and the validations page, wait for all of it: one thread does the same
 * work in either order. Requests already waiting when a read ends (loadingState) are answered before the
 * placement: the overview needs the checks' counts, not their lines.
 */
export function warm(live: LiveMesh): void {
  const revision = live.current;
  revision.validator();
  setImmediate(() => validationReport(revision));
}

/** One mesh for every request: files, or a cluster source a test built itself. */
export function singleState(live: LiveMesh, options: { warm?: boolean } = {}): MeshStates {
  // What every page needs is computed before the first request, so the first page load does not pay for it.
  if (options.warm ?? true) warm(live);
  return {
    auth: 'none',
    forRequest: async () => live,
    connection: () => live.source.status(),
    health: () => {
      const connection = live.source.status() ?? null;
      return { status: !connection || connection.state === 'connected' ? 'ok' : 'unavailable', auth: 'none', source: live.source.description, connection };
    },
    close: async () => live.close(),
  };
}

/**
 * One mesh for every request, still being read: the server listens before the files are read, so its URL is
 * printed at once (and a port in use is told before the read ends), and requests wait for the read, as a
 * cluster's wait for its first sync. `/healthz` answers 503 until then. Once read, it answers as
 * `singleState`, which computes what every page needs before any waiting request is answered. A read that
 * fails answers 503 with its reason.
 */
export function loadingState(loading: Promise<LiveMesh>, description: string): MeshStates {
  let loaded: MeshStates | undefined;
  const ready = loading.then(
    (live) => {
      loaded = singleState(live);
      return live;
    },
    (error: unknown) => {
      throw new HttpError(503, 'unavailable', `cannot read ${description}: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  // Heard by the requests that wait; without any, a failed read must not be an unhandled rejection.
  ready.catch(() => undefined);
  return {
    auth: 'none',
    forRequest: () => ready,
    connection: (request) => loaded?.connection(request),
    health: () => loaded?.health() ?? { status: 'unavailable', auth: 'none', source: description, connection: null },
    close: async () => loaded?.close(),
  };
}
