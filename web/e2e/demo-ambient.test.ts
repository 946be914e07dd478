// The demo as shipped (what `serve --demo` shows) in Debian Chromium: its ambient namespace travel-payments on
// the overview (badge, full lock, workloads counted as ambient beside the sidecar namespaces) and on its own page
// (the reason, ztunnel's STRICT lock per workload, ledger's waypoint bound through its Service only).
// Screenshots go to test-results/demo-ambient/.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleInChromium } from './console-in-chromium.js';

const SHOTS = join(process.cwd(), 'test-results', 'demo-ambient');
const NAMESPACE = 'travel-payments';

const chromium = consoleInChromium(SHOTS);
const { problems } = chromium;

describe('the demo’s ambient namespace in the console', () => {
  it('overview: travel-payments is ambient with a full lock, beside the sidecar namespaces', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/`);
    const row = page.locator(`tr[data-namespace="${NAMESPACE}"]`);
    await row.waitFor();
    expect(await page.locator('tr[data-namespace]').count()).toBe(6);
    expect(await row.getAttribute('data-dataplanes')).toBe('0/2/0');
    expect(await row.getAttribute('data-lock')).toBe('full');
    expect(await row.getByTestId('dataplane-badge').textContent()).toBe('Ambient');
    expect(await row.textContent()).toContain('2 ambient');
    expect(await page.locator('tr[data-namespace="travel-agency"]').getAttribute('data-lock')).toBe('hollow');
    expect(await page.locator('tr[data-namespace="travel-agency"]').getByTestId('dataplane-badge').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '01-overview.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  it('namespace page: the reason, STRICT at ztunnel for both workloads, no namespace-wide waypoint', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/namespaces/${NAMESPACE}`);
    const reason = page.getByTestId('namespace-ambient-reason');
    await reason.waitFor();
    expect(await reason.textContent()).toBe('ambient: namespace label istio.io/dataplane-mode=ambient');
    expect(await page.getByTestId('namespace-dataplane-counts').textContent()).toBe('2 ambient');
    // The waypoint binds the Service ledger, not the namespace or the pods.
    expect(await page.getByTestId('namespace-waypoint').count()).toBe(0);
    for (const workload of ['payments', 'ledger']) {
      const row = page.locator(`tr[data-workload="${workload}"]`);
      expect(await row.getAttribute('data-dataplane')).toBe('ambient');
      expect(await row.getByRole('img', { name: 'Full lock: port 8000 is STRICT' }).count()).toBe(1);
    }
    await page.screenshot({ path: join(SHOTS, '02-namespace.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);
});
