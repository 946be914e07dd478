// Ambient mode in Debian Chromium, on the demo mesh with travel-agency in ambient (src/testing/ambient-demo.ts):
// the overview counts workloads per data plane with the ambient badge, the namespace and workload pages show
// the badge with the server's reason, ztunnel's STRICT lock and the waypoint, the workloads list and security
// posture badge ambient workloads instead of "no sidecar", and the graph marks ambient
// nodes and draws the edge through the waypoint as such. Screenshots go to test-results/ambient/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TelemetrySource } from '../../src/telemetry/telemetry-source.js';
import { AMBIENT_DEMO_FILES, AMBIENT_NAMESPACE, AMBIENT_WAYPOINT } from '../../src/testing/ambient-demo.js';
import { consoleInChromium } from './console-in-chromium.js';
import { graphRow } from '../../src/testing/graph-rows.js';

const SHOTS = join(process.cwd(), 'test-results', 'ambient');
const THROUGH_WAYPOINT = 'workload:travel-agency/travels>workload:travel-agency/hotels>http';
const SIDECAR_TO_AMBIENT = 'workload:travel-portal/voyages>workload:travel-agency/travels>http';

/** Traffic as ztunnel and the waypoint would report it: every hop over mTLS. */
const observed: TelemetrySource = {
  description: 'the test telemetry',
  traffic: async (window) => ({
    rows: [
      graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
      graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 3 }),
      graphRow({ from: 'travel-agency/travels', to: 'travel-agency/flights', rate: 1 }),
      graphRow({ from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', protocol: 'tcp', bytes: 500 }),
    ],
    queries: 1,
    window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(Date.now() / 1000) },
  }),
};

const chromium = consoleInChromium(SHOTS, { files: AMBIENT_DEMO_FILES, traffic: observed });
const { problems } = chromium;

/** The graph page's hook (graph-canvas.tsx): where an element is drawn and the classes it is drawn with. */
interface GraphHook {
  point(id: string): { x: number; y: number } | null;
  classes(id: string): string[] | null;
}
async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((element) => (window as unknown as { meshlockGraph?: GraphHook }).meshlockGraph?.point(element) ?? null, id);
  if (!point) throw new Error(`${id} is not drawn`);
  return point;
}

