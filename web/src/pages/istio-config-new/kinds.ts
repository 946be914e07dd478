// What the console can create: forms for the three kinds of the seeds' security stories, and every other
// Istio kind (and any kind the list shows) from YAML, starting from a template. "Paste YAML" creates
// whatever the pasted document is.
import { preferredApiVersion } from '../../../../src/api/kinds.js';

export const FORM_KINDS = ['PeerAuthentication', 'DestinationRule', 'AuthorizationPolicy'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export function isFormKind(kind: string): kind is FormKind {
  return (FORM_KINDS as readonly string[]).includes(kind);
}

/** The spec a new object of each kind starts from: the smallest one Istio accepts, to be edited. */
const TEMPLATES: Readonly<Record<string, { spec: string }>> = {
  PeerAuthentication: { spec: 'spec:\n  mtls:\n    mode: STRICT\n' },
  DestinationRule: { spec: 'spec:\n  host: reviews\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n' },
  AuthorizationPolicy: { spec: 'spec: {}\n' },
  RequestAuthentication: { spec: 'spec:\n  selector:\n    matchLabels:\n      app: reviews\n  jwtRules:\n    - issuer: https://issuer.example.com\n      jwksUri: https://issuer.example.com/jwks.json\n' },
  VirtualService: { spec: 'spec:\n  hosts:\n    - reviews\n  http:\n    - route:\n        - destination:\n            host: reviews\n' },
  Gateway: { spec: 'spec:\n  selector:\n    istio: ingressgateway\n  servers:\n    - port:\n        number: 80\n        name: http\n        protocol: HTTP\n      hosts:\n        - "*"\n' },
  ServiceEntry: { spec: 'spec:\n  hosts:\n    - api.example.com\n  location: MESH_EXTERNAL\n  ports:\n    - number: 443\n      name: https\n      protocol: TLS\n  resolution: DNS\n' },
  Sidecar: { spec: 'spec:\n  egress:\n    - hosts:\n        - "./*"\n        - "istio-system/*"\n' },
  WorkloadEntry: { spec: 'spec:\n  address: 10.0.0.10\n  labels:\n    app: legacy\n  serviceAccount: legacy\n' },
  WorkloadGroup: { spec: 'spec:\n  metadata:\n    labels:\n      app: legacy\n  template:\n    serviceAccount: legacy\n' },
  Telemetry: { spec: 'spec:\n  accessLogging:\n    - providers:\n        - name: envoy\n' },
  EnvoyFilter: { spec: 'spec:\n  configPatches: []\n' },
};

/** Every kind with a template, in the order the Create menu lists them (Kiali's order: security first). */
export const TEMPLATE_KINDS = Object.keys(TEMPLATES);

/** The version meshlock writes a kind at (core's kind table); `v1` for a kind it does not know. */
export function apiVersionOf(kind: string): string {
  return preferredApiVersion(kind) ?? 'v1';
}

/** A new object's YAML: the kind's template, or an empty spec for a kind the console has no template for. */
export function templateYaml(kind: string, namespace: string): string {
  const template = TEMPLATES[kind];
  return `apiVersion: ${apiVersionOf(kind)}\nkind: ${kind}\nmetadata:\n  name: ""\n  namespace: ${namespace || '""'}\n${template?.spec ?? 'spec: {}\n'}`;
}
