// Ambient mode as scenarios: which data plane Istio gives a workload and the waypoint it binds, the mode ztunnel
// enforces on its ports, what each kind of client sends to each kind of server (through a waypoint too), and
// the locks that follow. src/core/mtls/scenarios-ambient.test.ts checks them through the library and the CLI;
// the conformance run holds every world to Istio's own code.
import type { EdgeExpectation, RollupExpectation } from '../scenario-runner.js';
import { destinationRule as dr, namespace, peerAuthentication as pa, serviceEntry, waypoint, workload, world } from '../world-yaml.js';
import type { Scenario } from './scenario.js';

const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const INJECTED = { 'istio-injection': 'enabled' };
const STRICT = pa('prod/default', '{mtls: {mode: STRICT}}');
/** Istio's ambient profile: injected sidecars also terminate HBONE (ISTIO_META_ENABLE_HBONE). */
const SIDECAR_HBONE_MESH =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |-\n    enableAutoMtls: true\n    rootNamespace: istio-system\n' +
  '    defaultConfig:\n      proxyMetadata:\n        ISTIO_META_ENABLE_HBONE: "true"\n';

/** One workload of `meshlock status`: its data plane, waypoint, and the mode of one port. */
export interface DataplaneExpectation {
  readonly workload: string;
  readonly dataplane: 'sidecar' | 'ambient' | 'none';
  readonly waypoint: string | null;
  readonly port: number;
  readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE';
  readonly decidedBy: string | null;
}

const wl = (workloadRef: string, dataplane: DataplaneExpectation['dataplane'], mode: DataplaneExpectation['mode'], decidedBy: string | null = null, waypointRef: string | null = null) => ({
  workload: workloadRef,
  dataplane,
  waypoint: waypointRef,
  port: 8080,
  mode,
  decidedBy,
});

export const AMBIENT_WORKLOAD_SCENARIOS: Scenario<DataplaneExpectation>[] = [
  {
    name: 'namespace istio.io/dataplane-mode=ambient: ztunnel carries the pod; without PeerAuthentication it takes plaintext (PERMISSIVE)',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api')),
    want: wl('prod/api', 'ambient', 'PERMISSIVE'),
  },
  {
    name: 'ambient namespace under a namespace-wide STRICT: ztunnel denies connections without peer identity (STRICT)',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api'), STRICT),
    want: wl('prod/api', 'ambient', 'STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: 'mesh-wide STRICT reaches ambient workloads as it reaches sidecars',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api'), pa('istio-system/default', '{mtls: {mode: STRICT}}')),
    want: wl('prod/api', 'ambient', 'STRICT', 'PeerAuthentication/istio-system/default'),
  },
  {
    name: 'DISABLE on an ambient workload: ztunnel only knows "deny plaintext" or not, so DISABLE is PERMISSIVE',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api'), pa('prod/default', '{mtls: {mode: DISABLE}}')),
    want: wl('prod/api', 'ambient', 'PERMISSIVE', 'PeerAuthentication/prod/default'),
  },
  {
    name: 'the pod opts out of its ambient namespace with istio.io/dataplane-mode=none: nothing enforces mTLS',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api', { labels: { 'istio.io/dataplane-mode': 'none' } }), STRICT),
    want: wl('prod/api', 'none', 'NONE'),
  },
  {
    name: 'a pod labelled istio.io/dataplane-mode=ambient in a plain namespace is enrolled',
    world: world(namespace('prod', {}), workload('prod', 'api', { labels: AMBIENT }), STRICT),
    want: wl('prod/api', 'ambient', 'STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: 'injection and ambient labels on one namespace: the sidecar wins (istio-cni leaves injected pods alone)',
    world: world(namespace('prod', { ...INJECTED, ...AMBIENT }), workload('prod', 'api'), STRICT),
    want: wl('prod/api', 'sidecar', 'STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: 'a pod labelled ambient in an injected namespace gets a sidecar, which then carries its traffic',
    world: world(namespace('prod', INJECTED), workload('prod', 'api', { labels: AMBIENT }), STRICT),
    want: wl('prod/api', 'sidecar', 'STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: 'a port-level PERMISSIVE under a STRICT namespace: istiod sends ztunnel a converted policy that lets plaintext in on that port',
    world: world(
      namespace('prod', AMBIENT),
      workload('prod', 'api'),
      STRICT,
      pa('prod/api', '{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: PERMISSIVE}}}'),
    ),
    want: wl('prod/api', 'ambient', 'PERMISSIVE', 'PeerAuthentication/prod/api'),
  },
  {
    name: 'a port-level DISABLE under a STRICT namespace: istiod converts only PERMISSIVE exceptions, so the port stays STRICT',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api'), STRICT, pa('prod/api', '{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: DISABLE}}}')),
    want: wl('prod/api', 'ambient', 'STRICT', 'PeerAuthentication/prod/default'),
  },
  {
    name: 'namespace istio.io/use-waypoint binds the waypoint Gateway of class istio-waypoint',
    world: world(namespace('prod', { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }), workload('prod', 'api'), waypoint('prod/waypoint')),
    want: wl('prod/api', 'ambient', 'PERMISSIVE', null, 'prod/waypoint'),
  },
  {
    name: "the pod's own istio.io/use-waypoint binds the waypoint without a namespace label",
    world: world(namespace('prod', AMBIENT), workload('prod', 'api', { labels: { 'istio.io/use-waypoint': 'waypoint' } }), waypoint('prod/waypoint', 'workload')),
    want: wl('prod/api', 'ambient', 'PERMISSIVE', null, 'prod/waypoint'),
  },
  {
    name: 'istio.io/use-waypoint naming no waypoint Gateway binds nothing',
    world: world(namespace('prod', { ...AMBIENT, 'istio.io/use-waypoint': 'missing' }), workload('prod', 'api')),
    want: wl('prod/api', 'ambient', 'PERMISSIVE'),
  },
  {
    name: 'the pod opts out of its namespace waypoint with istio.io/use-waypoint=none',
    world: world(
      namespace('prod', { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }),
      workload('prod', 'api', { labels: { 'istio.io/use-waypoint': 'none' } }),
      waypoint('prod/waypoint'),
    ),
    want: wl('prod/api', 'ambient', 'PERMISSIVE'),
  },
];

