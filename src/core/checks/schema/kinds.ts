// Field tables of the Istio kinds meshlock validates (istio/api protos as of Istio 1.2x; CRD enums per
// istio-mtls-semantics §1.8 and §2.8). Nested settings that no check reads are described to the depth
// where typos are common; below that they are `any`.
import { any, boolean, duration, integer, labels, listOf, mapOf, number, object, oneOf, string, strings, type FieldType } from './field-types.js';

const workloadSelector = object({ matchLabels: labels });
const targetRef = object({ group: string, kind: string, name: string, namespace: string }, ['kind', 'name']);

const peerAuthentication = object({
  selector: workloadSelector,
  mtls: object({ mode: oneOf('UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT') }),
  portLevelMtls: mapOf(object({ mode: oneOf('UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT') }), 'port'),
});

const clientTls = object({
  mode: oneOf('DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'),
  clientCertificate: string,
  privateKey: string,
  caCertificates: string,
  credentialName: string,
  subjectAltNames: strings,
  sni: string,
  insecureSkipVerify: boolean,
  caCrl: string,
});

const loadBalancer = object({
  simple: oneOf('UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'),
  consistentHash: any,
  localityLbSetting: any,
  warmupDurationSecs: duration,
  warmup: any,
});

const connectionPool = object({
  tcp: object({ maxConnections: integer, connectTimeout: duration, tcpKeepalive: any, maxConnectionDuration: duration, idleTimeout: duration }),
  http: object({
    http1MaxPendingRequests: integer,
    http2MaxRequests: integer,
    maxRequestsPerConnection: integer,
    maxRetries: integer,
    idleTimeout: duration,
    h2UpgradePolicy: oneOf('DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'),
    useClientProtocol: boolean,
    maxConcurrentStreams: integer,
  }),
});

const outlierDetection = object({
  splitExternalLocalOriginErrors: boolean,
  consecutiveLocalOriginFailures: integer,
  consecutiveGatewayErrors: integer,
  consecutive5xxErrors: integer,
  consecutiveErrors: integer,
  interval: duration,
  baseEjectionTime: duration,
  maxEjectionPercent: integer,
  minHealthPercent: integer,
});

const portTrafficPolicy = object(
  { port: object({ number: integer }), loadBalancer, connectionPool, outlierDetection, tls: clientTls },
  ['port'],
);

const trafficPolicy = object({
  loadBalancer,
  connectionPool,
  outlierDetection,
  tls: clientTls,
  portLevelSettings: listOf(portTrafficPolicy),
  tunnel: object({ protocol: string, targetHost: string, targetPort: integer }),
  proxyProtocol: object({ version: oneOf('V1', 'V2') }),
  retryBudget: object({ percent: number, minRetryConcurrency: integer }),
});

const destinationRule = object(
  {
    host: string,
    trafficPolicy,
    subsets: listOf(object({ name: string, labels, trafficPolicy }, ['name'])),
    exportTo: strings,
    workloadSelector,
  },
  ['host'],
);

const authorizationPolicy = object({
  selector: workloadSelector,
  targetRef,
  targetRefs: listOf(targetRef),
  action: oneOf('ALLOW', 'DENY', 'AUDIT', 'CUSTOM'),
  provider: object({ name: string }),
  rules: listOf(
    object({
      from: listOf(
        object({
          source: object({
            principals: strings,
            notPrincipals: strings,
            requestPrincipals: strings,
            notRequestPrincipals: strings,
            namespaces: strings,
            notNamespaces: strings,
            ipBlocks: strings,
            notIpBlocks: strings,
            remoteIpBlocks: strings,
            notRemoteIpBlocks: strings,
            serviceAccounts: strings,
            notServiceAccounts: strings,
          }),
        }),
      ),
      to: listOf(
        object({
          operation: object({
            hosts: strings,
            notHosts: strings,
            ports: strings,
            notPorts: strings,
            methods: strings,
            notMethods: strings,
            paths: strings,
            notPaths: strings,
          }),
        }),
      ),
      when: listOf(object({ key: string, values: strings, notValues: strings }, ['key'])),
    }),
  ),
});

const requestAuthentication = object({
  selector: workloadSelector,
  targetRef,
  targetRefs: listOf(targetRef),
  jwtRules: listOf(
    object(
      {
        issuer: string,
        audiences: strings,
        jwksUri: string,
        jwks: string,
        fromHeaders: listOf(object({ name: string, prefix: string }, ['name'])),
        fromParams: strings,
        outputPayloadToHeader: string,
        fromCookies: strings,
        forwardOriginalToken: boolean,
        outputClaimToHeaders: listOf(object({ header: string, claim: string })),
        timeout: duration,
      },
      ['issuer'],
    ),
  ),
});

const portSelector = object({ number: integer });
const destination = object({ host: string, subset: string, port: portSelector }, ['host']);
const stringMatch = object({ exact: string, prefix: string, regex: string });
const headerOperations = object({ set: labels, add: labels, remove: strings });
const headers = object({ request: headerOperations, response: headerOperations });

const httpMatch = object({
  name: string,
  uri: stringMatch,
  scheme: stringMatch,
  method: stringMatch,
  authority: stringMatch,
  headers: mapOf(stringMatch),
  port: integer,
  sourceLabels: labels,
  gateways: strings,
  queryParams: mapOf(stringMatch),
  ignoreUriCase: boolean,
  withoutHeaders: mapOf(stringMatch),
  sourceNamespace: string,
  statPrefix: string,
});

