// The console on a cluster (a real kube-apiserver with Istio's CRDs and the demo mesh) in Debian Chromium:
// every change made on the server shows in an open overview (nine in ten within a second), also across
// cut connections and an API server restart after an etcd compaction (410); two editors saving the same
// object (the second gets the real 409, and re-applies or reloads: nothing is lost); a value Istio's CRD
// schema refuses is shown on its YAML line; and `--auth token` (a user whose RBAC allows two namespaces
// sees only those, with the server's reasons for the rest; a read-only token gets a banner and no edit
// buttons). Screenshots and the latency figures go to test-results/cluster/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import * as s from '../../src/api/schemas.js';
import { MeshStore } from '../../src/core/index.js';
import { namespaceSummaries } from '../../src/reports/mesh.js';
import { buildWebApp, replaceEditorText } from '../../src/testing/browser.js';
import { clusterConsole, type ClusterConsole, type ClusterConsoleOptions } from '../../src/testing/cluster-console.js';
import type { KubeObject } from '../../src/testing/kube-cluster/client.js';
import type { KubeCluster } from '../../src/testing/kube-cluster/cluster.js';
import { meshObjects, objectsOnServer, resetDemo, startDemoCluster, statusOnServer } from '../../src/testing/kube-cluster/demo.js';
import { ALICE_NAMESPACES, USERS } from '../../src/testing/kube-cluster/users.js';
import { seededRandom } from '../../src/testing/seeded-random.js';

const SHOTS = join(process.cwd(), 'test-results', 'cluster');

let webRoot: string;
let browser: Browser;
let cluster: KubeCluster;
const open: { close(): Promise<void> }[] = [];
const problems: string[] = [];

