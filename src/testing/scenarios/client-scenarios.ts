// Client-side scenario tables: which DestinationRule a client uses and what it sends (istio-mtls-semantics
// §2.2–2.7), the auto mTLS decision (§3.2–3.4), and the edge outcome that follows.
// src/core/mtls/scenarios-client.test.ts checks them against `meshlock edges`; the lab runs the same worlds.
import type { EdgeExpectation } from '../scenario-runner.js';
import { destinationRule as dr, peerAuthentication as pa, serviceEntry, workload, workloadEntry, world } from '../world-yaml.js';
import type { Scenario } from './scenario.js';

const OLDER = '2024-01-01T00:00:00Z';
const NEWER = '2024-02-01T00:00:00Z';
const CLIENT = workload('web', 'client');
const API = workload('prod', 'api');
const BASE = world(CLIENT, API);
const TO_API = 'api.prod.svc.cluster.local:8080';
const tls = (mode: string) => `trafficPolicy: {tls: {mode: ${mode}}}`;

type Sends = Omit<EdgeExpectation, 'from' | 'to' | 'workload'>;

/** web/client → api.prod:8080, the edge most scenarios are about. */
const edge = (sends: Sends, from = 'web/client', to = TO_API): EdgeExpectation => ({ from, to, ...sends });
/** Auto mTLS to a PERMISSIVE sidecar: Istio mTLS that no object had to ask for. */
const AUTO_MTLS: Sends = { clientSends: 'ISTIO_MUTUAL', clientDecidedBy: null, serverMode: 'PERMISSIVE', outcome: 'mtls' };
const plaintextBy = (decidedBy: string | null, serverMode: Sends['serverMode'] = 'PERMISSIVE'): Sends => ({
  clientSends: 'PLAINTEXT',
  clientDecidedBy: decidedBy,
  serverMode,
  outcome: serverMode === 'STRICT' ? 'fail' : 'plaintext',
});
const mtlsBy = (decidedBy: string): Sends => ({ clientSends: 'ISTIO_MUTUAL', clientDecidedBy: decidedBy, serverMode: 'PERMISSIVE', outcome: 'mtls' });