const httpRoute = object({
  name: string,
  match: listOf(httpMatch),
  route: listOf(object({ destination, weight: integer, headers }, ['destination'])),
  redirect: any,
  directResponse: any,
  delegate: object({ name: string, namespace: string }),
  rewrite: object({ uri: string, authority: string, uriRegexRewrite: any }),
  timeout: duration,
  retries: object({ attempts: integer, perTryTimeout: duration, retryOn: string, retryRemoteLocalities: boolean, retryIgnorePreviousHosts: boolean, backoff: duration }),
  fault: any,
  mirror: destination,
  mirrors: listOf(object({ destination, percentage: object({ value: number }) }, ['destination'])),
  mirrorPercentage: object({ value: number }),
  mirrorPercent: integer,
  corsPolicy: any,
  headers,
});

const l4Route = listOf(object({ destination, weight: integer }, ['destination']));
const l4MatchFields = { destinationSubnets: strings, port: integer, sourceLabels: labels, gateways: strings, sourceNamespace: string };

const virtualService = object({
  hosts: strings,
  gateways: strings,
  http: listOf(httpRoute),
  tls: listOf(object({ match: listOf(object({ ...l4MatchFields, sniHosts: strings }, ['sniHosts'])), route: l4Route })),
  tcp: listOf(object({ match: listOf(object({ ...l4MatchFields, sourceSubnet: string })), route: l4Route })),
  exportTo: strings,
});

const serverTls = object({
  httpsRedirect: boolean,
  mode: oneOf('PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'),
  serverCertificate: string,
  privateKey: string,
  caCertificates: string,
  caCrl: string,
  credentialName: string,
  credentialNames: strings,
  tlsCertificates: any,
  subjectAltNames: strings,
  verifyCertificateSpki: strings,
  verifyCertificateHash: strings,
  minProtocolVersion: oneOf('TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'),
  maxProtocolVersion: oneOf('TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'),
  cipherSuites: strings,
});
const port = object({ number: integer, protocol: string, name: string, targetPort: integer });

const gateway = object({
  selector: labels,
  servers: listOf(object({ port, bind: string, hosts: strings, tls: serverTls, defaultEndpoint: string, name: string }, ['port', 'hosts'])),
});

const workloadEntry = object({
  address: string,
  ports: mapOf(integer),
  labels,
  network: string,
  locality: string,
  weight: integer,
  serviceAccount: string,
});

const serviceEntry = object(
  {
    hosts: strings,
    addresses: strings,
    ports: listOf(object({ number: integer, protocol: string, name: string, targetPort: integer }, ['number', 'name'])),
    location: oneOf('MESH_EXTERNAL', 'MESH_INTERNAL'),
    resolution: oneOf('NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN'),
    endpoints: listOf(workloadEntry),
    workloadSelector: object({ labels }),
    exportTo: strings,
    subjectAltNames: strings,
  },
  ['hosts'],
);

const captureMode = oneOf('DEFAULT', 'IPTABLES', 'NONE');
const sidecar = object({
  workloadSelector: object({ labels }),
  ingress: listOf(object({ port, bind: string, captureMode, defaultEndpoint: string, tls: serverTls, connectionPool }, ['port'])),
  egress: listOf(object({ port, bind: string, captureMode, hosts: strings }, ['hosts'])),
  outboundTrafficPolicy: object({ mode: oneOf('REGISTRY_ONLY', 'ALLOW_ANY'), egressProxy: destination }),
  inboundConnectionPool: connectionPool,
});

const workloadGroup = object({ metadata: object({ labels, annotations: labels }), template: workloadEntry, probe: any }, ['template']);

/** The whole document: only these top-level keys exist on a Kubernetes object. */
function documentOf(spec: FieldType, requireSpec: boolean): FieldType {
  return object({ apiVersion: string, kind: string, metadata: any, spec, status: any }, requireSpec ? ['spec'] : []);
}

/** Field tables by `<group>/<Kind>`: every served version of these kinds has the same schema. */
export const SCHEMAS: ReadonlyMap<string, FieldType> = new Map([
  ['security.istio.io/PeerAuthentication', documentOf(peerAuthentication, false)],
  ['networking.istio.io/DestinationRule', documentOf(destinationRule, true)],
  ['security.istio.io/AuthorizationPolicy', documentOf(authorizationPolicy, false)],
  ['security.istio.io/RequestAuthentication', documentOf(requestAuthentication, false)],
  ['networking.istio.io/VirtualService', documentOf(virtualService, true)],
  ['networking.istio.io/Gateway', documentOf(gateway, true)],
  ['networking.istio.io/ServiceEntry', documentOf(serviceEntry, true)],
  ['networking.istio.io/Sidecar', documentOf(sidecar, false)],
  ['networking.istio.io/WorkloadEntry', documentOf(workloadEntry, true)],
  ['networking.istio.io/WorkloadGroup', documentOf(workloadGroup, true)],
]);

export const SCHEMA_KINDS = [
  'PeerAuthentication',
  'DestinationRule',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'VirtualService',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'WorkloadEntry',
  'WorkloadGroup',
];