describe('ambient mode in the console', () => {
  it('overview: the ambient namespace has its badge (the reason and waypoint on hover) and its workloads counted per data plane', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/`);
    const row = page.locator(`tr[data-namespace="${AMBIENT_NAMESPACE}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-dataplanes')).toBe('0/7/0');
    expect(await row.getAttribute('data-lock')).toBe('full');
    expect(await row.getByTestId('dataplane-badge').textContent()).toBe('Ambient');
    expect(await row.textContent()).toContain('7 ambient');
    await row.getByTestId('dataplane-badge').hover();
    await page.getByText(`ambient: namespace label istio.io/dataplane-mode=ambient; waypoint ${AMBIENT_WAYPOINT}`).waitFor();
    const portal = page.locator('tr[data-namespace="travel-portal"]');
    expect(await portal.textContent()).toContain('3 sidecar');
    expect(await portal.getByTestId('dataplane-badge').count()).toBe(0);
    expect(await page.locator('tr[data-namespace="legacy"]').textContent()).toContain('1 none');
    await page.screenshot({ path: join(SHOTS, '01-overview.png') });
    expect(problems).toEqual([]);
  }, 60_000);

  it('namespace page: badge with its reason, the waypoint, ztunnel\'s STRICT lock per workload', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/namespaces/${AMBIENT_NAMESPACE}`);
    const reason = page.getByTestId('namespace-ambient-reason');
    await reason.waitFor();
    expect(await reason.textContent()).toBe('ambient: namespace label istio.io/dataplane-mode=ambient');
    expect(await page.getByTestId('namespace-waypoint').textContent()).toContain(`waypoint ${AMBIENT_WAYPOINT} namespace travel-agency's istio.io/use-waypoint=waypoint binds waypoint ${AMBIENT_WAYPOINT}`);
    expect(await page.getByTestId('namespace-dataplane-counts').textContent()).toBe('7 ambient');
    const travels = page.locator('tr[data-workload="travels"]');
    expect(await travels.getAttribute('data-dataplane')).toBe('ambient');
    expect(await travels.getByTestId('waypoint-badge').textContent()).toBe(`waypoint ${AMBIENT_WAYPOINT}`);
    expect(await travels.getByRole('img', { name: 'Full lock: port 8000 is STRICT' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, '02-namespace.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  it('workload page: the ambient badge with the reason, the waypoint with why it binds, and the STRICT port from ztunnel', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/namespaces/${AMBIENT_NAMESPACE}/workloads/travels`);
    const dataplane = page.getByTestId('workload-dataplane');
    await dataplane.waitFor();
    expect(await dataplane.textContent()).toBe('Ambient namespace travel-agency is labelled istio.io/dataplane-mode=ambient: istio-cni redirects its traffic to ztunnel');
    expect(await page.getByTestId('workload-waypoint').textContent()).toContain(`waypoint ${AMBIENT_WAYPOINT} namespace travel-agency's istio.io/use-waypoint=waypoint binds waypoint ${AMBIENT_WAYPOINT}`);
    const port = page.locator('tr[data-port="8000"]');
    expect(await port.textContent()).toContain('Strict');
    expect(await port.textContent()).toContain('PeerAuthentication/travel-agency/default');
    expect(await page.getByText('spiffe://cluster.local/ns/travel-agency/sa/travels').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, '03-workload.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  it('workloads list and security posture: ambient workloads carry the Ambient badge, not "no sidecar"', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/workloads`);
    const travels = page.locator(`tr[data-workload="${AMBIENT_NAMESPACE}/travels"]`);
    await travels.waitFor();
    expect(await travels.getByTestId('dataplane-badge').textContent()).toBe('Ambient');
    expect(await travels.textContent()).toContain('Strict');
    await page.screenshot({ path: join(SHOTS, '04-workloads-list.png') });
    await page.goto(`${chromium.base}/security`);
    await page.getByLabel('Filter by namespace or workload').fill(AMBIENT_NAMESPACE);
    const ambient = page.locator('[data-testid="dataplane-badge"][data-dataplane="ambient"]');
    await ambient.first().waitFor();
    // Every workload and port row of the namespace on the page is ambient; none reads as missing its sidecar.
    expect(await ambient.count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('[data-testid="dataplane-badge"]:not([data-dataplane="ambient"])').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '05-security-posture.png') });
    expect(problems).toEqual([]);
  }, 60_000);

  it('graph: ambient nodes are marked, the edge through the waypoint is drawn as such, and the side panel names the waypoint', async () => {
    const page = await chromium.newPage();
    await page.goto(`${chromium.base}/graph?namespaces=travel-agency,travel-portal&refresh=0`);
    await page.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    const classes = (id: string) => page.evaluate((element) => (window as unknown as { meshlockGraph?: GraphHook }).meshlockGraph?.classes(element) ?? null, id);
    expect(await classes(THROUGH_WAYPOINT)).toContain('waypoint');
    expect(await classes(SIDECAR_TO_AMBIENT)).not.toContain('waypoint');
    expect(await classes('workload:travel-agency/hotels')).toContain('ambient');
    expect(await classes('workload:travel-portal/voyages')).not.toContain('ambient');
    // Ambient workloads have no sidecar, and are no "missing sidecar".
    expect(await classes('workload:travel-agency/hotels')).not.toContain('no-sidecar');
    await page.screenshot({ path: join(SHOTS, '06-graph.png') });
    await page.getByTestId('graph-canvas').screenshot({ path: join(SHOTS, '07-graph-canvas.png') });

    const point = await pointOf(page, THROUGH_WAYPOINT);
    await page.mouse.click(point.x, point.y);
    const panel = page.getByTestId('graph-side-panel');
    const waypoint = panel.getByTestId('edge-waypoint');
    await waypoint.waitFor();
    expect(await waypoint.getByTestId('waypoint-badge').textContent()).toBe(`waypoint ${AMBIENT_WAYPOINT}`);
    expect(await panel.getByTestId('edge-prediction').first().textContent()).toContain(`through waypoint ${AMBIENT_WAYPOINT}, the server is STRICT`);
    await page.screenshot({ path: join(SHOTS, '08-graph-waypoint-edge.png') });

    const node = await pointOf(page, 'workload:travel-agency/hotels');
    await page.mouse.click(node.x, node.y);
    const facts = panel.getByTestId('node-dataplane');
    await facts.waitFor();
    expect(await facts.textContent()).toBe(`Data plane: Ambient waypoint ${AMBIENT_WAYPOINT}`);
    await panel.getByText('Missing sidecar', { exact: true }).waitFor({ state: 'detached' });
    await page.screenshot({ path: join(SHOTS, '09-graph-ambient-node.png') });

    await page.getByRole('button', { name: 'Legend' }).click();
    await page.getByTestId('graph-legend').getByText('Through a waypoint (purple casing, W)').waitFor();
    await page.screenshot({ path: join(SHOTS, '10-graph-legend.png') });
    expect(problems).toEqual([]);
  }, 90_000);
});