const api = (labels: Record<string, string>, options: Parameters<typeof workload>[2] = {}) => world(namespace('prod', labels), workload('prod', 'api', options));
const client = (labels: Record<string, string>) => world(namespace('web', labels), workload('web', 'client'));
const edge = (
  from: string,
  clientSends: EdgeExpectation['clientSends'],
  serverMode: EdgeExpectation['serverMode'],
  outcome: EdgeExpectation['outcome'],
  clientDecidedBy: string | null = null,
  to = 'api.prod.svc.cluster.local:8080',
): EdgeExpectation => ({
  from,
  to,
  clientSends,
  clientDecidedBy,
  serverMode,
  outcome,
});

/** An external host with one inline endpoint, in namespace prod whose waypoint takes `trafficFor` traffic. */
const externalEndpoint = (trafficFor: 'service' | 'all') =>
  world(
    client(AMBIENT),
    namespace('prod', { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }),
    waypoint('prod/waypoint', trafficFor),
    serviceEntry('prod/payments', '{hosts: [payments.example.com], location: MESH_EXTERNAL, resolution: STATIC, ports: [{number: 443, name: tcp, protocol: TCP}], endpoints: [{address: 192.0.2.10}]}'),
  );

export const AMBIENT_EDGE_SCENARIOS: Scenario<EdgeExpectation>[] = [
  {
    name: 'ambient → ambient under STRICT: ztunnel to ztunnel over HBONE, mutual TLS with both identities',
    world: world(client(AMBIENT), api(AMBIENT), STRICT),
    want: edge('web/client', 'ISTIO_MUTUAL', 'STRICT', 'mtls'),
  },
  {
    name: 'ambient → ambient: a DestinationRule in the client namespace changes nothing (ztunnel ignores DestinationRules)',
    world: world(client(AMBIENT), api(AMBIENT), dr('web/api', '{host: api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}')),
    want: edge('web/client', 'ISTIO_MUTUAL', 'PERMISSIVE', 'mtls'),
  },
  {
    name: 'outside → ambient under STRICT: plaintext has no peer identity, ztunnel denies it',
    world: world(api(AMBIENT), STRICT),
    want: edge('outside', 'PLAINTEXT', 'STRICT', 'fail'),
  },
  {
    name: 'outside → ambient without PeerAuthentication: ztunnel passes plaintext to the app',
    world: api(AMBIENT),
    want: edge('outside', 'PLAINTEXT', 'PERMISSIVE', 'plaintext'),
  },
  {
    name: 'sidecar → ambient: the sidecar tunnels HBONE to ztunnel (Istio mTLS)',
    world: world(client(INJECTED), api(AMBIENT), STRICT),
    want: edge('web/client', 'ISTIO_MUTUAL', 'STRICT', 'mtls'),
  },
  {
    name: 'sidecar → ambient with DestinationRule DISABLE: the HBONE transport socket comes first, still Istio mTLS',
    world: world(client(INJECTED), api(AMBIENT), STRICT, dr('web/api', '{host: api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}')),
    want: edge('web/client', 'ISTIO_MUTUAL', 'STRICT', 'mtls'),
  },
  {
    name: 'ambient → sidecar that does not terminate HBONE: ztunnel sends plain TCP, which a STRICT sidecar refuses',
    world: world(client(AMBIENT), api(INJECTED), STRICT),
    want: edge('web/client', 'PLAINTEXT', 'STRICT', 'fail'),
  },
  {
    name: 'ambient → PERMISSIVE sidecar that does not terminate HBONE: plaintext',
    world: world(client(AMBIENT), api(INJECTED)),
    want: edge('web/client', 'PLAINTEXT', 'PERMISSIVE', 'plaintext'),
  },
  {
    name: 'ambient → sidecar that terminates HBONE (ambient profile): ztunnel tunnels HBONE to the sidecar',
    world: world(SIDECAR_HBONE_MESH, client(AMBIENT), api(INJECTED), STRICT),
    want: edge('web/client', 'ISTIO_MUTUAL', 'STRICT', 'mtls'),
  },
  {
    name: 'ambient → no data plane: ztunnel sends plain TCP to the app',
    world: world(client(AMBIENT), api({})),
    want: edge('web/client', 'PLAINTEXT', 'NONE', 'plaintext'),
  },
  {
    name: 'a client without sidecar or ambient → ambient under STRICT: denied',
    world: world(client({}), api(AMBIENT), STRICT),
    want: edge('web/client', 'PLAINTEXT', 'STRICT', 'fail'),
  },
  {
    name: 'ambient → a Service with a waypoint: ztunnel tunnels to the waypoint, which tunnels HBONE to the endpoint',
    world: world(client(AMBIENT), api({ ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }), waypoint('prod/waypoint'), STRICT),
    want: edge('web/client', 'ISTIO_MUTUAL', 'STRICT', 'mtls'),
  },
  {
    name: 'through a waypoint, a DestinationRule SIMPLE in the service namespace makes the waypoint originate TLS inside HBONE',
    world: world(
      client(AMBIENT),
      api({ ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }),
      waypoint('prod/waypoint'),
      dr('prod/api', '{host: api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}'),
    ),
    want: edge('web/client', 'SIMPLE', 'PERMISSIVE', 'tls', 'DestinationRule/prod/api'),
  },
  {
    name: "the Service's own istio.io/use-waypoint sends its traffic through the waypoint, which applies the service namespace's DestinationRule",
    world: world(
      client(AMBIENT),
      namespace('prod', AMBIENT),
      workload('prod', 'api', { serviceLabels: { 'istio.io/use-waypoint': 'waypoint' } }),
      waypoint('prod/waypoint'),
      dr('prod/api', '{host: api.prod.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}'),
    ),
    want: edge('web/client', 'SIMPLE', 'PERMISSIVE', 'tls', 'DestinationRule/prod/api'),
  },
  {
    name: 'a waypoint for workload traffic only does not take connections addressed to the Service',
    world: world(client(AMBIENT), api({ ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }), waypoint('prod/waypoint', 'workload'), STRICT),
    want: edge('web/client', 'ISTIO_MUTUAL', 'STRICT', 'mtls'),
  },
  {
    name: "a ServiceEntry's inline endpoint takes its namespace's workload waypoint, which tunnels HBONE to an address that does not terminate it",
    world: externalEndpoint('all'),
    want: edge('web/client', 'ISTIO_MUTUAL', 'NONE', 'fail', null, 'payments.example.com:443'),
  },
  {
    name: 'a waypoint for service traffic only leaves the inline endpoint alone: ztunnel sends plain TCP',
    world: externalEndpoint('service'),
    want: edge('web/client', 'PLAINTEXT', 'NONE', 'plaintext', null, 'payments.example.com:443'),
  },
];

export const AMBIENT_ROLLUP_SCENARIOS: Scenario<RollupExpectation>[] = [
  {
    name: 'an ambient namespace under STRICT is locked (full): ztunnel enforces every port',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api'), STRICT),
    want: { namespace: 'prod', mode: 'STRICT', lock: 'full' },
  },
  {
    name: 'an ambient namespace without PeerAuthentication is PERMISSIVE: plaintext still gets in',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api')),
    want: { namespace: 'prod', mode: 'PERMISSIVE', lock: 'hollow' },
  },
  {
    name: 'a namespace whose pods all opt out of ambient has nothing enforcing mTLS (none)',
    world: world(namespace('prod', AMBIENT), workload('prod', 'api', { labels: { 'istio.io/dataplane-mode': 'none' } }), STRICT),
    want: { namespace: 'prod', lock: 'none' },
  },
];
