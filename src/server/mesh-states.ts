// Which MeshState answers a request. Files (or any one source): one state for everyone. A cluster with
// `--auth token|header`: one state per person's token (cluster-states.ts). Routes ask per request, so the
// same handlers serve both.
import type { FastifyRequest } from 'fastify';
import type { SourceStatus } from '../sources/config-source.js';
import type { TextSource } from '../sources/text-source.js';
import { MeshState } from './mesh-state.js';

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
   * The state this request reads and writes through. Throws HttpError: 401 when the request carries no
   * credential the console needs, 503 while its source cannot answer yet.
   */
  forRequest(request: FastifyRequest): Promise<MeshState>;
  /** The connection of this request's source, at once (also while it syncs); undefined without one. */
  connection(request: FastifyRequest): SourceStatus | undefined;
  health(): Health;
  close(): Promise<void>;
}

/** One source for every request: files, or a cluster source a test built itself. */
export function singleState(source: TextSource, options: { warm?: boolean } = {}): MeshStates {
  const state = new MeshState(source);
  if (options.warm ?? true) state.view.warm();
  return {
    auth: 'none',
    forRequest: async () => state,
    connection: () => source.status?.(),
    health: () => {
      const connection = source.status?.() ?? null;
      return { status: !connection || connection.state === 'connected' ? 'ok' : 'unavailable', auth: 'none', source: source.description, connection };
    },
    close: async () => state.close(),
  };
}
