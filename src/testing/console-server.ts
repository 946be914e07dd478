// Test builder: a console server over a temporary copy of the demo mesh (never fixtures/ itself), with the
// session's CSRF token at hand.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { demoPath } from '../cli/source.js';
import { createServer, type ServerOptions } from '../server/create-server.js';
import { FileSource } from '../sources/files/file-source.js';
import { LiveMesh } from '../sources/live-mesh.js';

export interface TestConsole {
  readonly app: FastifyInstance;
  readonly source: FileSource;
  /** The console's mesh: its current revision is what the API answers from. */
  readonly live: LiveMesh;
  /** The temporary directory served. */
  readonly dir: string;
  readonly csrfToken: string;
  /** JSON and CSRF headers for state-changing requests. */
  readonly headers: Record<string, string>;
  /** Listens on a free loopback port; resolves with the base URL (`http://127.0.0.1:PORT`). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestConsoleOptions {
  /** Extra files written next to the demo's (same name replaces a demo file). */
  readonly files?: Record<string, string>;
  /** Start from an empty directory instead of the demo. */
  readonly empty?: boolean;
  readonly viewOnly?: boolean;
  readonly watch?: boolean;
  readonly webRoot?: string;
  /** Observed traffic and extra certificates, as `serve --demo` passes the lab's. */
  readonly traffic?: ServerOptions['traffic'];
  readonly certificates?: ServerOptions['certificates'];
}

export async function testConsole(options: TestConsoleOptions = {}): Promise<TestConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-console-'));
  if (!options.empty) cpSync(demoPath(), dir, { recursive: true });
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  const source = await FileSource.open([dir], dir, { watch: options.watch ?? false, viewOnly: options.viewOnly });
  const live = new LiveMesh(source);
  const app = await createServer({ mesh: live, webRoot: options.webRoot, version: 'test', traffic: options.traffic, certificates: options.certificates });
  const session = (await app.inject({ url: '/api/session' })).json<{ csrfToken: string }>();
  return {
    app,
    source,
    live,
    dir,
    csrfToken: session.csrfToken,
    headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    },
    async close() {
      await app.close();
      await source.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
