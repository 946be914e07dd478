// Issue 15's console gaps in Debian Chromium, on the demo mesh with fixed telemetry: the navigation on a
// narrow screen, the Workloads and Services lists, the graph's controls, boxes, readable names, routed edges,
// keyboard walking, remembered settings and the node's mTLS facts, and the Istio config pages (Create for
// every kind, Paste YAML, notices, modals instead of native dialogs, quiet forms, the what-if panel's
// states, seed 001's auto mTLS note). Screenshots go to test-results/console-ui/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import type { TelemetrySource } from '../../src/telemetry/telemetry-source.js';
import { buildWebApp, replaceEditorText } from '../../src/testing/browser.js';
import { testConsole, type TestConsole } from '../../src/testing/console-server.js';
import { graphRow } from '../../src/testing/graph-rows.js';
import { tabIntoGraph, transitionsEnded } from './console-in-chromium.js';

const SHOTS = join(process.cwd(), 'test-results', 'console-ui');

/** The travel demo's calls: portal → travels → its backends, a database over TCP, and one caller without identity. */
const traffic: TelemetrySource = {
  description: 'the test telemetry',
  traffic: async (window) => ({
    rows: [
      graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
      graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false, rate: 1 }),
      graphRow({ from: 'travel-portal/viaggi', to: 'travel-agency/travels', rate: 1 }),
      graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
      ...['hotels', 'cars', 'flights', 'discounts'].map((to) => graphRow({ from: 'travel-agency/travels', to: `travel-agency/${to}`, rate: 3 })),
      graphRow({ from: 'travel-agency/hotels', to: 'travel-agency/discounts', rate: 1 }),
      graphRow({ from: 'travel-agency/cars', to: 'travel-agency/discounts', rate: 1 }),
      ...['hotels', 'cars', 'flights'].map((from) => graphRow({ from: `travel-agency/${from}`, to: 'travel-agency/mysqldb', protocol: 'tcp', bytes: 500 })),
      graphRow({ from: 'outside', to: 'travel-agency/mysqldb', protocol: 'tcp', bytes: 200, mtls: false }),
    ],
    queries: 3,
    window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(Date.now() / 1000) },
  }),
};

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-portal
spec:
  mtls:
    mode: PERMISSIVE
`;

let webRoot: string;
let browser: Browser;
const open: TestConsole[] = [];
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  webRoot = await buildWebApp();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const c of open) await c.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

async function serve(viewport: { width: number; height: number }, files: Record<string, string> = {}): Promise<{ page: Page; base: string }> {
  const c = await testConsole({ webRoot, traffic, files, watch: true });
  open.push(c);
  await c.app.listen({ port: 0, host: '127.0.0.1' });
  const address = c.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('console', (m) => (m.type() === 'error' && !m.text().startsWith('Failed to load resource') ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  // Every question is a PatternFly modal: a native dialog fails the test.
  page.on('dialog', (d) => {
    problems.push(`native dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { page, base };
}

async function shot(page: Page, name: string): Promise<void> {
  await transitionsEnded(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true });
const rendered = (page: Page) => page.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
const graphHook = <T,>(page: Page, call: string) => page.evaluate(`window.meshlockGraph.${call}`) as Promise<T>;

async function clickElement(page: Page, id: string): Promise<void> {
  const point = await page.evaluate((element) => (window as unknown as { meshlockGraph?: { point(id: string): { x: number; y: number } | null } }).meshlockGraph?.point(element) ?? null, id);
  if (!point) throw new Error(`${id} is not drawn`);
  await page.mouse.click(point.x, point.y);
}

describe('navigation below 1,200 px', () => {
  for (const width of [1152, 1024]) {
    it(`reaches the graph, readiness and certificates by clicks at ${width} px through the masthead toggle`, async () => {
      const { page, base } = await serve({ width, height: 800 });
      await page.goto(`${base}/`);
      await page.locator('tr[data-namespace="travel-agency"]').waitFor();
      // The navigation is folded away, not off the screen with no way back.
      const folded = () => page.locator('#page-sidebar').getAttribute('aria-hidden');
      expect(await folded()).toBe('true');
      const toggle = page.getByRole('button', { name: 'Navigation' });
      for (const [link, url] of [
        ['Traffic graph', '**/graph'],
        ['STRICT readiness', '**/readiness'],
        ['Certificates', '**/certificates'],
      ] as const) {
        await toggle.click();
        await nav(page, link).waitFor();
        if (link === 'Traffic graph') await shot(page, `01-navigation-open-${width}`);
        await nav(page, link).click();
        await page.waitForURL(url);
        // Following a link folds the navigation again, so the page is not covered.
        await expect.poll(folded).toBe('true');
      }
      await page.getByRole('heading', { name: 'Certificates' }).waitFor();
      expect(problems).toEqual([]);
    }, 60_000);
  }
});