beforeAll(async () => {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  [webRoot, browser, cluster] = await Promise.all([buildWebApp(), launchChromium(), startDemoCluster()]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  for (const item of open.splice(0).reverse()) await item.close();
  await cluster?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDemo(cluster);
});

async function serve(options: Partial<ClusterConsoleOptions> = {}): Promise<{ c: ClusterConsole; base: string }> {
  const c = await clusterConsole({ cluster, webRoot, ...options });
  open.push(c);
  return { c, base: await c.listen() };
}

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  // Refused requests (401 before signing in, 409 of a conflict, 400 of an invalid save) are logged by the
  // browser; those are expected.
  page.on('console', (m) => (m.type() === 'error' && !m.text().startsWith('Failed to load resource') ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const meta = (o: KubeObject) => o.metadata as Record<string, unknown>;

// ---- the live overview -----------------------------------------------------------------------

const CHANGES = 100;
const DISCONNECTS = new Set([12, 30, 47, 68, 85]);
const GONE_AT = 58;
const NAMESPACES = ['travel-agency', 'travel-portal', 'travel-control', 'legacy'];
const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'];
const TLS_MODES = ['ISTIO_MUTUAL', 'DISABLE', 'SIMPLE'];

/** One step of a change: what the server is asked to do. */
type Step =
  | { readonly type: 'create' | 'replace'; readonly object: KubeObject }
  | { readonly type: 'delete'; readonly apiVersion: string; readonly kind: string; readonly namespace: string; readonly name: string };

interface Change {
  readonly what: string;
  readonly steps: readonly Step[];
}

const keyOf = (o: { kind?: unknown; metadata?: unknown }) => `${String(o.kind)}/${String((o.metadata as Record<string, unknown>).namespace ?? '')}/${String((o.metadata as Record<string, unknown>).name)}`;

/** A random change of the kinds the overview shows: policies, namespace labels, workloads, the mesh config. */
function proposeChange(objects: readonly KubeObject[], random: () => number, n: number): Change {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const policies = objects.filter((o) => o.kind === 'PeerAuthentication' || o.kind === 'DestinationRule');
  const remove = (o: KubeObject): Step => ({ type: 'delete', apiVersion: String(o.apiVersion), kind: String(o.kind), namespace: String(meta(o).namespace), name: String(meta(o).name) });
  const roll = random();
  if (roll < 0.22 || policies.length === 0) {
    const ns = pick(NAMESPACES);
    const object = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: `pa-${n}`, namespace: ns }, spec: { mtls: { mode: pick(MODES) } } };
    return { what: `create ${keyOf(object)}`, steps: [{ type: 'create', object }] };
  }
  if (roll < 0.36) {
    const ns = pick(NAMESPACES);
    const object = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `dr-${n}`, namespace: ns }, spec: { host: `*.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: pick(TLS_MODES) } } } };
    return { what: `create ${keyOf(object)}`, steps: [{ type: 'create', object }] };
  }
  if (roll < 0.56) {
    const target = pick(policies);
    const spec = target.spec as { mtls?: { mode?: string }; trafficPolicy?: { tls?: { mode?: string } } };
    const next =
      target.kind === 'PeerAuthentication'
        ? { ...spec, mtls: { mode: pick(MODES.filter((m) => m !== spec.mtls?.mode)) } }
        : { ...spec, trafficPolicy: { tls: { mode: pick(TLS_MODES.filter((m) => m !== spec.trafficPolicy?.tls?.mode)) } } };
    return { what: `replace ${keyOf(target)}`, steps: [{ type: 'replace', object: { ...target, spec: next } }] };
  }
  if (roll < 0.68) {
    const target = pick(policies);
    return { what: `delete ${keyOf(target)}`, steps: [remove(target)] };
  }
  if (roll < 0.78) {
    const ns = pick(objects.filter((o) => o.kind === 'Namespace' && meta(o).name !== 'istio-system'));
    const labels = { ...(meta(ns).labels as Record<string, string> | undefined) };
    labels['istio-injection'] = labels['istio-injection'] === 'enabled' ? 'disabled' : 'enabled';
    return { what: `label ${keyOf(ns)} istio-injection=${labels['istio-injection']}`, steps: [{ type: 'replace', object: { ...ns, metadata: { ...meta(ns), labels } } }] };
  }
  if (roll < 0.88) {
    const ns = pick(NAMESPACES);
    const name = `app-${n}`;
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'example.com/app:1', ports: [{ containerPort: 8080 }] }] } } },
    };
    return { what: `create Deployment and Service ${ns}/${name}`, steps: [{ type: 'create', object: service }, { type: 'create', object: deployment }] };
  }
  if (roll < 0.95) {
    const target = pick(objects.filter((o) => o.kind === 'Deployment'));
    return { what: `delete ${keyOf(target)}`, steps: [remove(target)] };
  }
  const mesh = objects.find((o) => o.kind === 'ConfigMap' && meta(o).name === 'istio')!;
  const auto = String((mesh.data as Record<string, string>).mesh).includes('enableAutoMtls: true');
  return { what: `mesh config enableAutoMtls: ${!auto}`, steps: [{ type: 'replace', object: { ...mesh, data: { mesh: `enableAutoMtls: ${!auto}\nrootNamespace: istio-system\ntrustDomain: cluster.local\n` } } }] };
}

/** The objects as they will be after `change` (new objects are the youngest, as the server will date them). */
function simulate(objects: readonly KubeObject[], change: Change): KubeObject[] {
  let next = [...objects];
  for (const step of change.steps) {
    if (step.type === 'delete') next = next.filter((o) => keyOf(o) !== `${step.kind}/${step.kind === 'Namespace' ? '' : step.namespace}/${step.name}`);
    else if (step.type === 'replace') next = next.map((o) => (keyOf(o) === keyOf(step.object) ? step.object : o));
    else next.push({ ...step.object, metadata: { ...meta(step.object), creationTimestamp: '2999-01-01T00:00:00Z' } });
  }
  return next;
}

async function apply(change: Change): Promise<void> {
  for (const step of change.steps) {
    if (step.type === 'delete') await cluster.admin.remove(step.apiVersion, step.kind, step.namespace, step.name);
    else if (step.type === 'create') await cluster.admin.create(step.object);
    else await cluster.admin.replace(step.object);
  }
}

/** What the overview must show for these objects: one line per namespace row. */
function expectedRows(objects: readonly KubeObject[]): string {
  return namespaceSummaries(new MeshStore({ objects: meshObjects(objects), problems: [] }).current)
    .map((n) => `${n.name}|${n.lock}|${n.mode}|${n.decidedBy ?? ''}|${n.sidecarCount}/${n.workloadCount}|${n.validations.objects}/${n.validations.errors}/${n.validations.warnings}`)
    .sort()
    .join('\n');
}

/** In the page: the same lines, from what the overview rows show. */
function shownRows(): string {
  return [...document.querySelectorAll<HTMLElement>('tr[data-namespace]')]
    .map((r) => `${r.dataset.namespace}|${r.dataset.lock}|${r.dataset.mode}|${r.dataset.decidedBy}|${r.dataset.workloads}|${r.dataset.config}`)
    .sort()
    .join('\n');
}

/** Waits until the overview shows `expected`; the page checks on every frame. */
async function untilShown(page: Page, expected: string, what: string): Promise<void> {
  const shows = (want: string) =>
    [...document.querySelectorAll<HTMLElement>('tr[data-namespace]')]
      .map((r) => `${r.dataset.namespace}|${r.dataset.lock}|${r.dataset.mode}|${r.dataset.decidedBy}|${r.dataset.workloads}|${r.dataset.config}`)
      .sort()
      .join('\n') === want;
  await page.waitForFunction(shows, expected, { polling: 'raf', timeout: 5_000 }).catch(async () => {
    throw new Error(`${what} not visible after 5 s; the page shows:\n${await page.evaluate(shownRows)}\nexpected:\n${expected}`);
  });
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

describe('the console on a cluster', () => {
  it('shows each of 100 changes, nine in ten within a second, across 5 cut connections and a restart with a 410, and ends equal to the server', async () => {
    const started = performance.now();
    const { c, base } = await serve();
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.locator('[data-connection="connected"]').waitFor();
    await untilShown(page, expectedRows(await objectsOnServer(cluster)), 'the initial state');
    await shot(page, '01-overview-connected');

    const random = seededRandom(7);
    const latencies: number[] = [];
    let afterRestartMs = 0;
    // Changes the overview would not show (a policy no workload uses, say) cannot be seen arriving; they are
    // drawn again, a bounded number of times, and counted.
    let redrawn = 0;
    for (let n = 0; n < CHANGES; n++) {
      const objects = await objectsOnServer(cluster);
      const shown = expectedRows(objects);
      let next = proposeChange(objects, random, n);
      for (let tries = 0; tries < 50 && expectedRows(simulate(objects, next)) === shown; tries++, redrawn++) next = proposeChange(objects, random, n);
      if (DISCONNECTS.has(n)) cluster.dropConnections();
      let at = performance.now();
      if (n === GONE_AT) {
        // The 410: the change lands while the console cannot reach the server, the history it would resume
        // from is compacted away and the API server restarts with a fresh watch cache. Time counts from the
        // moment the server is reachable again, and is reported on its own: a restarted API server fills its
        // watch caches before it serves watches, which the one-second bound for a change is not about.
        cluster.disconnectClients();
        await apply(next);
        await cluster.compactEtcd();
        await cluster.restartApiServer();
        cluster.reconnectClients();
        at = performance.now();
      } else await apply(next);
      const expected = expectedRows(await objectsOnServer(cluster));
      expect(expected, `change ${n} (${next.what}) changes the overview`).not.toBe(shown);
      await untilShown(page, expected, `change ${n} (${next.what})`);
      if (n === GONE_AT) afterRestartMs = performance.now() - at;
      else latencies.push(performance.now() - at);
    }

    // The console's snapshot equals the server's: status, and every Istio object at the server's version.
    const status = s.StatusReport.parse((await c.app.inject({ url: '/api/status' })).json());
    expect(status).toEqual(await statusOnServer(cluster));
    const page1 = s.ConfigPage.parse((await c.app.inject({ url: '/api/config?limit=1000' })).json());
    const istio = (await objectsOnServer(cluster)).filter((o) => String(o.apiVersion).includes('istio.io') || (o.kind === 'ConfigMap' && meta(o).name === 'istio'));
    expect(page1.items.map((i) => `${i.kind}/${i.namespace}/${i.name}`).sort()).toEqual(istio.map((o) => `${String(o.kind)}/${String(meta(o).namespace)}/${String(meta(o).name)}`).sort());
    for (const item of page1.items) {
      const detail = s.ConfigDetail.parse((await c.app.inject({ url: `/api/config/${item.namespace}/${item.kind}/${item.name}` })).json());
      const held = istio.find((o) => o.kind === item.kind && meta(o).namespace === item.namespace && meta(o).name === item.name)!;
      expect(detail.resourceVersion).toBe(meta(held).resourceVersion);
    }
    await shot(page, '02-overview-after-100-changes');

    const sorted = [...latencies].sort((a, b) => a - b);
    const figures = {
      changes: CHANGES,
      redrawnBecauseNotVisible: redrawn,
      ms: { min: Math.round(sorted[0] ?? 0), median: Math.round(percentile(sorted, 50)), p90: Math.round(percentile(sorted, 90)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted.at(-1) ?? 0) },
      afterRestartMs: Math.round(afterRestartMs),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    writeFileSync(join(SHOTS, 'change-latency.json'), JSON.stringify({ ...figures, latenciesMs: latencies.map(Math.round) }, null, 2) + '\n');
    console.info(`cluster e2e: ${JSON.stringify(figures)}`);
    expect(latencies).toHaveLength(CHANGES - 1);
    // Every change showed within 5 s (untilShown); nine in ten within a second. A real kube-apiserver shares
    // the machine's two cores with Chromium and the console, so a single change's time is no bound to hold
    // a test to; change-latency.json keeps every figure.
    expect(percentile(sorted, 90)).toBeLessThanOrEqual(1_000);

    // The API server goes away: the masthead says so, with the error; the last state stays on screen.
    await cluster.stopApiServer();
    try {
      await page.locator('[data-connection="reconnecting"], [data-connection="error"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('.ml-connection__error').textContent()).toMatch(/ECONNREFUSED|ECONNRESET|close|socket/i);
      expect(await page.locator('tr[data-namespace]').count()).toBe(status.namespaces.length);
      await shot(page, '03-masthead-reconnecting');
    } finally {
      await cluster.restartApiServer();
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('two editors save the same object: the second gets the conflict, re-applies or reloads, and nothing is lost', async () => {
    const { c, base } = await serve();
    const url = `${base}/istio/travel-agency/PeerAuthentication/default`;
    const alice = await newPage();
    const bob = await newPage();
    for (const page of [alice, bob]) {
      await page.goto(url);
      await page.getByText('mode: STRICT').waitFor();
    }
    const loaded = s.ConfigDetail.parse((await c.app.inject({ url: '/api/config/travel-agency/PeerAuthentication/default' })).json());
    const held = async () => (await cluster.admin.get('security.istio.io/v1', 'PeerAuthentication', 'travel-agency', 'default'))!;

    // Bob starts editing (a label); Alice saves another field first.
    await replaceEditorText(bob, loaded.yaml.replace('  namespace: travel-agency\n', '  namespace: travel-agency\n  labels:\n    team: bob\n'));
    await replaceEditorText(alice, loaded.yaml.replace('STRICT', 'DISABLE'));
    await alice.getByRole('button', { name: 'Save', exact: true }).click();
    await alice.getByText('Changes applied on travel-agency / PeerAuthentication / default').waitFor();
    await bob.getByText('This object changed since you started editing').waitFor();

    await bob.getByRole('button', { name: 'Save', exact: true }).click();
    await bob.getByText('Someone else changed this object').waitFor();
    expect(await bob.locator('.pf-v6-c-alert').first().textContent()).toMatch(/was changed by someone else after you loaded it \(you edited version \d+; it is now version \d+\)\. Your change was not saved\./);
    await shot(bob, '04-conflict-offered-reload-or-reapply');
    await bob.getByRole('button', { name: 'Re-apply my change' }).click();
    await bob.getByText('Changes applied on travel-agency / PeerAuthentication / default').waitFor();
    // Both edits are on the server.
    expect(await held()).toMatchObject({ metadata: { labels: { team: 'bob' } }, spec: { mtls: { mode: 'DISABLE' } } });
    expect(await bob.locator('.cm-content').textContent()).toContain('team: bob');
    await shot(bob, '05-reapplied-both-edits-kept');

    // Alice's page followed Bob's save (she had nothing unsaved). She edits; someone changes the object meanwhile.
    await alice.getByText('team: bob').waitFor();
    const aliceLoaded = s.ConfigDetail.parse((await c.app.inject({ url: '/api/config/travel-agency/PeerAuthentication/default' })).json());
    await replaceEditorText(alice, aliceLoaded.yaml.replace('DISABLE', 'PERMISSIVE'));
    const current = await held();
    await cluster.admin.replace({ ...current, metadata: { ...meta(current), annotations: { owner: 'platform' } } });
    await alice.getByText('This object changed since you started editing').waitFor();
    await alice.getByRole('button', { name: 'Save', exact: true }).click();
    await alice.getByText('Someone else changed this object').waitFor();
    await alice.getByRole('button', { name: 'Reload the current version' }).click();
    await alice.getByText('Showing the current version').waitFor();
    const text = (await alice.locator('.cm-content').textContent()) ?? '';
    expect(text).toContain('owner: platform');
    expect(text).toContain('mode: DISABLE');
    expect(await alice.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    expect(await held()).toMatchObject({ metadata: { labels: { team: 'bob' }, annotations: { owner: 'platform' } }, spec: { mtls: { mode: 'DISABLE' } } });
    await shot(alice, '06-reloaded-current-version');
    expect(problems).toEqual([]);
  }, 60_000);

  it('a value Istio’s CRD schema refuses is shown on its YAML line, and nothing is stored', async () => {
    const { c, base } = await serve();
    const page = await newPage();
    const titleOf = async () => (await page.locator('.pf-v6-c-alert__title').first().textContent())?.replace(/^.*alert:/, '');

    // meshlock does not judge a load balancer, so only the API server's dry run against the CRD finds the typo.
    const drUrl = '/api/config/travel-portal/DestinationRule/voyages-plain';
    await page.goto(`${base}/istio/travel-portal/DestinationRule/voyages-plain`);
    await page.getByText('mode: DISABLE').waitFor();
    const dr = s.ConfigDetail.parse((await c.app.inject({ url: drUrl })).json());
    const typo = dr.yaml.replace('    tls:\n', '    loadBalancer:\n      simple: ROUND_ROBINN\n    tls:\n');
    const typoLine = typo.split('\n').indexOf('      simple: ROUND_ROBINN') + 1;
    await replaceEditorText(page, typo);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const serverProblem = page.locator('.ml-problem').filter({ hasText: 'Unsupported value: "ROUND_ROBINN": supported values:' });
    await serverProblem.waitFor();
    expect(await serverProblem.textContent()).toMatch(new RegExp(`Line ${typoLine}:\\d+ spec\\.trafficPolicy\\.loadBalancer\\.simple: Unsupported value`));
    expect(await titleOf()).toMatch(new RegExp(`^Not saved: the YAML is invalid \\(line ${typoLine}, column \\d+\\)$`));
    await page.locator('.cm-line[data-marker="error"]').filter({ hasText: 'simple: ROUND_ROBINN' }).waitFor();
    await shot(page, '07-crd-schema-error-on-its-line');
    expect((await cluster.admin.get('networking.istio.io/v1', 'DestinationRule', 'travel-portal', 'voyages-plain'))?.spec).toEqual({ host: 'voyages.travel-portal.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });

    // A mode meshlock reads itself is refused before the API server is asked, on the same line the CRD's
    // enum would name (the kube source's tests check the server's own answer for it).
    await page.goto(`${base}/istio/travel-agency/PeerAuthentication/default`);
    await page.getByText('mode: STRICT').waitFor();
    const pa = s.ConfigDetail.parse((await c.app.inject({ url: '/api/config/travel-agency/PeerAuthentication/default' })).json());
    const strikt = pa.yaml.replace('mode: STRICT', 'mode: STRIKT');
    const modeLine = strikt.split('\n').indexOf('    mode: STRIKT') + 1;
    await replaceEditorText(page, strikt);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Not saved: the YAML is invalid').waitFor();
    expect(await titleOf()).toBe(`Not saved: the YAML is invalid (line ${modeLine}, column 11)`);
    await page.locator('.cm-line[data-marker="error"]').filter({ hasText: 'mode: STRIKT' }).waitFor();
    await shot(page, '08-invalid-mode-on-its-line');
    expect((await cluster.admin.get('security.istio.io/v1', 'PeerAuthentication', 'travel-agency', 'default'))?.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(problems).toEqual([]);
  }, 60_000);

  it('--auth token: a user whose RBAC allows two namespaces sees only those, with the reasons; a read-only token gets a banner and no edit buttons', async () => {
    const { base } = await serve({ auth: 'token' });
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(page, '09-sign-in');

    await page.getByLabel('Kubernetes bearer token').fill(USERS.alice.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('tr[data-namespace="travel-agency"]').waitFor();
    expect(await page.locator('tr[data-namespace]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-namespace')))).toEqual([...ALICE_NAMESPACES]);
    await page.getByText('8 namespaces are not shown: your identity may not read them').waitFor();
    expect(await page.locator('[data-hidden-namespace="legacy"]').textContent()).toMatch(/^legacy: \S+ is forbidden: User "alice" cannot list resource "\w+" in API group "[\w.]*" in the namespace "legacy"$/);
    expect(await page.getByText('Read-only:').count()).toBe(0);
    await shot(page, '10-token-two-namespaces-others-explained');
    // Alice may edit where she may read.
    await page.goto(`${base}/istio/travel-agency/PeerAuthentication/default`);
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Kubernetes bearer token').fill(USERS.viewer.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Read-only: the API server does not allow edits with this identity \(.*cannot update peerauthentications\.security\.istio\.io/).first().waitFor();
    await page.locator('.cm-content').waitFor();
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    expect(await page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    await shot(page, '11-read-only-token-banner');
    expect(problems).toEqual([]);
  }, 60_000);
});
