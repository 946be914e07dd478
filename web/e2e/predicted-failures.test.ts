// Predicted failures in Debian Chromium: after travel-agency goes STRICT, the plaintext caller seen before the
// window (outside → travels) stays on the graph as its own edge state, with the PeerAuthentication that refuses
// it in the side panel and the state in the legend; a plaintext TCP caller is an unknown caller, not "outside
// the mesh". Screenshots go to test-results/graph/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import { buildWebApp, watchedPage } from '../../src/testing/browser.js';
import { testConsole, type TestConsole } from '../../src/testing/console-server.js';
import { fixedTelemetry, graphRow } from '../../src/testing/graph-rows.js';
import { strictPolicyYaml } from '../../src/testing/seed-changes.js';

const SHOTS = join(process.cwd(), 'test-results', 'graph');
const OUTSIDE_TO_TRAVELS = 'outside>workload:travel-agency/travels>http';

/** The window holds only mTLS traffic; the callers of the last day also the plaintext caller STRICT now refuses. */
const afterStrict = fixedTelemetry(
  [
    graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
    graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 3 }),
    // Plaintext TCP names no caller: the destination reports it without identity (istio-mtls-semantics §5.5).
    graphRow({ from: 'outside', to: 'travel-agency/mysqldb', protocol: 'tcp', mtls: false, bytes: 300 }),
  ],
  [graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false })],
);

let webRoot: string;
let browser: Browser;
let console_: TestConsole | undefined;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  webRoot = await buildWebApp();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await console_?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  console_ = await testConsole({ webRoot, traffic: afterStrict, files: { 'strict-agency.yaml': strictPolicyYaml('travel-agency') } });
  const base = await console_.listen();
  const page = await watchedPage(browser, problems);
  await page.goto(`${base}${path}`);
  return page;
}

const graphHook = <T,>(page: Page, call: string) => page.evaluate((expression) => new Function(`return window.meshlockGraph.${expression}`)() as unknown, call) as Promise<T>;

async function clickElement(page: Page, id: string): Promise<void> {
  const point = await graphHook<{ x: number; y: number } | null>(page, `point(${JSON.stringify(id)})`);
  if (!point) throw new Error(`${id} is not drawn`);
  await page.mouse.click(point.x, point.y);
}

describe('predicted failures on the traffic graph', () => {
  it('keeps the refused plaintext caller as a predicted failure with the PeerAuthentication that causes it', async () => {
    const page = await open('/graph?namespaces=travel-agency,travel-portal&refresh=0');
    await page.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });

    // Its own state: drawn with the predicted-failure class, not as healthy plaintext, and not dropped.
    const classes = await graphHook<string[] | null>(page, `classes(${JSON.stringify(OUTSIDE_TO_TRAVELS)})`);
    expect(classes).toContain('predicted-fail');
    expect(classes).not.toContain('health-healthy');
    expect(classes).not.toContain('sec-plaintext');
    // A refused caller still seen in the window (plaintext TCP sent before STRICT) is drawn as refused too, not as
    // healthy plaintext until the window has passed.
    const inWindow = await graphHook<string[] | null>(page, `classes(${JSON.stringify('outside>workload:travel-agency/mysqldb>tcp')})`);
    expect(inWindow).toContain('predicted-fail');
    // Edges the configuration lets through keep their usual look.
    expect(await graphHook<string[] | null>(page, `classes(${JSON.stringify('workload:travel-portal/voyages>workload:travel-agency/travels>http')})`)).not.toContain('predicted-fail');

    await clickElement(page, OUTSIDE_TO_TRAVELS);
    const failure = page.getByTestId('edge-predicted-failure');
    await failure.waitFor();
    expect(await failure.getAttribute('data-observed')).toBe('false');
    const cause = await failure.getByTestId('edge-failure-cause').first().textContent();
    expect(cause).toContain('is STRICT, set by PeerAuthentication/travel-agency/default');
    expect(cause).toContain('the client sends PLAINTEXT');
    expect(await failure.getByRole('link', { name: 'PeerAuthentication/travel-agency/default' }).getAttribute('href')).toBe('/istio/travel-agency/PeerAuthentication/default');
    expect(await failure.textContent()).toContain('No traffic in the last 10m: the caller was seen earlier');
    await page.screenshot({ path: join(SHOTS, '10-predicted-failure-edge.png') });

    // The unidentified plaintext TCP caller is not called "outside the mesh". travel-portal hidden, so no
    // other line crosses its midpoint.
    await page.goto(`${new URL(page.url()).origin}/graph?namespaces=travel-agency,travel-portal&refresh=0&hide=${encodeURIComponent('namespace = travel-portal')}`);
    await page.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    // Both edges of the unknown caller share their first bend: click the last stretch, just left of mysqldb.
    const db = await graphHook<{ x: number; y: number } | null>(page, `point(${JSON.stringify('workload:travel-agency/mysqldb')})`);
    if (!db) throw new Error('mysqldb is not drawn');
    await page.mouse.click(db.x - 40, db.y);
    const panel = page.getByTestId('graph-side-panel');
    await panel.getByTestId('edge-unknown-tcp-caller').waitFor();
    expect(await panel.textContent()).toContain('From unknown caller (no identity)');
    expect(await panel.textContent()).not.toContain('outside the mesh (');

    await page.getByRole('button', { name: 'Legend' }).click();
    const legend = page.getByTestId('graph-legend');
    await legend.getByText(/Predicted to fail \(magenta dash-dot/).waitFor();
    // A row for every look the graph's style rules give (graph-style.ts): node kinds and borders, edge health,
    // security patterns, the waypoint casing, and patterns kept short when zoomed out.
    // Each row's words, after its glyph.
    const rows = await legend.locator('li').evaluateAll((items) => items.map((item) => item.lastChild?.textContent ?? ''));
    for (const state of [
      'Workload',
      'App',
      'Service',
      'Unknown caller: no identity (outside the mesh, no sidecar, or plaintext TCP)',
      'Missing sidecar (dashed, red badge)',
      'Ambient: ztunnel carries its traffic (double ring, blue A)',
      'Healthy',
      'Degraded: 5xx above 0 %, 4xx above 10 %',
      'Failure: 5xx above 10 %, 4xx above 20 %',
      'TCP, healthy',
      'Idle',
      'Full lock, solid line: 100 % mTLS',
      'Hollow lock, dashed line: partly mTLS',
      'Open red lock, dotted line: plaintext only',
      'No lock: no data from the destination',
      'Through a waypoint (purple casing, W)',
    ]) {
      expect(rows, state).toContain(state);
    }
    // The Security rows draw what their words say: the line pattern with the lock on it.
    const security = await legend.locator('li').evaluateAll((items) =>
      items
        .filter((item) => /lock, (solid|dashed|dotted) line/.test(item.lastChild?.textContent ?? ''))
        .map((item) => [item.querySelector('line')?.getAttribute('stroke-dasharray') ?? 'solid', item.querySelector('svg[role="img"]')?.getAttribute('aria-label')]),
    );
    expect(security).toEqual([
      ['solid', 'Full lock'],
      ['8 4', 'Hollow lock'],
      ['2 2', 'Open lock'],
    ]);
    expect(await legend.getByTestId('graph-legend-zoom').textContent()).toContain('Zoomed out, dashes and dots keep their length on screen');
    await page.screenshot({ path: join(SHOTS, '11-predicted-failure-legend.png') });
    // The legend scrolls inside the graph's card: its last rows (Security) too.
    await legend.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await legend.screenshot({ path: join(SHOTS, '11b-legend-end.png') });
    expect(problems).toEqual([]);
  }, 90_000);
});
