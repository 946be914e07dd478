// Server-sent events on /api/events: a `change` event per config change, so open pages refetch instead of
// polling. The stream is taken over from fastify, so its headers are set here.
import type { FastifyInstance } from 'fastify';
import { routes } from '../api/routes.js';
import type { MeshState } from './mesh-state.js';
import { SECURITY_HEADERS } from './security.js';

/** Proxies and browsers drop idle streams; a comment line every so often keeps this one open. */
const HEARTBEAT_MS = 20_000;

export function installEvents(app: FastifyInstance, state: MeshState): void {
  const open = new Set<() => void>();
  app.get(routes.events.path, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ revision: state.view.revision, files: [] })}\n\n`);
    const unsubscribe = state.onChange((event) => res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
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
