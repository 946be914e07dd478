// The graph's canvas on a graph above the large-graph threshold (2,000 nodes and edges), in Debian Chromium:
// no edge runs through a node, clicks pick nodes and edges, the keyboard walks them, the wheel zooms at the
// pointer (names and arrows come with it), a drag moves the drawn graph, and Find / Hide mark and remove what
// they match. Screenshots go
// to test-results/graph-large/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixedTelemetry, graphRow } from '../../src/testing/graph-rows.js';
import type { TrafficRow } from '../../src/core/index.js';
import { consoleInChromium, tabIntoGraph } from './console-in-chromium.js';

const SHOTS = join(process.cwd(), 'test-results', 'graph-large');
const NAMESPACES = 60;
const WORKLOADS = 10;

const name = (ns: number, w: number) => `mesh-${String(ns).padStart(2, '0')}/w-${w}`;
const nodeId = (ns: number, w: number) => `workload:${name(ns, w)}`;
const edgeId = (from: string, to: string) => `workload:${from}>workload:${to}>http`;

/**
 * 600 workloads in call chains inside their namespace and across to the next one: 2,040 edges, every 7th
 * plaintext only, every 5th partly mTLS (one request of two), the rest mTLS.
 */
function meshTraffic(): { rows: TrafficRow[]; plaintext: string[]; mtls: string[] } {
  const rows: TrafficRow[] = [];
  const plaintext: string[] = [];
  const mtls: string[] = [];
  let k = 0;
  const call = (from: string, to: string) => {
    k++;
    if (k % 7 === 0) {
      rows.push(graphRow({ from, to, mtls: false }));
      plaintext.push(edgeId(from, to));
    } else if (k % 5 === 0) rows.push(graphRow({ from, to }), graphRow({ from, to, mtls: false }));
    else {
      rows.push(graphRow({ from, to, rate: 2 }));
      mtls.push(edgeId(from, to));
    }
  };
  for (let ns = 0; ns < NAMESPACES; ns++) {
    for (let w = 0; w < WORKLOADS; w++) {
      if (w + 1 < WORKLOADS) call(name(ns, w), name(ns, w + 1));
      if (w + 2 < WORKLOADS) call(name(ns, w), name(ns, w + 2));
      if (w + 3 < WORKLOADS) call(name(ns, w), name(ns, w + 3));
      call(name(ns, w), name((ns + 1) % NAMESPACES, w));
    }
  }
  return { rows, plaintext, mtls };
}

