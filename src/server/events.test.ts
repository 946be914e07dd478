// Server-sent events: an open page hears of every change, whoever made it.
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeEvent } from '../api/schemas.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';

let c: TestConsole | undefined;
afterEach(async () => {
  await c?.close();
});

/** Opens /api/events and collects events until `count` have arrived. */
function listen(port: number, count: number): { events: Promise<{ event: string; data: ChangeEvent }[]>; headers: Promise<Record<string, string | string[] | undefined>> } {
  let resolveHeaders: (h: Record<string, string | string[] | undefined>) => void = () => undefined;
  const headers = new Promise<Record<string, string | string[] | undefined>>((resolve) => (resolveHeaders = resolve));
  const events = new Promise<{ event: string; data: ChangeEvent }[]>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events' }, (res) => {
      resolveHeaders(res.headers);
      const seen: { event: string; data: ChangeEvent }[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) seen.push({ event, data: ChangeEvent.parse(JSON.parse(data)) });
          if (seen.length === count) {
            req.destroy();
            resolve(seen);
          }
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
  return { events, headers };
}

describe('/api/events', () => {
  it('says hello with the revision, then sends a change for a save and for an edit made outside', async () => {
    c = await testConsole({ watch: true });
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    const address = c.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const stream = listen(port, 3);
    expect((await stream.headers)['content-type']).toBe('text/event-stream; charset=utf-8');
    expect((await stream.headers)['content-security-policy']).toContain("default-src 'self'");

    const cm = (await c.app.inject({ url: '/api/config/istio-system/ConfigMap/istio' })).json<{ yaml: string; resourceVersion: string }>();
    await c.app.inject({ method: 'PUT', url: '/api/config/istio-system/ConfigMap/istio', headers: c.headers, payload: { yaml: cm.yaml.replace('true', 'false'), resourceVersion: cm.resourceVersion } });
    writeFileSync(join(c.dir, 'extra.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n');

    const events = await stream.events;
    expect(events).toEqual([
      { event: 'hello', data: { revision: 1, files: [] } },
      { event: 'change', data: { revision: 2, files: ['mesh-config.yaml'] } },
      { event: 'change', data: { revision: 3, files: ['extra.yaml'] } },
    ]);
  });

  it('does not keep the server from closing', async () => {
    c = await testConsole();
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    const address = c.app.server.address();
    const stream = listen(typeof address === 'object' && address ? address.port : 0, 99);
    stream.events.catch(() => undefined);
    await stream.headers;
    await c.close();
    c = undefined;
  });
});
