// The traffic graph in Debian Chromium on the demo mesh with fixed telemetry: Display → Security, a click on
// an edge and its mTLS share in the side panel (with the principals and the predicted outcome), Find/Hide
// presets, the legend, and a telemetry failure shown above the configured workloads. Screenshots go to
// test-results/graph/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import type { TelemetrySource } from '../../src/telemetry/telemetry-source.js';
import { buildWebApp } from '../../src/testing/browser.js';
import { testConsole, type TestConsole } from '../../src/testing/console-server.js';
import { graphRow } from '../../src/testing/graph-rows.js';

const SHOTS = join(process.cwd(), 'test-results', 'graph');
const VOYAGES_TO_TRAVELS = 'workload:travel-portal/voyages>workload:travel-agency/travels>http';

const observed: TelemetrySource = {
  description: 'the test telemetry',
  traffic: async (window) => ({
    rows: [
      graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
      graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false, rate: 1 }),
      graphRow({ from: 'travel-portal/viaggi', to: 'travel-agency/travels', rate: 1 }),
      graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
      graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 3 }),
      graphRow({ from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', protocol: 'tcp', bytes: 500 }),
      graphRow({ from: 'travel-portal/travels', to: 'travel-agency/travels', reporter: 'source', code: '503', flags: 'UC' }),
    ],
    queries: 3,
    window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(Date.now() / 1000) },
  }),
};

let webRoot: string;
let browser: Browser;
const open: TestConsole[] = [];
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  webRoot = await buildWebApp();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const c of open) await c.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

async function serve(traffic: TelemetrySource): Promise<{ page: Page; base: string }> {
  const c = await testConsole({ webRoot, traffic });
  open.push(c);
  await c.app.listen({ port: 0, host: '127.0.0.1' });
  const address = c.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 960 } })).newPage();
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, base };
}

const rendered = (page: Page) => page.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });

async function clickElement(page: Page, id: string): Promise<void> {
  // window.meshlockGraph is the page's hook (graph-canvas.tsx): where an element is drawn.
  const point = await page.evaluate((element) => (window as unknown as { meshlockGraph?: { point(id: string): { x: number; y: number } | null } }).meshlockGraph?.point(element) ?? null, id);
  if (!point) throw new Error(`${id} is not drawn`);
  await page.mouse.click(point.x, point.y);
}

describe('the traffic graph in a browser', () => {
  it('Display → Security, click an edge: the side panel shows its mTLS share, principals and predicted outcome', async () => {
    const { page, base } = await serve(observed);
    await page.goto(`${base}/graph?namespaces=travel-agency,travel-portal&refresh=0`);
    await rendered(page);
    await page.getByRole('link', { name: 'Traffic graph' }).waitFor();
    expect(await page.getByTestId('graph-canvas').getAttribute('data-layout')).toBe('layered');

    // Display → Security is on without asking.
    await page.getByRole('button', { name: 'Display' }).click();
    expect(await page.getByRole('menuitem', { name: /^Security/ }).locator('input[type=checkbox]').isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByText('Partly mTLS: 1').waitFor();
    await page.screenshot({ path: join(SHOTS, '01-security-display.png') });

    await clickElement(page, VOYAGES_TO_TRAVELS);
    const share = page.getByTestId('edge-mtls-share');
    await share.waitFor();
    expect(await share.textContent()).toContain('66.7% mTLS of the requests the destination received in the last 10m; 33.3% plaintext');
    const panel = page.getByTestId('graph-side-panel');
    expect(await panel.textContent()).toContain('spiffe://cluster.local/ns/travel-portal/sa/voyages');
    expect(await panel.getByTestId('edge-prediction').first().textContent()).toContain('mTLS');
    expect(await panel.getByTestId('edge-mismatch').textContent()).toContain('33.3% arrived in plaintext');
    await page.screenshot({ path: join(SHOTS, '02-edge-side-panel.png') });

    // The rejected edge: no mTLS data (never a 0 %), its errors and the client's flags.
    await clickElement(page, 'workload:travel-portal/travels>workload:travel-agency/travels>http');
    await panel.getByText('No mTLS data.').waitFor();
    expect(await panel.textContent()).toContain('100% errors');
    expect(await panel.textContent()).toContain('UC');

    await clickElement(page, 'outside');
    await panel.getByText('Unknown caller (no identity)', { exact: true }).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);

  it('Find and Hide presets, the legend, and errors in an expression', async () => {
    const { page, base } = await serve(observed);
    await page.goto(`${base}/graph?namespaces=travel-agency,travel-portal&refresh=0`);
    await rendered(page);
    await page.getByRole('button', { name: 'Find presets' }).click();
    await page.getByRole('option', { name: /Plaintext edges/ }).click();
    await page.waitForURL(/find=plaintext/);
    // A security operand needs the Security display (on by default), and says so.
    await page.getByText('Display → Security is on for this Find/Hide expression.').waitFor();
    await page.getByRole('button', { name: 'Legend' }).click();
    await page.getByTestId('graph-legend').getByText('Hollow lock, dashed line: partly mTLS').waitFor();
    await page.screenshot({ path: join(SHOTS, '03-find-plaintext-legend.png') });

    await page.getByLabel('Hide', { exact: true }).fill('mtls AND namespace = a');
    await page.getByLabel('Hide', { exact: true }).press('Enter');
    await page.getByText('an expression tests nodes or edges, not both').waitFor();
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a telemetry failure above the configured workloads instead of a blank page', async () => {
    const { page, base } = await serve({ description: 'Prometheus at http://127.0.0.1:9', traffic: () => Promise.reject(new Error('Prometheus at http://127.0.0.1:9 did not answer within 10 s')) });
    await page.goto(`${base}/graph?namespaces=legacy&refresh=0`);
    await page.getByText('Could not read traffic from Prometheus at http://127.0.0.1:9').waitFor();
    await rendered(page);
    expect(await page.getByTestId('graph-canvas').getAttribute('data-nodes')).toBe('1');
    await page.screenshot({ path: join(SHOTS, '04-telemetry-error.png') });
    expect(problems).toEqual([]);
  }, 60_000);
});
