// The migration of the seeds, end to end in Debian Chromium on `meshlock serve --demo` (a temporary copy of the
// demo, run by the lab, whose embedded store is the console's telemetry):
//   1. before applying anything, the what-if of a STRICT PeerAuthentication for travel-agency (the create
//      form's panel) names legacy/legacy-client → travels as going to fail, with its observed rate;
//   2. readiness lists legacy-client (and the traffic it sends without identity) and says not ready;
//   3. the caller is brought into the mesh: namespace legacy gets `istio-injection: enabled` (edited in the
//      served files, as `kubectl label` plus a pod restart would do), so the lab gives legacy-client a
//      sidecar and its calls turn to mTLS; once its plaintext is out of the 30 s window, readiness says ready;
//   4. the generated policy is previewed and applied, and no observed edge fails afterwards;
//   5. the certificate page shows the lab's CA and workload certificates; another console whose mesh root
//      expires in 30 days shows the warning.
// Screenshots go to test-results/readiness/.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import { ApiClient } from '../../src/api/client.js';
import { startConsole, type RunningConsole } from '../../src/cli/commands/start-console.js';
import { buildWebApp, replaceEditorText } from '../../src/testing/browser.js';
import { testConsole } from '../../src/testing/console-server.js';
import { eventually } from '../../src/testing/eventually.js';
import { rootCertConfigMap, testCa } from '../../src/testing/test-certificates.js';

const SHOTS = join(process.cwd(), 'test-results', 'readiness');
const DAY = 86_400_000;

let webRoot: string;
let running: RunningConsole;
let browser: Browser;
let api: ApiClient;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  webRoot = await buildWebApp();
  running = await startConsole({ paths: [], demo: true, port: 0, cwd: process.cwd(), webRoot }, { err: () => undefined });
  api = new ApiClient({ baseUrl: running.url.slice(0, -1) });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1200 } })).newPage();
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  return page;
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Failed requests per call-graph edge, as the lab's traffic generator counted them. */
async function failures(): Promise<Map<string, number>> {
  const response = await fetch(`${running.labUrl}/api/traffic`);
  const body = (await response.json()) as { edges: { from: string; to: string; failed: number }[] };
  return new Map(body.edges.map((e) => [`${e.from} → ${e.to}`, e.failed]));
}

