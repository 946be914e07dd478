// The service page in Debian Chromium, seed 003 (travel-agency STRICT): the lock and mode beside each port in
// the Network section, a mini graph of the service's callers and workloads drawn by the traffic graph's canvas
// (the refused plaintext caller as a predicted failure), and inbound callers seen in telemetry listed apart
// from those the configuration merely allows. Screenshots go to test-results/service/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import { buildWebApp, watchedPage } from '../../src/testing/browser.js';
import { testConsole, type TestConsole } from '../../src/testing/console-server.js';
import { fixedTelemetry, graphRow } from '../../src/testing/graph-rows.js';
import { strictPolicyYaml } from '../../src/testing/seed-changes.js';

const SHOTS = join(process.cwd(), 'test-results', 'service');

/** Recent windows: voyages over mTLS, viaggi half plaintext; the last day also the plaintext caller without identity. */
const traffic = fixedTelemetry(
  [
    graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
    graphRow({ from: 'travel-portal/viaggi', to: 'travel-agency/travels', rate: 1 }),
    graphRow({ from: 'travel-portal/viaggi', to: 'travel-agency/travels', mtls: false, rate: 1 }),
    graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 3 }),
  ],
  [graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false })],
);

let webRoot: string;
let browser: Browser;
let served: TestConsole | undefined;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  webRoot = await buildWebApp();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  served = await testConsole({ webRoot, traffic, files: { 'strict-agency.yaml': strictPolicyYaml('travel-agency') } });
  const base = await served.listen();
  const page = await watchedPage(browser, problems);
  await page.goto(`${base}${path}`);
  return page;
}

const hook = <T,>(page: Page, call: string) => page.evaluate((expression) => new Function(`return window.meshlockGraph.${expression}`)() as unknown, call) as Promise<T>;

describe('the service page (seed 003)', () => {
  it('shows the lock beside each port, a mini graph with the refused caller, and the callers seen apart from the possible ones', async () => {
    const page = await open('/namespaces/travel-agency/services/travels');

    // Network: the lock and mode of the workload ports behind port 8000, and who decided.
    const port = page.getByTestId('service-port').first();
    await port.waitFor();
    expect(await port.getAttribute('data-mode')).toBe('STRICT');
    // The lock's accessible name, then the mode word and the deciding object.
    expect(await port.textContent()).toBe('http 8000 → 8000 (TCP) Full lock: STRICT Strict decided by PeerAuthentication/travel-agency/default');

    // The mini graph: the callers of travels and its workload, drawn by the traffic graph's canvas.
    const graph = page.getByTestId('service-graph');
    await graph.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    expect(await graph.getAttribute('data-edges')).toBe('3');
    expect(await graph.getByTestId('graph-canvas').getAttribute('data-nodes')).toBe('4');
    expect(await hook<string[] | null>(page, `classes(${JSON.stringify('outside>workload:travel-agency/travels>http')})`)).toContain('predicted-fail');
    expect(await hook<string[] | null>(page, `classes(${JSON.stringify('workload:travel-portal/voyages>workload:travel-agency/travels>http')})`)).toContain('sec-mtls');
    // travels → hotels is hotels' traffic, not this service's.
    expect(await hook<string[] | null>(page, `classes(${JSON.stringify('workload:travel-agency/travels>workload:travel-agency/hotels>http')})`)).toBeNull();
    await graph.scrollIntoViewIfNeeded();
    const point = await hook<{ x: number; y: number } | null>(page, `point(${JSON.stringify('outside>workload:travel-agency/travels>http')})`);
    if (!point) throw new Error('the refused edge is not drawn');
    await page.mouse.click(point.x, point.y);
    await graph.getByTestId('edge-predicted-failure').waitFor();
    expect(await graph.getByTestId('edge-failure-cause').first().textContent()).toContain('set by PeerAuthentication/travel-agency/default');
    await page.screenshot({ path: join(SHOTS, '01-service-network-and-graph.png'), fullPage: true });

    // Inbound: the two callers seen, with their shares, apart from every caller the configuration allows.
    const seen = page.getByTestId('inbound-seen');
    await seen.scrollIntoViewIfNeeded();
    const seenRows = seen.locator('tbody tr');
    expect(await seenRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-peer')))).toEqual(['travel-portal/viaggi', 'travel-portal/voyages']);
    expect(await seen.locator('tr[data-peer="travel-portal/viaggi"]').textContent()).toContain('50\u00a0%');
    expect(await seen.locator('tr[data-peer="travel-portal/voyages"]').textContent()).toContain('100\u00a0%');
    const possible = page.getByTestId('inbound-possible').locator('tbody tr');
    const possibleCallers = await possible.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-peer')));
    expect(possibleCallers).toContain('travel-agency/mysqldb');
    expect(possibleCallers).not.toContain('travel-portal/voyages');
    expect(await page.getByText(/Inbound callers seen in telemetry \(2\)/).count()).toBe(1);
    await page.getByTestId('inbound-seen').screenshot({ path: join(SHOTS, '02-inbound-seen.png') });
    await page.screenshot({ path: join(SHOTS, '03-service-page-full.png'), fullPage: true });

    // The workload page lists its inbound callers the same way.
    await page.getByRole('link', { name: 'travels', exact: true }).first().click();
    await page.waitForURL(/\/workloads\/travels$/);
    const workloadSeen = page.getByTestId('inbound-seen');
    await workloadSeen.waitFor();
    expect(await workloadSeen.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-peer')))).toEqual(['travel-portal/viaggi', 'travel-portal/voyages']);
    expect(await page.getByTestId('inbound-possible').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 90_000);
});
