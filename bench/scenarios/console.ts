// The console on the synthetic mesh: the server loads and warms it, then headless Chromium opens the overview
// and the time from navigation start until the table holds every namespace (and shows those in view; the
// table is windowed) is measured in the page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/cli/source.js';
import { createServer } from '../../src/server/create-server.js';
import { FileSource } from '../../src/sources/files/file-source.js';
import { LiveMesh } from '../../src/sources/live-mesh.js';
import { launchChromium } from '../chromium.js';
import { generateMesh, type GeneratedMesh } from '../generate-mesh.js';
import { round } from '../measure.js';

export interface ConsoleFigures {
  /** First load (cold cache) of the overview, navigation start → every namespace row rendered. */
  overviewMs: number;
  /** Median of the reloads that follow (assets cached, as for a person coming back). */
  overviewReloadMedianMs: number;
  namespaces: number;
  /** Server side: reading and parsing the files, then status and validations before the first request. */
  serverLoadMs: number;
  serverWarmMs: number;
  /** GET /api/namespaces once warm: the overview's one data request. */
  namespacesApiMs: number;
  limits: { overviewMs: number; withinLimits: boolean };
}

const RELOADS = 3;

export async function benchConsoleOverview(options: { mesh?: GeneratedMesh; webRoot?: string } = {}): Promise<ConsoleFigures> {
  const mesh = options.mesh ?? generateMesh({ namespaces: 2000, workloadsPerNamespace: 10, seed: 1 });
  // `npm run bench` builds first, so dist/web is the current web app.
  const webRoot = options.webRoot ?? join(packageRoot(), 'dist', 'web');
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-bench-console-'));
  for (const file of mesh.files) writeFileSync(join(dir, file.name), file.text);
  const loadStart = performance.now();
  const source = await FileSource.open([dir], dir, { watch: false });
  const serverLoadMs = performance.now() - loadStart;
  const warmStart = performance.now();
  const app = await createServer({ mesh: new LiveMesh(source), webRoot });
  const serverWarmMs = performance.now() - warmStart;
  const browser = await launchChromium();
  try {
    const api = await app.inject({ url: '/api/namespaces' });
    const apiStart = performance.now();
    await app.inject({ url: '/api/namespaces' });
    const namespacesApiMs = performance.now() - apiStart;
    const namespaces = (api.json() as unknown[]).length;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    const load = async (): Promise<number> => {
      await page.goto(url, { waitUntil: 'commit' });
      // The table holds every namespace (data-rows) and renders those in view; performance.now() in the
      // page counts from navigation start.
      const handle = await page.waitForFunction(
        (n) => {
          const table = document.querySelector<HTMLElement>('[data-testid="namespace-table"]');
          return table && Number(table.dataset.rows) >= n && table.querySelector('tr[data-namespace]') ? performance.now() : 0;
        },
        namespaces,
        { polling: 'raf', timeout: 60_000 },
      );
      return (await handle.jsonValue()) as number;
    };
    const first = await load();
    const reloads: number[] = [];
    for (let i = 0; i < RELOADS; i++) reloads.push(await load());
    reloads.sort((a, b) => a - b);
    return {
      overviewMs: round(first),
      overviewReloadMedianMs: round(reloads[Math.floor(reloads.length / 2)] ?? 0),
      namespaces,
      serverLoadMs: round(serverLoadMs),
      serverWarmMs: round(serverWarmMs),
      namespacesApiMs: round(namespacesApiMs),
      limits: { overviewMs: 2000, withinLimits: first <= 2000 },
    };
  } finally {
    await browser.close();
    await app.close();
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
