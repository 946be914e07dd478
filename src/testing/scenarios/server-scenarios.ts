// Server-side scenario tables (istio-mtls-semantics §1.2–1.5, §1.7): the mode a sidecar enforces on each
// workload port and the object that decided it, and the namespace/mesh roll-ups built on those modes.
// src/core/mtls/scenarios-server.test.ts checks them against `meshlock status`; the lab runs the same worlds.
import type { PortExpectation, RollupExpectation } from '../scenario-runner.js';
import { destinationRule as dr, peerAuthentication as pa, workload, world } from '../world-yaml.js';
import type { Scenario } from './scenario.js';

const OLDER = '2024-01-01T00:00:00Z';
const NEWER = '2024-02-01T00:00:00Z';
const API = workload('prod', 'api');
const STRICT = '{mtls: {mode: STRICT}}';
const PERMISSIVE = '{mtls: {mode: PERMISSIVE}}';
const DISABLE = '{mtls: {mode: DISABLE}}';
const onApi = (rest: string) => `{selector: {matchLabels: {app: api}}${rest ? `, ${rest}` : ''}}`;

const api8080 = (mode: PortExpectation['mode'], decidedBy: string | null): PortExpectation => ({ workload: 'prod/api', port: 8080, mode, decidedBy });

export const SERVER_SCENARIOS: readonly Scenario<PortExpectation>[] = [
  { name: '§1.4 no PeerAuthentication anywhere: Istio default PERMISSIVE, decided by nobody', world: API, want: api8080('PERMISSIVE', null) },
  {
    name: '§1.3 oldest namespace-wide PA wins; younger duplicate ignored',
    world: world(API, pa('prod/aaa-younger', STRICT, NEWER), pa('prod/zzz-older', DISABLE, OLDER)),
    want: api8080('DISABLE', 'PeerAuthentication/prod/zzz-older'),
  },
  {
    name: '§1.3 namespace-wide PAs with equal timestamps: the smaller name wins',
    world: world(API, pa('prod/beta', STRICT, OLDER), pa('prod/alpha', DISABLE, OLDER)),
    want: api8080('DISABLE', 'PeerAuthentication/prod/alpha'),
  },
  {
    name: '§1.3 oldest mesh-wide PA in the root namespace wins; younger duplicate ignored',
    world: world(API, pa('istio-system/aaa-younger', STRICT, NEWER), pa('istio-system/zzz-older', DISABLE, OLDER)),
    want: api8080('DISABLE', 'PeerAuthentication/istio-system/zzz-older'),
  },
  {
    name: '§1.3 mesh-wide PAs with equal timestamps: the smaller name wins',
    world: world(API, pa('istio-system/mesh-b', DISABLE, OLDER), pa('istio-system/mesh-a', STRICT, OLDER)),
    want: api8080('STRICT', 'PeerAuthentication/istio-system/mesh-a'),
  },
  {
    name: '§1.3 two workload PAs match: the oldest is used whole, no field merge with the younger portLevelMtls',
    world: world(
      API,
      pa('prod/zzz-older', onApi('mtls: {mode: STRICT}'), OLDER),
      pa('prod/aaa-younger', onApi('mtls: {mode: PERMISSIVE}, portLevelMtls: {8080: {mode: DISABLE}}'), NEWER),
    ),
    want: api8080('STRICT', 'PeerAuthentication/prod/zzz-older'),
  },
  {
    name: '§1.3 a workload PA whose selector does not match the pod labels is no candidate',
    world: world(API, pa('prod/other', '{selector: {matchLabels: {app: other}}, mtls: {mode: STRICT}}')),
    want: api8080('PERMISSIVE', null),
  },
  {
    name: '§1.3 a workload PA in another namespace never applies',
    world: world(API, pa('web/api-strict', onApi('mtls: {mode: STRICT}'))),
    want: api8080('PERMISSIVE', null),
  },
  {
    name: '§1.2 a selector PA in the root namespace is ignored',
    world: world(API, pa('istio-system/api-strict', onApi('mtls: {mode: STRICT}'))),
    want: api8080('PERMISSIVE', null),
  },
  {
    name: '§1.2 empty matchLabels make a PA namespace-wide',
    world: world(API, pa('prod/default', '{selector: {matchLabels: {}}, mtls: {mode: STRICT}}')),
    want: api8080('STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: '§1.4 mesh PA with mode UNSET: built-in PERMISSIVE',
    world: world(API, pa('istio-system/default', '{mtls: {mode: UNSET}}')),
    want: api8080('PERMISSIVE', null),
  },
  {
    name: '§1.4 namespace PA without mtls (UNSET) inherits the mesh mode',
    world: world(API, pa('istio-system/default', STRICT), pa('prod/default', '{}')),
    want: api8080('STRICT', 'PeerAuthentication/istio-system/default'),
  },
  {
    name: '§1.4 workload PA UNSET inherits the namespace mode',
    world: world(API, pa('istio-system/default', STRICT), pa('prod/default', DISABLE), pa('prod/api', onApi('mtls: {mode: UNSET}'))),
    want: api8080('DISABLE', 'PeerAuthentication/prod/default'),
  },
  {
    name: '§1.4 workload PA UNSET without a namespace PA inherits the mesh mode',
    world: world(API, pa('istio-system/default', STRICT), pa('prod/api', onApi(''))),
    want: api8080('STRICT', 'PeerAuthentication/istio-system/default'),
  },
  {
    name: '§1.4 port UNSET inherits the workload mode',
    world: world(API, pa('prod/default', STRICT), pa('prod/api', onApi('mtls: {mode: PERMISSIVE}, portLevelMtls: {8080: {mode: UNSET}}'))),
    want: api8080('PERMISSIVE', 'PeerAuthentication/prod/api'),
  },
  {
    name: '§1.4 narrower wins, also when weaker: workload PERMISSIVE beats namespace STRICT',
    world: world(API, pa('prod/default', STRICT), pa('prod/api', onApi('mtls: {mode: PERMISSIVE}'))),
    want: api8080('PERMISSIVE', 'PeerAuthentication/prod/api'),
  },
  {
    name: '§1.4 narrower wins, also when weaker: namespace DISABLE beats mesh STRICT',
    world: world(API, pa('istio-system/default', STRICT), pa('prod/default', DISABLE)),
    want: api8080('DISABLE', 'PeerAuthentication/prod/default'),
  },
  {
    name: '§1.4 narrower wins when stronger: namespace STRICT beats mesh DISABLE',
    world: world(API, pa('istio-system/default', DISABLE), pa('prod/default', STRICT)),
    want: api8080('STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: '§1.5 portLevelMtls is keyed by the target port: Service 8000 → targetPort 80, the PA says 80',
    world: world(workload('prod', 'api', { port: 8000, targetPort: 80 }), pa('prod/default', STRICT), pa('prod/api', onApi('portLevelMtls: {80: {mode: DISABLE}}'))),
    want: { workload: 'prod/api', port: 80, mode: 'DISABLE', decidedBy: 'PeerAuthentication/prod/api' },
  },
  {
    name: '§1.5 portLevelMtls keyed by the Service port (8000) does not reach target port 80',
    world: world(workload('prod', 'api', { port: 8000, targetPort: 80 }), pa('prod/default', STRICT), pa('prod/api', onApi('portLevelMtls: {8000: {mode: DISABLE}}'))),
    want: { workload: 'prod/api', port: 80, mode: 'STRICT', decidedBy: 'PeerAuthentication/prod/default' },
  },
  {
    name: '§1.5 named targetPort: the PA port is the containerPort the name resolves to',
    world: world(
      workload('prod', 'api', { port: 8000, targetPort: 'web', containerPort: 9090, containerPortName: 'web' }),
      pa('prod/api', onApi('mtls: {mode: STRICT}, portLevelMtls: {9090: {mode: PERMISSIVE}}')),
    ),
    want: { workload: 'prod/api', port: 9090, mode: 'PERMISSIVE', decidedBy: 'PeerAuthentication/prod/api' },
  },
  {
    name: '§1.2 meshConfig rootNamespace moves the mesh scope: a PA there is mesh-wide',
    world: world(API, pa('mesh-root/default', STRICT)),
    options: { rootNamespace: 'mesh-root' },
    want: api8080('STRICT', 'PeerAuthentication/mesh-root/default'),
  },
  {
    name: '§1.2 with another root namespace, a PA in istio-system is only namespace-wide there',
    world: world(API, pa('istio-system/default', STRICT)),
    options: { rootNamespace: 'mesh-root' },
    want: api8080('PERMISSIVE', null),
  },
  {
    name: '§1.7 a workload without sidecar enforces nothing: mode NONE whatever the PAs say',
    world: world(workload('prod', 'api', { sidecar: false }), pa('prod/default', STRICT)),
    want: api8080('NONE', null),
  },  // Injection as the cluster decides it (injection.ts): the chart's webhook selectors, then injectRequired.
  {
    name: 'injection: hostNetwork pods are refused by the injector even in an injected namespace (pkg/kube/inject injectRequired)',
    world: world(namespace('prod', { 'istio-injection': 'enabled' }), pod('prod', 'api', { app: 'api' }, {}, true), pa('prod/default', STRICT)),
    want: api8080('NONE', null),
  },
  {
    name: 'injection: sidecar.istio.io/inject=true as an annotation does not call the webhook in an unlabelled namespace',
    world: world(namespace('prod', {}), pod('prod', 'api', { app: 'api' }, { 'sidecar.istio.io/inject': 'true' })),
    want: api8080('NONE', null),
  },
  {
    name: 'injection: sidecar.istio.io/inject=true as a label in an unlabelled namespace is injected (object webhook)',
    world: world(namespace('prod', {}), pod('prod', 'api', { app: 'api', 'sidecar.istio.io/inject': 'true' })),
    want: api8080('PERMISSIVE', null),
  },
  {
    name: 'injection: istio-injection=disabled wins over a pod istio.io/rev label (the revision webhooks need no istio-injection label)',
    world: world(namespace('prod', { 'istio-injection': 'disabled' }), pod('prod', 'api', { app: 'api', 'istio.io/rev': 'canary' })),
    want: api8080('NONE', null),
  },
  {
    name: 'injection: a pod istio.io/rev label in an unlabelled namespace is injected by that revision',
    world: world(namespace('prod', {}), pod('prod', 'api', { app: 'api', 'istio.io/rev': 'canary' })),
    want: api8080('PERMISSIVE', null),
  },
  {
    name: 'injection: the annotation sidecar.istio.io/inject=false declines in an injected namespace (injectRequired reads it)',
    world: world(namespace('prod', { 'istio.io/rev': 'default' }), pod('prod', 'api', { app: 'api' }, { 'sidecar.istio.io/inject': 'false' })),
    want: api8080('NONE', null),
  },
];

function namespace(name: string, labels: Record<string, string>): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n`;
}

/** A bare Pod with a Service `app` on 8080, for the injection rules that depend on pod labels, annotations and hostNetwork. */
function pod(ns: string, name: string, labels: Record<string, string>, annotations: Record<string, string> = {}, hostNetwork = false): string {
  const meta = JSON.stringify({ name, namespace: ns, labels, annotations });
  const spec = JSON.stringify({ hostNetwork, containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] });
  return (
    `apiVersion: v1\nkind: Pod\nmetadata: ${meta}\nspec: ${spec}\n---\n` +
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${labels.app}, namespace: ${ns}}\nspec: {selector: {app: ${labels.app}}, ports: [{name: http, port: 8080}]}\n`
  );
}

