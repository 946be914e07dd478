// The console in Debian Chromium beyond the seed: keyboard use, text alternatives of locks, live markers
// while typing, a refused save placed at its line, delete with confirmation, posture export, read-only mode.
// Screenshots go to test-results/console/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import { buildWebApp, replaceEditorText } from '../../src/testing/browser.js';
import { testConsole, type TestConsole } from '../../src/testing/console-server.js';

const SHOTS = join(process.cwd(), 'test-results', 'console');
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
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const c of open) await c.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

async function serve(options: { viewOnly?: boolean; files?: Record<string, string> } = {}): Promise<{ c: TestConsole; page: Page; base: string }> {
  const c = await testConsole({ webRoot, watch: true, ...options });
  open.push(c);
  await c.app.listen({ port: 0, host: '127.0.0.1' });
  const address = c.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  // The browser logs refused requests (the 400 of an invalid save) as errors; those are expected here.
  page.on('console', (m) => (m.type() === 'error' && !m.text().startsWith('Failed to load resource') ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  return { c, page, base };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const focused = (page: Page) => page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', label: document.activeElement?.getAttribute('aria-label') ?? '' }));

describe('the console in a browser', () => {
  it('can be used with the keyboard, and every lock has a text alternative', async () => {
    const { page, base } = await serve();
    await page.goto(`${base}/`);
    await page.locator('tr[data-namespace="travel-agency"]').waitFor();
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // From the main content, Tab reaches the namespace links; Enter follows one.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)).text === 'travel-agency';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/namespaces/travel-agency');
    await page.getByRole('heading', { name: 'Namespace travel-agency' }).waitFor();
    await page.locator('tr[data-workload="travels"]').waitFor();

    for (const path of ['/', '/namespaces/travel-agency', '/namespaces/travel-agency/workloads/travels', '/security']) {
      await page.goto(`${base}${path}`);
      await page.locator('svg.ml-lock').first().waitFor();
      const labels = await page.locator('svg.ml-lock').evaluateAll((icons) => icons.map((i) => [i.getAttribute('role'), i.getAttribute('aria-label')]));
      expect(labels.length).toBeGreaterThan(0);
      for (const [role, label] of labels) {
        expect(role).toBe('img');
        expect(label).toMatch(/^(Mesh: )?(Full|Hollow|Open) lock/);
      }
    }
    // The masthead lock explains itself on keyboard focus too.
    await page.locator('.ml-masthead-lock').focus();
    await page.getByText('Minimum TLS version: TLSV1_2').waitFor();
    await shot(page, '01-security-posture-masthead-tooltip');
    expect(problems).toEqual([]);
  }, 30_000);

  it('marks while typing, refuses an invalid save at its line, and deletes after confirmation', async () => {
    const { page, base } = await serve({ files: { 'portal-policy.yaml': PA } });
    await page.goto(`${base}/istio/travel-portal/PeerAuthentication/default`);
    await page.locator('.cm-content').waitFor();
    await page.getByText('No issues found').waitFor();

    // A misspelt key is marked as soon as typing stops, from the server's validation of the unsaved text.
    await replaceEditorText(page, PA.replace('  mtls:', '  mtlss:'));
    const marked = page.locator('.cm-line[data-marker="error"]');
    await marked.first().waitFor();
    expect(await marked.first().textContent()).toContain('mtlss:');
    await expect.poll(() => page.locator('.ml-problem').first().textContent()).toContain('Line 7:3');
    await shot(page, '02-live-marker-unknown-field');

    // The problems list moves the cursor to the line.
    await page.locator('.ml-problem').first().getByRole('button').click();
    expect(await page.locator('.cm-activeLine').textContent()).toContain('mtlss:');

    // Fixing the text clears the marker before anything is saved.
    await replaceEditorText(page, PA.replace('PERMISSIVE', 'STRIKT'));
    await expect.poll(() => page.locator('.ml-problem').first().textContent()).toContain('Line 8:11');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Not saved: the YAML is invalid (line 8, column 11)').waitFor();
    await shot(page, '03-save-refused-at-line');

    await replaceEditorText(page, PA.replace('PERMISSIVE', 'STRICT'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes applied on travel-portal / PeerAuthentication / default').waitFor();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText("Are you sure you want to delete the PeerAuthentication 'default'?").waitFor();
    await shot(page, '04-delete-confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL('**/istio?namespace=travel-portal');
    await page.getByText('No Istio config.').waitFor();
    expect(problems).toEqual([]);
  }, 30_000);

  it('filters the posture and exports it with the same filter', async () => {
    const { page, base } = await serve();
    await page.goto(`${base}/security`);
    await page.getByLabel('Not STRICT').check();
    await page.getByLabel('Level').selectOption('port');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(12);
    const csv = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csv).toBe('/api/posture/export?level=port&notStrict=true&format=csv');
    const download = await page.request.get(`${base}${csv}`);
    expect((await download.text()).split('\r\n')[0]).toBe('level,namespace,workload,port,mode,lock,sidecar,decidedBy,dataplane');
    await shot(page, '05-posture-not-strict-ports');
  }, 30_000);

  it('shows a read-only banner and offers no edits with --view-only', async () => {
    const { page, base } = await serve({ viewOnly: true });
    await page.goto(`${base}/istio/istio-system/ConfigMap/istio`);
    await page.getByText('Read-only: the console was started with --view-only').first().waitFor();
    await page.locator('.cm-content').waitFor();
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    await page.goto(`${base}/istio`);
    expect(await page.getByRole('button', { name: 'Create', exact: true }).isDisabled()).toBe(true);
    await shot(page, '06-read-only-banner');
  }, 30_000);
});