export const DESTINATION_RULE_SCENARIOS: readonly Scenario<EdgeExpectation>[] = [
  {
    name: '§2.2 tls without mode is DISABLE: plaintext, decided by the DR',
    world: world(BASE, dr('prod/api', '{host: api, trafficPolicy: {tls: {sni: api.example}}}')),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.2 SIMPLE with a Secret credentialName and no workloadSelector: sidecars send plaintext',
    world: world(BASE, dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: SIMPLE, credentialName: api-ca}}}')),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.2 SIMPLE with credentialName and a workloadSelector selecting the client: TLS',
    world: world(
      CLIENT,
      workload('prod', 'api', { portName: 'tcp' }),
      dr('web/api-tls', '{host: api.prod.svc.cluster.local, workloadSelector: {matchLabels: {app: client}}, trafficPolicy: {tls: {mode: SIMPLE, credentialName: api-ca}}}'),
    ),
    want: edge({ clientSends: 'SIMPLE', clientDecidedBy: 'DestinationRule/web/api-tls', serverMode: 'PERMISSIVE', outcome: 'tls' }),
  },
  {
    name: '§2.2 MUTUAL without clientCertificate/privateKey or credentialName: the cluster is built without TLS, plaintext',
    world: world(BASE, dr('prod/api', `{host: api, ${tls('MUTUAL')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.3 a portLevelSettings entry for the port replaces the top-level tls',
    world: world(BASE, dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: SIMPLE}, portLevelSettings: [{port: {number: 8080}, tls: {mode: ISTIO_MUTUAL}}]}}')),
    want: edge(mtlsBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.3 a port entry without tls does not inherit the top-level ISTIO_MUTUAL (auto mTLS off: plaintext)',
    world: world(BASE, dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}, portLevelSettings: [{port: {number: 8080}, connectionPool: {tcp: {maxConnections: 10}}}]}}')),
    options: { autoMtls: false },
    want: edge(plaintextBy('ConfigMap/istio-system/istio')),
  },
  {
    name: '§2.3 a port entry without tls leaves the cluster to auto mTLS, which labels endpoints from the top-level SIMPLE: plaintext',
    world: world(BASE, dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: SIMPLE}, portLevelSettings: [{port: {number: 8080}, connectionPool: {tcp: {maxConnections: 10}}}]}}')),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.3 the first matching portLevelSettings entry wins',
    world: world(BASE, dr('prod/api', '{host: api, trafficPolicy: {portLevelSettings: [{port: {number: 8080}, tls: {mode: DISABLE}}, {port: {number: 8080}, tls: {mode: ISTIO_MUTUAL}}]}}')),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.3 portLevelSettings key on the Service port (8000), not the target port (80)',
    world: world(
      CLIENT,
      workload('prod', 'api', { port: 8000, targetPort: 80 }),
      dr('prod/api', '{host: api, trafficPolicy: {portLevelSettings: [{port: {number: 80}, tls: {mode: DISABLE}}, {port: {number: 8000}, tls: {mode: ISTIO_MUTUAL}}]}}'),
    ),
    want: edge(mtlsBy('DestinationRule/prod/api'), 'web/client', 'api.prod.svc.cluster.local:8000'),
  },
  {
    name: "§2.4 a short host resolves in the DR's namespace: `api` in web is api.web, not api.prod",
    world: world(BASE, dr('web/api', `{host: api, ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§2.4 a short host in the service namespace matches the service',
    world: world(BASE, dr('prod/api', `{host: api, ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.4 a dotted host is literal: `api.prod` is not expanded and matches nothing',
    world: world(BASE, dr('prod/api', `{host: api.prod, ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§2.4 wildcard *.prod.svc.cluster.local matches the service',
    world: world(BASE, dr('prod/all', `{host: "*.prod.svc.cluster.local", ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/all')),
  },
  {
    name: '§2.4 wildcard *.local matches every cluster service',
    world: world(BASE, dr('web/local', `{host: "*.local", ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/web/local')),
  },
  {
    name: '§2.4 host * matches every host',
    world: world(BASE, dr('prod/everything', `{host: "*", ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/everything')),
  },
  {
    name: '§2.4 an exact host beats a wildcard in the same namespace',
    world: world(BASE, dr('prod/a-wildcard', `{host: "*.prod.svc.cluster.local", ${tls('ISTIO_MUTUAL')}}`), dr('prod/z-exact', `{host: api, ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/z-exact')),
  },
  {
    name: '§2.4 the longest matching wildcard wins',
    world: world(BASE, dr('prod/a-local', `{host: "*.local", ${tls('DISABLE')}}`), dr('prod/z-svc', `{host: "*.svc.cluster.local", ${tls('ISTIO_MUTUAL')}}`)),
    want: edge(mtlsBy('DestinationRule/prod/z-svc')),
  },
  {
    name: "§2.5 a DR in the client's namespace beats the service namespace's DR",
    world: world(BASE, dr('web/mine', `{host: api.prod.svc.cluster.local, ${tls('DISABLE')}}`), dr('prod/theirs', `{host: api, ${tls('ISTIO_MUTUAL')}}`)),
    want: edge(plaintextBy('DestinationRule/web/mine')),
  },
  {
    name: "§2.5 even a * DR in the client's namespace beats an exact host elsewhere",
    world: world(BASE, dr('web/everything', `{host: "*", ${tls('DISABLE')}}`), dr('prod/api', `{host: api, ${tls('ISTIO_MUTUAL')}}`)),
    want: edge(plaintextBy('DestinationRule/web/everything')),
  },
  {
    name: '§2.5 exportTo "." hides a DR from other namespaces',
    world: world(BASE, dr('prod/api', `{host: api, exportTo: ["."], ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§2.5 exportTo "." still applies inside its own namespace',
    world: world(BASE, workload('prod', 'peer'), dr('prod/api', `{host: api, exportTo: ["."], ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/api'), 'prod/peer'),
  },
  {
    name: '§2.5 exportTo ["web"] does not apply to its own namespace',
    world: world(BASE, workload('prod', 'peer'), dr('prod/api', `{host: api, exportTo: [web], ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS, 'prod/peer'),
  },
  {
    name: '§2.5 exportTo ["web"] applies to web',
    world: world(BASE, dr('prod/api', `{host: api, exportTo: [web], ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.5 an empty exportTo follows meshConfig defaultDestinationRuleExportTo ["."]: hidden from other namespaces',
    world: world(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |-\n    defaultDestinationRuleExportTo: ["."]\n',
      BASE,
      dr('prod/api', `{host: api, ${tls('DISABLE')}}`),
    ),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§2.5 an exported DR in the root namespace is the fallback',
    world: world(BASE, dr('istio-system/mesh', `{host: "*.local", ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/istio-system/mesh')),
  },
  {
    name: "§2.5 the service namespace's DR beats the root namespace fallback",
    world: world(BASE, dr('istio-system/mesh', `{host: "*.local", ${tls('DISABLE')}}`), dr('prod/api', `{host: api, ${tls('ISTIO_MUTUAL')}}`)),
    want: edge(mtlsBy('DestinationRule/prod/api')),
  },
  {
    name: '§2.5 the best host of a namespace is not exported to the client: no retry with its wider host',
    world: world(BASE, dr('prod/exact', `{host: api, exportTo: [other], ${tls('DISABLE')}}`), dr('prod/wildcard', `{host: "*.prod.svc.cluster.local", ${tls('SIMPLE')}}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§2.5 a client in the root namespace uses the root-private DRs',
    world: world(BASE, workload('istio-system', 'gateway'), dr('istio-system/private', `{host: "*.local", exportTo: ["."], ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/istio-system/private'), 'istio-system/gateway'),
  },
  {
    name: '§2.5 root-private DRs do not apply to clients in other namespaces',
    world: world(BASE, dr('istio-system/private', `{host: "*.local", exportTo: ["."], ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: "§2.5 a client in the root namespace looks at only root-private DRs first: the service namespace's DR beats the root's exported *.local",
    world: world(BASE, workload('istio-system', 'gateway'), dr('istio-system/mesh', `{host: "*.local", ${tls('DISABLE')}}`), dr('prod/api', `{host: api, ${tls('ISTIO_MUTUAL')}}`)),
    want: edge(mtlsBy('DestinationRule/prod/api'), 'istio-system/gateway'),
  },
  {
    name: '§2.6 a workloadSelector DR applies to matching clients in its namespace',
    world: world(BASE, dr('web/client-only', `{host: api.prod.svc.cluster.local, workloadSelector: {matchLabels: {app: client}}, ${tls('DISABLE')}}`)),
    want: edge(plaintextBy('DestinationRule/web/client-only')),
  },
  {
    name: '§2.6 a workloadSelector DR does not apply to other clients of its namespace',
    world: world(BASE, workload('web', 'other'), dr('web/client-only', `{host: api.prod.svc.cluster.local, workloadSelector: {matchLabels: {app: client}}, ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS, 'web/other'),
  },
  {
    name: '§2.6 a workloadSelector DR is never exported, even to clients its selector matches',
    world: world(BASE, dr('prod/client-only', `{host: api, workloadSelector: {matchLabels: {app: client}}, ${tls('DISABLE')}}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§2.6 for a matching client the workloadSelector DR beats the catch-all DR of the same host',
    world: world(
      BASE,
      dr('web/a-catch-all', `{host: api.prod.svc.cluster.local, ${tls('ISTIO_MUTUAL')}}`),
      dr('web/z-client-only', `{host: api.prod.svc.cluster.local, workloadSelector: {matchLabels: {app: client}}, ${tls('DISABLE')}}`),
    ),
    want: edge(plaintextBy('DestinationRule/web/z-client-only')),
  },
  {
    name: '§2.7 two selector-less DRs for one host merge: the oldest trafficPolicy wins whole',
    world: world(BASE, dr('prod/aaa-younger', `{host: api, ${tls('DISABLE')}}`, NEWER), dr('prod/zzz-older', `{host: api, ${tls('ISTIO_MUTUAL')}}`, OLDER)),
    want: edge(mtlsBy('DestinationRule/prod/zzz-older')),
  },
  {
    name: "§2.7 the younger DR's tls is ignored when the older one has any trafficPolicy (auto mTLS decides)",
    world: world(
      BASE,
      dr('prod/aaa-younger', `{host: api, ${tls('DISABLE')}}`, NEWER),
      dr('prod/zzz-older', '{host: api, trafficPolicy: {connectionPool: {tcp: {maxConnections: 10}}}}', OLDER),
    ),
    want: edge(AUTO_MTLS),
  },
  {
    name: "§2.7 an older DR without trafficPolicy does not hide the younger one's tls",
    world: world(BASE, dr('prod/aaa-younger', `{host: api, ${tls('DISABLE')}}`, NEWER), dr('prod/zzz-older', '{host: api, subsets: [{name: v1, labels: {version: v1}}]}', OLDER)),
    want: edge(plaintextBy('DestinationRule/prod/aaa-younger')),
  },
  {
    name: '§2.7 DRs for one host with different exportTo stay apart, and the client gets the last catch-all (SidecarScope.DestinationRule)',
    world: world(BASE, dr('web/all', `{host: api.prod.svc.cluster.local, ${tls('DISABLE')}}`, OLDER), dr('web/private', `{host: api.prod.svc.cluster.local, exportTo: ["."], ${tls('ISTIO_MUTUAL')}}`, NEWER)),
    want: edge(mtlsBy('DestinationRule/web/private')),
  },
  {
    name: '§2.7 a selector-less DR with exportTo "." folds into the selector DR of its host and applies to no other workload',
    world: world(
      BASE,
      dr('web/for-other', `{host: api.prod.svc.cluster.local, workloadSelector: {matchLabels: {app: other}}, ${tls('DISABLE')}}`, OLDER),
      dr('web/everyone', `{host: api.prod.svc.cluster.local, exportTo: ["."], ${tls('SIMPLE')}}`, NEWER),
    ),
    want: edge(AUTO_MTLS),
  },
];

const HEADLESS = (secondSidecar: boolean, extra = '') =>
  world(
    CLIENT,
    workload('prod', 'db-a', { app: 'db', headless: true, portName: 'tcp', port: 5432 }),
    workload('prod', 'db-b', { app: 'db', labels: { replica: 'b' }, service: false, sidecar: secondSidecar, port: 5432 }),
    extra,
  );
const TO_DB = 'db.prod.svc.cluster.local:5432';

export const AUTO_MTLS_SCENARIOS: readonly Scenario<EdgeExpectation>[] = [
  { name: '§3.2 auto mTLS: an endpoint with sidecar gets Istio mTLS', world: BASE, want: edge(AUTO_MTLS) },
  {
    name: '§3.2 auto mTLS: an endpoint without sidecar gets plaintext',
    world: world(CLIENT, workload('prod', 'api', { sidecar: false })),
    want: edge(plaintextBy(null, 'NONE')),
  },
  {
    name: '§3.2 auto mTLS: an endpoint whose port is DISABLE (workload PA portLevelMtls) gets plaintext',
    world: world(BASE, pa('prod/api', '{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: DISABLE}}}')),
    want: edge(plaintextBy('PeerAuthentication/prod/api', 'DISABLE')),
  },
  {
    name: '§3.2 auto mTLS reads the target port: named targetPort resolved via the containerPort name (§1.5)',
    world: world(
      CLIENT,
      workload('prod', 'api', { port: 8000, targetPort: 'web', containerPort: 9090, containerPortName: 'web' }),
      pa('prod/api', '{selector: {matchLabels: {app: api}}, portLevelMtls: {9090: {mode: DISABLE}}}'),
    ),
    want: edge(plaintextBy('PeerAuthentication/prod/api', 'DISABLE'), 'web/client', 'api.prod.svc.cluster.local:8000'),
  },
  {
    name: '§3.2 service namespace DISABLE: plaintext to every endpoint, even a STRICT workload (§3.3a: fails)',
    world: world(BASE, pa('prod/default', '{mtls: {mode: DISABLE}}'), pa('prod/api', '{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}}')),
    want: edge(plaintextBy('PeerAuthentication/prod/default', 'STRICT')),
  },
  {
    name: '§3.2 mesh-wide DISABLE makes the service namespace DISABLE: plaintext',
    world: world(BASE, pa('istio-system/default', '{mtls: {mode: DISABLE}}')),
    want: edge(plaintextBy('PeerAuthentication/istio-system/default', 'DISABLE')),
  },
  {
    name: '§3.2 enableAutoMtls false: plaintext, decided by the mesh ConfigMap',
    world: BASE,
    options: { autoMtls: false },
    want: edge(plaintextBy('ConfigMap/istio-system/istio')),
  },
  {
    name: '§3.2 a MESH_EXTERNAL ServiceEntry gets plaintext from auto mTLS',
    world: world(CLIENT, serviceEntry('prod/payments', '{hosts: [pay.example.com], location: MESH_EXTERNAL, resolution: DNS, ports: [{number: 443, name: tls, protocol: TLS}]}')),
    want: edge(plaintextBy('ServiceEntry/prod/payments', 'NONE'), 'web/client', 'pay.example.com:443'),
  },
  {
    name: '§3.2 a MESH_INTERNAL ServiceEntry endpoint from a WorkloadEntry with a serviceAccount gets Istio mTLS',
    world: world(
      CLIENT,
      serviceEntry('prod/vm', '{hosts: [vm.internal], location: MESH_INTERNAL, resolution: STATIC, ports: [{number: 8080, name: tcp, protocol: TCP}], workloadSelector: {labels: {app: vm}}}'),
      workloadEntry('prod/vm-1', '{address: 10.0.0.7, labels: {app: vm}, serviceAccount: vm}'),
    ),
    want: edge(AUTO_MTLS, 'web/client', 'vm.internal:8080'),
  },
  {
    name: '§3.3d headless service with one endpoint without sidecar: plaintext to all, also to the sidecar endpoint',
    world: HEADLESS(false),
    want: { ...edge(plaintextBy(null), 'web/client', TO_DB), workload: 'db-a' },
  },
  {
    name: '§3.3d headless service whose endpoints all have sidecars: Istio mTLS to all, even a port that is DISABLE',
    world: HEADLESS(true, pa('prod/db-b', '{selector: {matchLabels: {replica: b}}, mtls: {mode: DISABLE}}')),
    want: { ...edge({ clientSends: 'ISTIO_MUTUAL', clientDecidedBy: null, serverMode: 'DISABLE', outcome: 'fail' }, 'web/client', TO_DB), workload: 'db-b' },
  },
  {
    name: '§3.1 an injected pod labelled security.istio.io/tlsMode=disabled gets plaintext from auto mTLS',
    world: world(CLIENT, workload('prod', 'api', { labels: { 'security.istio.io/tlsMode': 'disabled' } })),
    want: edge(plaintextBy(null)),
  },
  {
    name: '§3.2 a normal (EDS) service decides per endpoint: the sidecar endpoint gets mTLS although another has no sidecar',
    world: world(
      CLIENT,
      workload('prod', 'db-a', { app: 'db', portName: 'tcp', port: 5432 }),
      workload('prod', 'db-b', { app: 'db', service: false, sidecar: false, port: 5432 }),
    ),
    want: { ...edge(AUTO_MTLS, 'web/client', TO_DB), workload: 'db-a' },
  },
  {
    name: '§3.1 DR loadBalancer PASSTHROUGH makes the service passthrough: one endpoint without sidecar → plaintext to all',
    world: world(
      CLIENT,
      workload('prod', 'db-a', { app: 'db', portName: 'tcp', port: 5432 }),
      workload('prod', 'db-b', { app: 'db', service: false, sidecar: false, port: 5432 }),
      dr('prod/db', '{host: db, trafficPolicy: {loadBalancer: {simple: PASSTHROUGH}}}'),
    ),
    want: { ...edge(plaintextBy(null), 'web/client', TO_DB), workload: 'db-a' },
  },
  {
    name: '§3.3e a Service not exported to the client namespace is reached through PassthroughCluster: plaintext',
    world: world(CLIENT, workload('prod', 'api', { serviceExportTo: '.' })),
    want: edge(plaintextBy('Service/prod/api')),
  },
  {
    name: '§3.3e a Service exported only to its own namespace: a client elsewhere sends plaintext, which STRICT rejects, whatever its DR says',
    world: world(
      CLIENT,
      workload('prod', 'api', { serviceExportTo: 'prod' }),
      pa('prod/default', '{mtls: {mode: STRICT}}'),
      dr('web/api', `{host: api.prod.svc.cluster.local, ${tls('ISTIO_MUTUAL')}}`),
    ),
    want: edge(plaintextBy('Service/prod/api', 'STRICT')),
  },
  {
    name: '§3.3g subset tls applies only when a VirtualService routes to the subset: the default cluster keeps auto mTLS',
    world: world(BASE, dr('prod/api', `{host: api, subsets: [{name: v1, labels: {version: v1}, ${tls('DISABLE')}}]}`)),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§3.3b a workload STRICT PA does not change what clients send',
    world: world(BASE, pa('prod/api', '{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}}')),
    want: edge({ ...AUTO_MTLS, serverMode: 'STRICT' }),
  },
  {
    name: '§3.3a the reverse works: namespace STRICT with workload DISABLE gets plaintext, accepted',
    world: world(BASE, pa('prod/default', '{mtls: {mode: STRICT}}'), pa('prod/api', '{selector: {matchLabels: {app: api}}, mtls: {mode: DISABLE}}')),
    want: edge(plaintextBy('PeerAuthentication/prod/api', 'DISABLE')),
  },
  {
    name: '§3.3f a DR without tls (subsets only) keeps auto mTLS',
    world: world(BASE, dr('prod/api', '{host: api, subsets: [{name: v1, labels: {version: v1}}]}')),
    want: edge(AUTO_MTLS),
  },
  {
    name: '§3.4 auto mTLS off + STRICT + DR ISTIO_MUTUAL *.local in istio-system: mTLS',
    world: world(BASE, pa('prod/default', '{mtls: {mode: STRICT}}'), dr('istio-system/mesh-mtls', `{host: "*.local", ${tls('ISTIO_MUTUAL')}}`)),
    options: { autoMtls: false },
    want: edge({ clientSends: 'ISTIO_MUTUAL', clientDecidedBy: 'DestinationRule/istio-system/mesh-mtls', serverMode: 'STRICT', outcome: 'mtls' }),
  },
  {
    name: '§3.4 auto mTLS off + STRICT without a DR: plaintext, fails',
    world: world(BASE, pa('prod/default', '{mtls: {mode: STRICT}}')),
    options: { autoMtls: false },
    want: edge(plaintextBy('ConfigMap/istio-system/istio', 'STRICT')),
  },
  {
    name: '§3.4 auto mTLS off: a service DR with a trafficPolicy but no tls hides the mesh ISTIO_MUTUAL DR, fails',
    world: world(
      BASE,
      pa('prod/default', '{mtls: {mode: STRICT}}'),
      dr('istio-system/mesh-mtls', `{host: "*.local", ${tls('ISTIO_MUTUAL')}}`),
      dr('prod/api', '{host: api, trafficPolicy: {connectionPool: {tcp: {maxConnections: 10}}}}'),
    ),
    options: { autoMtls: false },
    want: edge(plaintextBy('ConfigMap/istio-system/istio', 'STRICT')),
  },  {
    name: '§3.2 a DR tls for the cluster\'s endpoints never makes an endpoint without sidecar Istio mTLS: EDS only clears tlsMode',
    world: world(CLIENT, workload('prod', 'api', { sidecar: false }), dr('prod/api', '{host: api, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}, portLevelSettings: [{port: {number: 8080}, connectionPool: {tcp: {maxConnections: 10}}}]}}')),
    want: edge(plaintextBy(null, 'NONE')),
  },
  {
    name: '§3.2 a MESH_EXTERNAL ServiceEntry whose workloadSelector picks a STRICT pod: plaintext reaches its sidecar and fails',
    world: world(
      CLIENT,
      API,
      pa('prod/default', '{mtls: {mode: STRICT}}'),
      serviceEntry('prod/api-external', '{hosts: [api.example.com], location: MESH_EXTERNAL, resolution: STATIC, ports: [{number: 80, name: http, protocol: HTTP, targetPort: 8080}], workloadSelector: {labels: {app: api}}}'),
    ),
    want: { from: 'web/client', to: 'api.example.com:80', clientSends: 'PLAINTEXT', clientDecidedBy: 'ServiceEntry/prod/api-external', serverMode: 'STRICT', outcome: 'fail' },
  },
];
