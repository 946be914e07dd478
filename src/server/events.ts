// Server-sent events on /api/events: a `change` event per config change, so open pages refetch instead of
// polling, and a `connection` event whenever a cluster connection changes state. The stream is taken over
// from fastify, so its headers are set here. Each request streams its own identity's state.
import type { FastifyInstance } from 'fastify';
import { routes } from '../api/routes.js';
import type { ChangeEvent } from '../api/schemas.js';
import { formatRef } from '../core/index.js';
import type { RevisionEvent } from '../sources/live-mesh.js';
import type { SourceStatus } from '../sources/config-source.js';
import { connectionOf } from './connection.js';
import type { MeshStates } from './mesh-states.js';
import { SECURITY_HEADERS } from './security.js';

/** Proxies and browsers drop idle streams; a comment line every so often keeps this one open. */
const HEARTBEAT_MS = 20_000;
/** A change event names at most this many objects; more (or a resync) names none: everything may have changed. */
const NAMED_CHANGES = 100;

/**
 * The revision and what changed, for pages that show one of them: the files whose text changed, or for a
 * cluster the objects (`Kind/namespace/name`); none after a resync or a large batch (everything may have).
 */
export function changeEvent({ revision, reset, origins }: RevisionEvent): ChangeEvent {
  const changed = origins ?? revision.changes.map((c) => formatRef(c.type === 'upsert' ? c.object : c.ref));
  return { revision: revision.number, files: reset || changed.length > NAMED_CHANGES ? [] : [...changed] };
}

export function installEvents(app: FastifyInstance, states: MeshStates): void {
  const open = new Set<() => void>();
  app.get(routes.events.path, async (request, reply) => {
    const live = await states.forRequest(request);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ revision: live.current.number, files: [] })}\n\n`);
    const sendStatus = (status: SourceStatus) => res.write(`event: connection\ndata: ${JSON.stringify(connectionOf(status))}\n\n`);
    const status = live.source.status();
    if (status) sendStatus(status);
    const unsubscribe = live.onRevision((event) => res.write(`event: change\ndata: ${JSON.stringify(changeEvent(event))}\n\n`));
    const unsubscribeStatus = live.onStatus(sendStatus);
    const heartbeat = setInterval(() => {
      res.write(': ping\n\n');
      // Asking again keeps a per-person source in use; when it was replaced meanwhile, the client reconnects to the new one.
      states.forRequest(request).then(
        (now) => (now === live ? undefined : end()),
        () => end(),
      );
    }, HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeStatus();
      open.delete(end);
      res.end();
    };
    open.add(end);
    request.raw.on('close', end);
  });
  // Open streams would keep close() waiting forever.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
}