/** The same workloads as configuration, so their side panels have something to show. */
function meshFiles(): string {
  const documents: string[] = [];
  for (let ns = 0; ns < NAMESPACES; ns++) {
    const namespace = name(ns, 0).split('/')[0] ?? '';
    documents.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n  labels:\n    istio-injection: enabled`);
    for (let w = 0; w < WORKLOADS; w++) {
      const labels = `app: w-${w}\n        version: v1`;
      documents.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w-${w}\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels:\n      app: w-${w}\n  template:\n    metadata:\n      labels:\n        ${labels}\n    spec:\n      serviceAccountName: w-${w}\n      containers:\n        - name: app\n          image: app:v1\n          ports:\n            - containerPort: 8000`,
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: w-${w}\n  namespace: ${namespace}\nspec:\n  selector:\n    app: w-${w}\n  ports:\n    - name: http\n      port: 8000`,
      );
    }
  }
  return documents.join('\n---\n') + '\n';
}

const traffic = meshTraffic();
const chromium = consoleInChromium(SHOTS, { traffic: fixedTelemetry(traffic.rows), files: { 'large-mesh.yaml': meshFiles() } });
const { problems } = chromium;

const hook = <T,>(page: Page, call: string) => page.evaluate((expression) => new Function(`return window.meshlockGraph.${expression}`)() as unknown, call) as Promise<T>;
const point = async (page: Page, id: string) => {
  const at = await hook<{ x: number; y: number } | null>(page, `point(${JSON.stringify(id)})`);
  if (!at) throw new Error(`${id} is not in the graph`);
  return at;
};
const classes = (page: Page, id: string) => hook<string[] | null>(page, `classes(${JSON.stringify(id)})`);
const canvas = (page: Page) => page.getByTestId('graph-canvas');
const rendered = (page: Page) => page.locator('[data-testid="graph-canvas"][data-rendered="true"]').waitFor({ timeout: 60_000 });

/** The colour drawn on the canvas at a page point: [r, g, b, alpha]; alpha 0 where nothing is drawn. */
const pixelAt = (page: Page, at: { x: number; y: number }) =>
  page.evaluate(([x, y]) => {
    const element = document.querySelector<HTMLCanvasElement>('.ml-graph-canvas');
    const box = element?.getBoundingClientRect();
    const data = element?.getContext('2d')?.getImageData(Math.round(x - (box?.left ?? 0)), Math.round(y - (box?.top ?? 0)), 1, 1).data;
    return data ? Array.from(data) : [];
  }, [at.x, at.y] as const);

async function openGraph(query = ''): Promise<Page> {
  const page = await chromium.newPage({ width: 1440, height: 900 });
  await page.goto(`${chromium.base}/graph?refresh=0${query}`);
  await rendered(page);
  return page;
}

/** Zooms with the wheel at a graph element until names show; the element stays under the pointer. */
async function zoomInAt(page: Page, id: string): Promise<void> {
  const at = await point(page, id);
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < 30 && (await hook<number>(page, 'zoom()')) < 1.2; i++) await page.mouse.wheel(0, -300);
  // The wheel rests, and the graph is drawn again at the new zoom.
  await page.waitForTimeout(400);
}

describe('the graph canvas above the large-graph threshold', () => {
  it('draws 600 nodes and 2,040 edges without names at the fitted zoom, and a click picks a node and an edge', async () => {
    const page = await openGraph();
    expect(Number(await canvas(page).getAttribute('data-nodes'))).toBe(NAMESPACES * WORKLOADS);
    expect(Number(await canvas(page).getAttribute('data-edges'))).toBe(2040);
    expect(await hook<number | null>(page, 'labelPx()')).toBeNull();
    expect(await classes(page, nodeId(3, 4))).not.toContain('named');
    // Something is drawn where a node is.
    expect((await pixelAt(page, await point(page, nodeId(3, 4))))[3]).toBeGreaterThan(0);
    // The grid routes every edge round the nodes (drawn straight, w-0 → w-2 ran through w-1: 5,298 times).
    expect(await hook<string[]>(page, 'edgesThroughNodes()')).toEqual([]);
    await canvas(page).screenshot({ path: join(SHOTS, '01-fitted.png') });

    const at = await point(page, nodeId(3, 4));
    await page.mouse.click(at.x, at.y);
    const panel = page.getByTestId('graph-side-panel');
    await panel.getByTestId('node-mtls').waitFor();
    expect(await panel.textContent()).toContain('w-4');

    // An edge is easier to hit zoomed in, where lines stand apart: this one runs from one namespace's block to
    // the next one's.
    const edge = edgeId(name(2, 5), name(3, 5));
    await zoomInAt(page, edge);
    const middle = await point(page, edge);
    await page.mouse.click(middle.x, middle.y);
    await panel.getByText('Edge (HTTP)').waitFor();
    expect(await panel.textContent()).toContain('From w-5 (mesh-02)To w-5 (mesh-03)');
    await canvas(page).screenshot({ path: join(SHOTS, '02-edge-selected.png') });
    expect(problems).toEqual([]);
  }, 90_000);

  it('zooms at the pointer with the wheel, with names and arrows once close, and a drag moves the drawn graph', async () => {
    const page = await openGraph();
    const target = nodeId(30, 5);
    const fitted = await hook<number>(page, 'zoom()');
    // Three notches double the zoom, and the point under the pointer stays put (the mouse is at whole pixels,
    // so the node's centre may be half a pixel off it, doubled).
    const before = await point(page, target);
    await page.mouse.move(Math.round(before.x), Math.round(before.y));
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
    expect(await hook<number>(page, 'zoom()')).toBeCloseTo(fitted * 2, 4);
    const doubled = await point(page, target);
    expect(Math.abs(doubled.x - before.x)).toBeLessThan(1.5);
    expect(Math.abs(doubled.y - before.y)).toBeLessThan(1.5);
    await zoomInAt(page, target);
    const zoom = await hook<number>(page, 'zoom()');
    expect(zoom).toBeGreaterThan(1.2);
    const after = await point(page, target);
    expect(await hook<number | null>(page, 'labelPx()')).toBeGreaterThanOrEqual(11);
    expect(await classes(page, target)).toContain('named');
    expect(await classes(page, edgeId(name(30, 5), name(30, 6)))).toContain('arrows');
    await canvas(page).screenshot({ path: join(SHOTS, '03-zoomed-in-names-arrows.png') });

    // Drag from empty ground (between rows) by (150, -80): the node moves as much, and is drawn there.
    const start = { x: after.x, y: after.y + 35 * zoom };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + 15 * i, start.y - 8 * i);
    const during = await point(page, target);
    expect(Math.round(during.x - after.x)).toBe(150);
    expect(Math.round(during.y - after.y)).toBe(-80);
    await page.mouse.up();
    await page.waitForTimeout(200);
    expect((await pixelAt(page, during))[3]).toBeGreaterThan(0);
    // A drag is not a click: nothing was selected.
    expect(await page.getByTestId('graph-side-panel').getByTestId('node-mtls').count()).toBe(0);
    await canvas(page).screenshot({ path: join(SHOTS, '04-panned.png') });

    await page.getByRole('button', { name: 'Fit to screen' }).click();
    expect(await hook<number>(page, 'zoom()')).toBeCloseTo(fitted, 4);
    expect(problems).toEqual([]);
  }, 90_000);

  it('takes Tab into the canvas and walks nodes and edges with the arrow keys, keeping the focus in view', async () => {
    const page = await openGraph();
    expect(await tabIntoGraph(page)).toBe(true);
    await expect.poll(() => canvas(page).getAttribute('data-focused')).not.toBe('');
    const first = await canvas(page).getAttribute('data-focused');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => canvas(page).getAttribute('data-focused')).not.toBe(first);
    await page.keyboard.press('ArrowDown');
    const edge = (await canvas(page).getAttribute('data-focused')) ?? '';
    expect(edge).toContain('>');
    expect(await page.getByTestId('graph-focus-text').textContent()).toMatch(/^Edge w-\d to w-\d, HTTP, [\d.]+% mTLS/);
    expect(await classes(page, edge)).toContain('kbd-focus');
    // Zoomed in far, then walking on: the focused element is brought into view.
    await zoomInAt(page, edge);
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    const focused = (await canvas(page).getAttribute('data-focused')) ?? '';
    const at = await point(page, focused);
    const box = await canvas(page).boundingBox();
    expect(box && at.x > box.x && at.x < box.x + box.width && at.y > box.y && at.y < box.y + box.height).toBe(true);
    await canvas(page).screenshot({ path: join(SHOTS, '05-keyboard-focus.png') });
    await page.keyboard.press('Enter');
    await page.getByTestId('node-mtls').waitFor();
    expect(problems).toEqual([]);
  }, 90_000);

  it('marks what Find matches and removes what Hide matches, and a click no longer picks a hidden node', async () => {
    const [plaintext = '', mtls = ''] = [traffic.plaintext[0], traffic.mtls[0]];
    const page = await openGraph(`&find=${encodeURIComponent('plaintext = 100')}`);
    expect(await classes(page, plaintext)).toContain('found');
    expect(await classes(page, mtls)).not.toContain('found');
    await canvas(page).screenshot({ path: join(SHOTS, '06-find-plaintext.png') });

    await page.getByLabel('Hide', { exact: true }).fill('name = w-4');
    await page.getByLabel('Hide', { exact: true }).press('Enter');
    await expect.poll(() => classes(page, nodeId(7, 4))).toContain('hidden');
    expect(await classes(page, nodeId(7, 5))).not.toContain('hidden');
    expect(await classes(page, edgeId(name(7, 4), name(7, 5)))).toContain('hidden');
    await zoomInAt(page, nodeId(7, 4));
    const at = await point(page, nodeId(7, 4));
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(200);
    expect(await page.getByTestId('graph-side-panel').getByTestId('node-mtls').count()).toBe(0);
    await canvas(page).screenshot({ path: join(SHOTS, '07-hidden.png') });
    expect(problems).toEqual([]);
  }, 90_000);
});
