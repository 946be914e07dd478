// The overview's Health column in Debian Chromium (seed 001: "Kiali shows anomalies in health of both
// namespaces"): traffic answered with 5xx fails both namespaces of the call, a clean namespace is healthy, one
// without traffic says so, and an ambient namespace is judged by its traffic like any other, with its workloads
// counted as ambient in the data plane column. Screenshots go to test-results/overview/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import { AMBIENT_DEMO_FILES } from '../../src/testing/ambient-demo.js';
import { buildWebApp, watchedPage } from '../../src/testing/browser.js';
import { testConsole, type TestConsole } from '../../src/testing/console-server.js';
import { fixedTelemetry, graphRow } from '../../src/testing/graph-rows.js';

const SHOTS = join(process.cwd(), 'test-results', 'overview');

/** Seed 001's anomaly: a fifth of voyages → travels answered 503; travel-control calls itself cleanly. */
const traffic = fixedTelemetry([
  graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 4 }),
  graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', code: '503', rate: 1 }),
  graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 3 }),
  graphRow({ from: 'travel-control/control', to: 'travel-control/control', rate: 1 }),
]);

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

describe('the overview’s Health column', () => {
  it('shows the 5xx anomaly in both namespaces, healthy and idle ones, and ambient workloads beside it', async () => {
    served = await testConsole({ webRoot, traffic, files: AMBIENT_DEMO_FILES });
    const base = await served.listen();
    const page = await watchedPage(browser, problems, { width: 1440, height: 900 });
    await page.goto(`${base}/`);

    const row = (namespace: string) => page.locator(`tr[data-namespace="${namespace}"]`);
    await row('travel-agency').locator('td[data-label="Health"]').getByText('Failure').waitFor();
    const health = async (namespace: string) => [await row(namespace).getAttribute('data-health'), (await row(namespace).locator('td[data-label="Health"]').textContent())?.trim()];
    expect(await health('travel-agency')).toEqual(['failure', 'Failure']);
    expect(await health('travel-portal')).toEqual(['failure', 'Failure']);
    expect(await health('travel-control')).toEqual(['healthy', 'Healthy']);
    expect(await health('legacy')).toEqual(['', 'No traffic']);
    // travel-agency runs in ambient: its data plane column counts ambient workloads, not missing sidecars.
    expect(await row('travel-agency').locator('td[data-label="Data plane"]').textContent()).toMatch(/\d+ ambient/);
    expect(await row('travel-agency').getAttribute('data-dataplanes')).toMatch(/^0\/\d+\/0$/);

    // The tooltip says what was judged.
    await row('travel-agency').locator('td[data-label="Health"] [tabindex="0"]').hover();
    await page.getByText(/Last 10m: 1 failure, 1 healthy/).waitFor();
    // The tooltip is in the page, transparent, until its entry delay has passed and it has faded in.
    await expect.poll(() => page.locator('.pf-v6-c-tooltip').evaluate((tooltip) => getComputedStyle(tooltip).opacity)).toBe('1');
    await page.screenshot({ path: join(SHOTS, '01-overview-health.png') });
    expect(problems).toEqual([]);
  }, 90_000);
});
