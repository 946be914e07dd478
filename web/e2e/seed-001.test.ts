// Seed 001 ("Start with mTLS"), replayed in Debian Chromium on a temporary copy of the demo: travel-agency
// starts hollow; with auto mTLS off, the namespace-wide ISTIO_MUTUAL DestinationRule is marked on its
// `mode:` line for the missing PeerAuthentication; creating that PeerAuthentication clears the marker and
// fills the namespace lock, while travel-portal stays hollow. Screenshots go to test-results/seed-001/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ConfigDetail } from '../../src/api/schemas.js';
import { replaceEditorText } from '../../src/testing/browser.js';
import { consoleInChromium } from './console-in-chromium.js';

const SHOTS = join(process.cwd(), 'test-results', 'seed-001');

const chromium = consoleInChromium(SHOTS, { watch: true });
const { problems } = chromium;
const newPage = () => chromium.newPage({ width: 1400, height: 1100 });

/** A link of the side navigation. */
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true });

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

/** The accessible name of a namespace's lock on the overview. */
const namespaceLock = (page: Page, namespace: string) => page.locator(`tr[data-namespace="${namespace}"] svg.ml-lock`).getAttribute('aria-label');

async function createFromForm(page: Page, kind: string, fill: (page: Page) => Promise<void>, screenshot: string): Promise<void> {
  await nav(page, 'Istio config').click();
  // Istio config → Create → the kind (its form).
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  // The form's menu entry, not the Kind filter's option (the demo has a PeerAuthentication of its own).
  await page.getByRole('option', { name: `${kind} form` }).click();
  await page.getByLabel('Namespace', { exact: true }).selectOption('travel-agency');
  await fill(page);
  // The preview is validated by the server before anything is written.
  await expect.poll(() => page.locator('.ml-preview-analysis').textContent()).not.toContain('Checking');
  await shot(page, screenshot);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/istio/travel-agency/${kind}/**`);
}

describe('seed 001: enable mTLS for travel-agency, not travel-portal', () => {
  it('replays the story in the browser', async () => {
    const page = await newPage();

    // Overview: travel-agency has a hollow lock ("mTLS partially enabled").
    await page.goto(`${chromium.base}/`);
    await page.locator('tr[data-namespace="travel-agency"]').waitFor();
    expect(await namespaceLock(page, 'travel-agency')).toMatch(/^Hollow lock: Permissive, inherited from mesh/);
    expect(await page.locator('[data-mesh-lock] svg').getAttribute('aria-label')).toBe('Mesh: Hollow lock');
    await shot(page, '01-overview-travel-agency-hollow');

    // The lab turns auto mTLS off in the mesh config, through the editor.
    await nav(page, 'Istio config').click();
    await page.getByRole('link', { name: 'istio', exact: true }).click();
    await page.locator('.cm-content').waitFor();
    const meshConfig = (await chromium.console.app.inject({ url: '/api/config/istio-system/ConfigMap/istio' })).json<{ yaml: string }>().yaml;
    await replaceEditorText(page, meshConfig.replace('enableAutoMtls: true', 'enableAutoMtls: false'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes applied on istio-system / ConfigMap / istio').waitFor();
    await page.locator('.ml-masthead-lock').hover();
    await page.getByText('Auto mTLS: off').waitFor();
    await shot(page, '02-mesh-config-auto-mtls-off');

    // The seed's DestinationRule: ISTIO_MUTUAL for every host of travel-agency.
    await createFromForm(
      page,
      'DestinationRule',
      async (p) => {
        await p.getByLabel('Name', { exact: true }).fill('enable-mtls');
        expect(await p.getByLabel('Host').inputValue()).toBe('*.travel-agency.svc.cluster.local');
        await p.getByLabel('TLS', { exact: true }).selectOption('ISTIO_MUTUAL');
      },
      '03-create-destination-rule',
    );

    // The server finds the missing namespace-wide PeerAuthentication (KIA0206) on the rule's `mode:` line
    // (the seed: "line 19 is highlighted in red"), and the editor marks exactly that line.
    const saved = ConfigDetail.parse((await chromium.console.app.inject({ url: '/api/config/travel-agency/DestinationRule/enable-mtls' })).json());
    const modeLine = saved.yaml.split('\n').findIndex((l) => l.includes('mode: ISTIO_MUTUAL')) + 1;
    expect(saved.checks.map((check) => `${check.code} at line ${check.line}`)).toContain(`KIA0206 at line ${modeLine}`);
    const marked = page.locator('.cm-line[data-marker="error"]');
    await marked.first().waitFor();
    expect(await marked.count()).toBe(1);
    expect(await marked.textContent()).toContain('mode: ISTIO_MUTUAL');
    const problem = page.locator('.ml-problem').filter({ hasText: 'KIA0206' });
    expect(await problem.textContent()).toContain(`Line ${modeLine}:`);
    expect(await problem.textContent()).toContain('PeerAuthentication enabling namespace-wide mTLS is missing');
    await page.locator('.cm-lintRange-error').hover();
    await page.locator('.cm-tooltip-lint').getByText('KIA0206 PeerAuthentication enabling namespace-wide mTLS is missing').waitFor();
    await shot(page, '04-destination-rule-marked-on-mode-line');
    const destinationRule = page.url();

    // The namespace PeerAuthentication, STRICT.
    await createFromForm(
      page,
      'PeerAuthentication',
      async (p) => {
        await p.getByLabel('Name', { exact: true }).fill('default');
        await p.getByLabel('Mutual TLS Mode').selectOption('STRICT');
      },
      '05-create-peer-authentication',
    );

    // The marker is gone from the DestinationRule.
    await page.goto(destinationRule);
    await page.getByText('No issues found').waitFor();
    expect(await page.locator('.cm-line[data-marker]').count()).toBe(0);
    await shot(page, '06-destination-rule-clean');

    // The namespace lock is full; travel-portal stays hollow.
    await nav(page, 'Overview').click();
    await expect.poll(() => namespaceLock(page, 'travel-agency')).toMatch(/^Full lock: Strict/);
    expect(await namespaceLock(page, 'travel-portal')).toMatch(/^Hollow lock: Permissive/);
    await shot(page, '07-overview-travel-agency-full');

    expect(problems).toEqual([]);
  }, 45_000);
});