describe('STRICT migration of travel-agency on serve --demo', () => {
  it('what-if, readiness, bring the caller into the mesh, generate and apply, nothing observed fails', async () => {
    // The lab's traffic reaches the console: legacy-client's plaintext shows up without identity at travels.
    await eventually(
      () => api.call('readiness', { query: { namespace: 'travel-agency', window: '30s' } }),
      (r) => r.workloads.some((w) => w.name === 'travels' && w.observed.some((c) => c.source === 'outside')),
      'plaintext at travels in the lab telemetry',
      20_000,
    );
    const page = await newPage();

    // 1. What-if before applying: the create form for a STRICT PeerAuthentication in travel-agency.
    await page.goto(`${running.url}istio/new/PeerAuthentication`);
    await page.getByLabel('Namespace', { exact: true }).selectOption('travel-agency');
    await page.getByLabel('Name', { exact: true }).fill('default');
    await page.getByLabel('Mutual TLS Mode').selectOption('STRICT');
    const legacyEdge = page.locator('[data-edge="legacy/legacy-client > travels"]');
    await legacyEdge.waitFor();
    await page.locator('.ml-what-if[data-what-if="current"]').waitFor();
    expect(await legacyEdge.textContent()).toMatch(/legacy\/legacy-client.*travels\.travel-agency:8000.*Plaintext.*Fails.*[\d.]+ req\/s/);
    const rate = Number(/([\d.]+) req\/s/.exec((await legacyEdge.textContent()) ?? '')?.[1]);
    expect(rate).toBeGreaterThan(0);
    expect(await page.locator('.ml-what-if').textContent()).toMatch(/14 edges start failing, [\d.]+ req\/s observed on them/);
    await shot(page, '01-what-if-strict-travel-agency');

    // 2. Readiness lists legacy-client and the traffic without identity; not ready.
    await nav(page, 'STRICT readiness').click();
    await page.getByLabel('Namespace', { exact: true }).selectOption('travel-agency');
    await page.getByLabel('Look-back window').selectOption('30s');
    await page.locator('[data-verdict="not-ready"]').waitFor();
    await page.locator('[data-observed="outside > travels"]').waitFor();
    expect(await page.locator('[data-predicted="legacy/legacy-client > travels"]').textContent()).toMatch(/no sidecar.*[\d.]+ req\/s.*blocks STRICT/);
    expect(await page.getByRole('list', { name: 'Reasons' }).textContent()).toContain('2 callers would be refused: legacy/legacy-client, callers without identity');
    expect(await page.getByRole('button', { name: 'Generate STRICT policy' }).isDisabled()).toBe(true);
    await shot(page, '02-readiness-not-ready');

    // 3. The caller joins the mesh: the legacy namespace is labelled for injection in the served files.
    const namespaces = join(running.demoCopy ?? '', 'namespaces.yaml');
    writeFileSync(namespaces, readFileSync(namespaces, 'utf8').replace('  name: legacy\n', '  name: legacy\n  labels:\n    istio-injection: enabled\n'));
    // Its calls now arrive with its identity, over mTLS; the plaintext ages out of the 30 s window.
    const ready = await eventually(
      () => api.call('readiness', { query: { namespace: 'travel-agency', window: '30s' } }),
      (r) => r.verdict === 'ready',
      'travel-agency ready once legacy-client has a sidecar',
      90_000,
    );
    expect(ready.reasons).toContain('no caller sent traffic without mTLS in the last 30s, and every in-mesh caller that sent traffic uses Istio mTLS');
    const legacyCalls = await api.call('workload', { params: { namespace: 'travel-agency', name: 'travels' } });
    expect(legacyCalls.inbound.edges.find((e) => e.source === 'legacy/legacy-client')?.mtlsPercent).toBeGreaterThan(0);
    await page.reload();
    await page.getByLabel('Look-back window').selectOption('30s');
    await page.locator('[data-verdict="ready"]').waitFor();
    await shot(page, '03-readiness-ready');

    // 4. Generate, preview, apply.
    await page.getByRole('button', { name: 'Generate STRICT policy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.cm-content').waitFor();
    expect(await dialog.locator('.cm-content').textContent()).toContain('kind: PeerAuthenticationmetadata:  name: default  namespace: travel-agencyspec:  mtls:    mode: STRICT');
    await shot(page, '04-strict-policy-preview');
    const before = await failures();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Applied PeerAuthentication/travel-agency/default').waitFor();
    await page.getByText('every sidecar port is already STRICT').waitFor();
    await shot(page, '05-readiness-after-apply');
    expect((await api.call('status', { query: { namespace: 'travel-agency' } })).namespaces[0]).toMatchObject({ mode: 'STRICT', lock: 'full' });

    // No observed edge fails: the lab's calls keep succeeding for a few seconds of traffic, including
    // legacy-client's, now over mTLS; a caller outside the mesh is refused, as STRICT intends.
    const probe = async (from: string) =>
      (await (await fetch(`${running.labUrl}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to: 'travels.travel-agency:8000' }) })).json()) as { ok: boolean; mtls: boolean };
    await eventually(() => probe('outside'), (p) => !p.ok, 'STRICT applied in the lab');
    const settled = await failures();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await failures();
    for (const [edge, failed] of after) expect(failed, edge).toBe(settled.get(edge) ?? 0);
    expect([...after.values()].reduce((a, b) => a + b, 0)).toBe([...before.values()].reduce((a, b) => a + b, 0));
    expect(await probe('legacy/legacy-client')).toMatchObject({ ok: true, mtls: true });

    // The editor shows the same what-if before Save: turning the new policy to DISABLE.
    await page.goto(`${running.url}istio/travel-agency/PeerAuthentication/default`);
    await page.locator('.cm-content').waitFor();
    const saved = await api.call('configGet', { params: { namespace: 'travel-agency', kind: 'PeerAuthentication', name: 'default' } });
    await replaceEditorText(page, saved.yaml.replace('mode: STRICT', 'mode: DISABLE'));
    await page.locator('.ml-what-if[data-what-if="current"]').waitFor();
    expect(await page.locator('.ml-what-if').textContent()).toMatch(/edges change outcome, 7 stop failing/);
    await shot(page, '06-what-if-in-editor');

    // 5. Certificates: the lab's CA and one workload certificate per identity, each with its next rotation.
    // Leaving the unsaved edit asks first, in a modal.
    await nav(page, 'Certificates').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Leave', exact: true }).click();
    await page.locator('[data-certificate="spiffe://cluster.local/ns/travel-agency/sa/travels"]').waitFor();
    expect(await page.getByRole('grid', { name: 'Certificate authorities' }).textContent()).toContain('O=cluster.local');
    expect(await page.getByText('No certificate needs attention').count()).toBe(1);
    await shot(page, '07-certificates-lab');
    expect(problems).toEqual([]);
  }, 240_000);
});

describe('certificate page with a CA that expires in 30 days', () => {
  it('shows the warning', async () => {
    const now = Date.now();
    const root = await testCa({ name: 'expiring mesh root', notBefore: new Date(now - 300 * DAY), notAfter: new Date(now + 30 * DAY + 3_600_000) });
    const c = await testConsole({ webRoot, files: { 'ca.yaml': rootCertConfigMap(root.pem) } });
    try {
      await c.app.listen({ port: 0, host: '127.0.0.1' });
      const address = c.app.server.address();
      const page = await newPage();
      await page.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/certificates`);
      const warning = page.locator('[data-warning="expires-soon"]');
      await warning.waitFor();
      expect(await warning.textContent()).toMatch(/root O=expiring mesh root: expires in 30 days \(\d{4}-\d\d-\d\d\), within 60 days/);
      expect(await page.locator('[data-certificate="O=expiring mesh root"]').textContent()).toContain('30 days left');
      await shot(page, '08-certificates-expiring-root');
      expect(problems).toEqual([]);
    } finally {
      await c.close();
    }
  }, 60_000);
});