export const ROLLUP_SCENARIOS: readonly Scenario<RollupExpectation>[] = [
  {
    name: 'roll-up: namespace-wide STRICT PA → namespace lock full, mode STRICT, Kiali MTLS_ENABLED',
    world: world(API, pa('prod/default', STRICT)),
    want: { namespace: 'prod', mode: 'STRICT', lock: 'full', status: 'MTLS_ENABLED', decidedBy: 'PeerAuthentication/prod/default' },
  },
  {
    name: 'roll-up: one workload PERMISSIVE inside a STRICT namespace → MIXED, hollow',
    world: world(API, workload('prod', 'batch'), pa('prod/default', STRICT), pa('prod/batch', '{selector: {matchLabels: {app: batch}}, mtls: {mode: PERMISSIVE}}')),
    want: { namespace: 'prod', mode: 'MIXED', lock: 'hollow', decidedBy: 'PeerAuthentication/prod/default' },
  },
  {
    name: 'roll-up: namespace-wide DISABLE → lock none',
    world: world(API, pa('prod/default', DISABLE)),
    want: { namespace: 'prod', mode: 'DISABLE', lock: 'none', status: 'MTLS_DISABLED', decidedBy: 'PeerAuthentication/prod/default' },
  },
  {
    name: 'roll-up: no PeerAuthentication → PERMISSIVE, hollow, Kiali UNSET',
    world: API,
    want: { namespace: 'prod', mode: 'PERMISSIVE', lock: 'hollow', status: 'UNSET', decidedBy: null },
  },
  {
    name: 'roll-up: namespace-wide PERMISSIVE → hollow, Kiali MTLS_PARTIALLY_ENABLED',
    world: world(API, pa('prod/default', PERMISSIVE)),
    want: { namespace: 'prod', mode: 'PERMISSIVE', lock: 'hollow', status: 'MTLS_PARTIALLY_ENABLED' },
  },
  {
    name: 'roll-up: mesh-wide STRICT PA in istio-system → mesh lock full, Kiali MTLS_ENABLED',
    world: world(API, workload('web', 'client'), pa('istio-system/default', STRICT)),
    want: { mode: 'STRICT', lock: 'full', status: 'MTLS_ENABLED', decidedBy: 'PeerAuthentication/istio-system/default' },
  },
  {
    name: 'roll-up: mesh-wide STRICT → a namespace without PA is STRICT, Kiali UNSET_INHERITED_STRICT',
    world: world(API, pa('istio-system/default', STRICT)),
    want: { namespace: 'prod', mode: 'STRICT', lock: 'full', status: 'UNSET_INHERITED_STRICT', decidedBy: 'PeerAuthentication/istio-system/default' },
  },
  {
    name: 'roll-up: mesh-wide STRICT with one namespace DISABLE → mesh MIXED, hollow',
    world: world(API, workload('web', 'client'), pa('istio-system/default', STRICT), pa('web/default', DISABLE)),
    want: { mode: 'MIXED', lock: 'hollow' },
  },
  {
    name: '§3.4 roll-up: STRICT with auto mTLS off and no DR → hollow (in-mesh clients would send plaintext)',
    world: world(API, pa('prod/default', STRICT)),
    options: { autoMtls: false },
    want: { namespace: 'prod', mode: 'STRICT', lock: 'hollow' },
  },
  {
    name: '§3.4 roll-up: STRICT with auto mTLS off and DR ISTIO_MUTUAL for *.prod.svc.cluster.local → full',
    world: world(API, pa('prod/default', STRICT), dr('prod/mtls', '{host: "*.prod.svc.cluster.local", trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}')),
    options: { autoMtls: false },
    want: { namespace: 'prod', mode: 'STRICT', lock: 'full' },
  },
  {
    name: '§1.7 roll-up: a namespace whose workloads have no sidecar → lock none',
    world: world(workload('prod', 'api', { sidecar: false }), pa('prod/default', STRICT)),
    want: { namespace: 'prod', lock: 'none' },
  },
];