describe('the overview', () => {
  // 1,200 px is the narrowest width with the side navigation beside the page (PatternFly's xl breakpoint);
  // at 1,199 px it folds behind the masthead toggle and the card gets the whole width.
  for (const viewport of [
    { width: 1440, height: 900, navigation: 'shown' },
    { width: 1280, height: 720, navigation: 'shown' },
    { width: 1200, height: 800, navigation: 'shown' },
    { width: 1199, height: 800, navigation: 'folded' },
  ]) {
    it(`shows every column inside its card at ${viewport.width}×${viewport.height} with the navigation ${viewport.navigation}, and its Istio config column leads to the namespace's objects`, async () => {
      const { page, base } = await serve(viewport);
      await page.goto(`${base}/`);
      const row = page.locator('tr[data-namespace="travel-payments"]');
      await row.waitFor();
      expect(await page.locator('#page-sidebar').getAttribute('aria-hidden')).toBe(viewport.navigation === 'shown' ? 'false' : 'true');
      // Nothing to scroll sideways: the last column is on the screen, not behind the card's edge.
      const scroller = page.locator('.ml-virtual-scroll');
      const widths = await scroller.evaluate((element) => [element.scrollWidth, element.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
      // Every badge is whole inside its cell ("Permissive ↓ inherited from mesh", Ambient, Health).
      const cutBadges = await page.locator('.ml-virtual-table tbody .pf-v6-c-label').evaluateAll((labels) =>
        labels
          .filter((label) => {
            const cell = label.closest('td');
            if (!cell) return true;
            const text = label.querySelector('.pf-v6-c-label__text');
            const contentRight = cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight);
            return label.getBoundingClientRect().right > contentRight + 1 || (text !== null && text.scrollWidth > text.clientWidth + 1);
          })
          .map((label) => label.textContent),
      );
      expect(cutBadges).toEqual([]);
      expect(await page.locator('tr[data-namespace="travel-agency"] td[data-label="mTLS"] .pf-v6-c-label__text').textContent()).toBe('Permissive ↓ inherited from mesh');
      // Whatever a cell cuts short ends in an ellipsis, with the whole text in a title on it or its cell.
      const cutWithoutTitle = await page.locator('.ml-virtual-table tbody td').evaluateAll((cells) =>
        cells.flatMap((cell) =>
          [cell, ...cell.querySelectorAll('*')]
            .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden')
            .filter((e) => e.closest('[title]')?.getAttribute('title') !== e.textContent?.trim() || !cell.contains(e.closest('[title]')))
            .map((e) => e.textContent),
        ),
      );
      expect(cutWithoutTitle).toEqual([]);
      expect(await row.locator('td[data-label="Namespace"] [title]').getAttribute('title')).toBe('travel-payments');
      expect(await row.locator('td[data-label="Decided by"]').getAttribute('title')).toBe('PeerAuthentication/travel-payments/default');
      await shot(page, `00-overview-${viewport.width}x${viewport.height}`);
      await row.getByRole('link', { name: 'Istio config of travel-payments' }).click();
      await page.waitForURL('**/istio?namespace=travel-payments');
      expect(problems).toEqual([]);
    }, 60_000);
  }
});

describe('Workloads and Services lists', () => {
  it('list every workload and service with its lock and mode, link to their pages, and keep the nav entry lit there', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 });
    await page.goto(`${base}/`);
    await nav(page, 'Workloads').click();
    const travels = page.locator('tr[data-workload="travel-agency/travels"]');
    await travels.waitFor();
    expect(await travels.locator('svg.ml-lock').getAttribute('aria-label')).toMatch(/^(Full|Hollow|Open) lock: (STRICT|PERMISSIVE|DISABLE|NONE)$/);
    expect(await page.locator('tr[data-workload="legacy/legacy-client"]').textContent()).toContain('No sidecar');
    await shot(page, '02-workloads-list');
    await travels.getByRole('link', { name: 'travels', exact: true }).click();
    await page.waitForURL('**/namespaces/travel-agency/workloads/travels');
    expect(await nav(page, 'Workloads').getAttribute('aria-current')).toBe('page');

    await nav(page, 'Services').click();
    const service = page.locator('tr[data-service="travel-agency/travels"]');
    await service.waitFor();
    expect(await service.locator('svg.ml-lock').getAttribute('aria-label')).toMatch(/^Hollow lock: PERMISSIVE$/);
    await page.getByLabel('Namespace', { exact: true }).selectOption('travel-portal');
    await expect.poll(() => page.locator('tr[data-service^="travel-agency/"]').count()).toBe(0);
    await shot(page, '03-services-list');
    await page.getByLabel('Namespace', { exact: true }).selectOption('travel-agency');
    await page.locator('tr[data-service="travel-agency/travels"]').getByRole('link', { name: 'travels', exact: true }).click();
    await page.waitForURL('**/namespaces/travel-agency/services/travels');
    expect(await nav(page, 'Services').getAttribute('aria-current')).toBe('page');
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('the traffic graph', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`fills its card at ${viewport.width}×${viewport.height} with readable names, namespace boxes and edges around nodes`, async () => {
      const { page, base } = await serve(viewport);
      await page.goto(`${base}/graph?refresh=0`);
      await rendered(page);
      const frame = await page.getByTestId('graph-canvas').boundingBox();
      expect(frame && frame.y + frame.height).toBeLessThanOrEqual(viewport.height);
      // Two toolbar rows at most (a PatternFly form control is 36 px high).
      const toolbar = await page.locator('.ml-graph-toolbar').boundingBox();
      expect(toolbar?.height ?? 999).toBeLessThan(3 * 36 + 16);
      expect(await graphHook<number>(page, 'labelPx()')).toBeGreaterThanOrEqual(11);
      expect(await page.getByTestId('graph-canvas').getAttribute('data-layout')).toBe('layered');
      expect(await graphHook<string[]>(page, 'boxes()')).toEqual(['no identity', 'travel-portal', 'travel-agency']);
      expect(await graphHook<string[]>(page, 'edgesThroughNodes()')).toEqual([]);
      await shot(page, `04-graph-${viewport.width}x${viewport.height}`);
      expect(problems).toEqual([]);
    }, 60_000);
  }

  it('zooms, fits, resets and changes layout from its controls, and remembers its settings when you come back', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 });
    await page.goto(`${base}/graph?refresh=0`);
    await rendered(page);
    // Security is on by default.
    await page.getByRole('button', { name: 'Display' }).click();
    expect(await page.getByRole('menuitem', { name: /^Security/ }).locator('input[type=checkbox]').isChecked()).toBe(true);
    await shot(page, '05a-graph-security-on-by-default');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Fit to screen' }).click();
    const fitted = await graphHook<number>(page, 'zoom()');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await graphHook<number>(page, 'zoom()')).toBeCloseTo(fitted * 1.5625, 2);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    expect(await graphHook<number>(page, 'zoom()')).toBeCloseTo(fitted * 1.25, 2);
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    expect(await graphHook<number>(page, 'zoom()')).toBeCloseTo(fitted, 2);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Reset view' }).click();
    expect(await graphHook<number>(page, 'zoom()')).toBeCloseTo(fitted, 2);

    await page.getByLabel('Layout', { exact: true }).selectOption('layered-grid');
    await expect.poll(() => page.locator('[data-testid="graph-canvas"][data-rendered="true"]').getAttribute('data-layout')).toBe('layered-grid');
    await page.getByLabel('Graph type').selectOption('service');
    await page.getByRole('button', { name: 'Display' }).click();
    await page.getByRole('menuitem', { name: /^Idle nodes/ }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Period').selectOption('5m');
    await rendered(page);
    await shot(page, '05-graph-service-grid');

    // Away through the side navigation and back: the view is as it was left.
    await nav(page, 'Overview').click();
    await page.locator('tr[data-namespace="travel-agency"]').waitFor();
    await nav(page, 'Traffic graph').click();
    await rendered(page);
    expect(await page.getByLabel('Graph type').inputValue()).toBe('service');
    expect(await page.getByLabel('Layout', { exact: true }).inputValue()).toBe('layered-grid');
    expect(await page.getByLabel('Period').inputValue()).toBe('5m');
    await page.getByRole('button', { name: 'Display' }).click();
    expect(await page.getByRole('menuitem', { name: /^Idle nodes/ }).locator('input[type=checkbox]').isChecked()).toBe(true);
    await shot(page, '05b-graph-settings-remembered');
    await page.keyboard.press('Escape');
    // A value in the URL wins over the remembered one.
    await page.goto(`${base}/graph?refresh=0&type=app`);
    await rendered(page);
    expect(await page.getByLabel('Graph type').inputValue()).toBe('app');
    expect(await page.getByLabel('Layout', { exact: true }).inputValue()).toBe('layered-grid');
    expect(problems).toEqual([]);
  }, 90_000);

  it('takes Tab into the canvas, walks nodes and edges with the arrow keys, and opens the side panel with Enter', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 });
    await page.goto(`${base}/graph?refresh=0`);
    await rendered(page);
    expect(await tabIntoGraph(page)).toBe(true);
    const canvas = page.getByTestId('graph-canvas');
    await expect.poll(() => canvas.getAttribute('data-focused')).not.toBe('');
    const first = await canvas.getAttribute('data-focused');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => canvas.getAttribute('data-focused')).not.toBe(first);
    // Walk to travels, then along its edges.
    for (let i = 0; i < 12 && (await canvas.getAttribute('data-focused')) !== 'workload:travel-agency/travels'; i++) await page.keyboard.press('ArrowRight');
    expect(await canvas.getAttribute('data-focused')).toBe('workload:travel-agency/travels');
    expect(await page.getByTestId('graph-focus-text').textContent()).toContain('workload travels in travel-agency');
    await page.keyboard.press('ArrowDown');
    expect(await canvas.getAttribute('data-focused')).toContain('workload:travel-agency/travels>');
    expect(await page.getByTestId('graph-focus-text').textContent()).toMatch(/^Edge travels to \w+, HTTP, 100% mTLS/);
    await shot(page, '06-graph-keyboard-focus-edge');
    await page.keyboard.press('Enter');
    await page.getByTestId('graph-side-panel').getByText('Edge (HTTP)').waitFor();
    // From the edge, right goes to its target; Enter opens that node.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByTestId('node-mtls').waitFor();
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a node’s mTLS facts in the side panel, unclipped', async () => {
    const { page, base } = await serve({ width: 1280, height: 720 });
    await page.goto(`${base}/graph?refresh=0`);
    await rendered(page);
    await clickElement(page, 'workload:travel-agency/travels');
    const facts = page.getByTestId('node-mtls');
    await facts.getByText('port 8000').waitFor();
    expect(await facts.textContent()).toMatch(/Permissive, decided by Istio's default/);
    expect(await facts.textContent()).toContain('spiffe://cluster.local/ns/travel-agency/sa/travels');
    // voyages sent 2 of 3 requests over mTLS, viaggi 1 of 1, outside 0 of 1: by rate, 3 of 5.
    expect(await page.getByTestId('node-mtls-share').textContent()).toContain('Received 60% over mTLS (3 inbound edges');
    const panel = page.getByTestId('graph-side-panel');
    const overflow = await panel.evaluate((element) => [...element.querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').length + (element.scrollWidth > element.clientWidth + 1 ? 1 : 0));
    expect(overflow).toBe(0);
    const table = await panel.locator('table').boundingBox();
    const box = await panel.boundingBox();
    expect(table && box && table.x + table.width).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0));
    await shot(page, '07-graph-node-mtls-facts');
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('Istio config', () => {
  it('creates any kind from the Create menu and from pasted YAML, with a notice after Create and after Delete', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 });
    await page.goto(`${base}/istio`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const options = await page.getByRole('option').allTextContents();
    for (const kind of ['PeerAuthentication', 'DestinationRule', 'AuthorizationPolicy', 'RequestAuthentication', 'VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup', 'Paste YAML']) {
      expect(options.some((o) => o.startsWith(kind)), kind).toBe(true);
    }
    await shot(page, '08-istio-create-menu');
    await page.getByRole('option', { name: /^Paste YAML/ }).scrollIntoViewIfNeeded();
    await shot(page, '08b-istio-create-menu-end');
    await page.getByRole('option', { name: /^VirtualService/ }).click();
    await page.waitForURL('**/istio/new/VirtualService');
    const template = await page.locator('.cm-content').textContent();
    expect(template).toContain('kind: VirtualService');
    await replaceEditorText(page, `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: travels-routes
  namespace: travel-agency
spec:
  hosts:
    - travels
  http:
    - route:
        - destination:
            host: travels
`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL('**/istio/travel-agency/VirtualService/travels-routes');
    await page.getByText('Created VirtualService travel-agency/travels-routes').waitFor();
    await shot(page, '09-istio-created-notice');

    // Paste YAML: any object.
    await page.goto(`${base}/istio`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('option', { name: /^Paste YAML/ }).click();
    await page.waitForURL('**/istio/new');
    await replaceEditorText(page, PA);
    await page.locator('.ml-what-if[data-what-if="current"]').waitFor();
    await shot(page, '09b-istio-paste-yaml');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL('**/istio/travel-portal/PeerAuthentication/default');
    await page.getByText('Created PeerAuthentication travel-portal/default').waitFor();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL('**/istio?namespace=travel-portal');
    await page.getByText('Deleted PeerAuthentication travel-portal/default').waitFor();
    await shot(page, '10-istio-deleted-notice');
    expect(problems).toEqual([]);
  }, 90_000);

  it('asks in a modal before Reload or leaving discards edits, and keeps a fresh form free of red', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 }, { 'portal-policy.yaml': PA });
    await page.goto(`${base}/istio/new/DestinationRule`);
    await page.getByLabel('Namespace', { exact: true }).waitFor();
    expect(await page.locator('.pf-v6-c-helper-text__item.pf-m-error').count()).toBe(0);
    await shot(page, '11-create-form-untouched');
    await page.locator('#name').fill('Not_A_Name');
    await page.getByText('A valid DestinationRule name is required').waitFor();

    await page.goto(`${base}/istio/travel-portal/PeerAuthentication/default`);
    await page.locator('.cm-content').waitFor();
    await replaceEditorText(page, PA.replace('PERMISSIVE', 'STRICT'));
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('You have unsaved changes, are you sure you want to reload?').waitFor();
    await shot(page, '12-reload-modal');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.cm-content').textContent()).toContain('mode: STRICT');
    await nav(page, 'Overview').click();
    await dialog.getByText('You have unsaved changes, are you sure you want to leave?').waitFor();
    await shot(page, '12b-leave-modal');
    await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
    await page.waitForURL(`${base}/`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('the what-if panel: nothing to compare when untouched, reset after Save, cannot compare broken YAML; an empty Save says so', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 }, { 'portal-policy.yaml': PA });
    await page.goto(`${base}/istio/travel-portal/PeerAuthentication/default`);
    await page.locator('.cm-content').waitFor();
    const panel = page.locator('.ml-what-if, [data-what-if]').first();
    await page.getByText('Nothing to compare: this is the saved object.').waitFor();
    expect(await page.getByText('Comparing the mesh').count()).toBe(0);

    await replaceEditorText(page, PA.replace('PERMISSIVE', 'DISABLE'));
    await page.locator('.ml-what-if[data-what-if="current"]').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes applied on travel-portal / PeerAuthentication / default').waitFor();
    // The answer was about the unsaved text; once saved there is nothing left to compare.
    await page.getByText('Nothing to compare: this is the saved object.').waitFor();
    expect(await page.locator('.ml-what-if[data-what-if]').count()).toBe(0);
    await shot(page, '13-what-if-after-save');

    await replaceEditorText(page, PA.replace('  mtls:\n', '  mtls:\n   - [\n'));
    await page.locator('[data-what-if="unreadable"]').waitFor();
    expect(await page.locator('[data-what-if="unreadable"]').textContent()).toMatch(/Cannot compare.*the YAML does not parse \(line \d+, column \d+\)/);
    expect(await page.getByText(/edges? change outcome/).count()).toBe(0);
    await shot(page, '14-what-if-unreadable');
    expect(await panel.count()).toBe(1);

    await replaceEditorText(page, '');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Not saved: the document is empty').waitFor();
    expect(await page.getByText('Too small').count()).toBe(0);
    await shot(page, '15-save-empty');
    expect(problems).toEqual([]);
  }, 60_000);

  it('seed 001: the ISTIO_MUTUAL DestinationRule says why KIA0206 is absent while auto mTLS is on', async () => {
    const { page, base } = await serve({ width: 1440, height: 900 });
    await page.goto(`${base}/istio/new/DestinationRule`);
    await page.getByLabel('Namespace', { exact: true }).selectOption('travel-agency');
    await page.locator('#name').fill('travel-agency-mtls');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL('**/istio/travel-agency/DestinationRule/travel-agency-mtls');
    const note = page.getByTestId('auto-mtls-note');
    await note.waitFor();
    expect(await note.textContent()).toContain('Auto mTLS is on, so this rule needs no PeerAuthentication');
    expect(await note.getByRole('link', { name: 'How auto mTLS works' }).getAttribute('href')).toContain('istio.io');
    expect(await note.getByRole('link', { name: /the mesh config/ }).getAttribute('href')).toBe('/istio/istio-system/ConfigMap/istio');
    await shot(page, '16-dr-auto-mtls-note');
    expect(problems).toEqual([]);
  }, 60_000);
});
