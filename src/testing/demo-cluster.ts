// The demo mesh as a cluster: fixtures/demo plus policies of every kind the kube source reads (the demo
// itself has none), a ReplicaSet and Pod owned by a Deployment, and istiod's root certificate. Timestamps are
// explicit for reading as files; an API server dates objects itself, in the order they are created, which is
// the order here, so "oldest wins" decides alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoPath } from '../cli/source.js';

/** Self-signed, O=cluster.local, valid 2026-11-23 to 2036-11-20. */
export const DEMO_ROOT_CERT = `-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUC2+5Pnv3TC17qcShaLG8UANk7uIwCgYIKoZIzj0EAwIw
GDEWMBQGA1UECgwNY2x1c3Rlci5sb2NhbDAeFw0yNjExMjMxNzEyMjlaFw0zNjEx
MjAxNzEyMjlaMBgxFjAUBgNVBAoMDWNsdXN0ZXIubG9jYWwwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQyjIjZK7T6snz4AwJ7/GWrFokP3IsQR/N+QVf50wNyqKXp
dt92dEyEgm+6AiFkAcdQi+J5fipYHfugvnBsegrWo1MwUTAdBgNVHQ4EFgQUrxqL
8/QbVPtAGYJ3UqhnSJ71qLUwHwYDVR0jBBgwFoAUrxqL8/QbVPtAGYJ3UqhnSJ71
qLUwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA7/+M2iIl4r+n
cMa+0FmBPraeVLRamTatY6hYb9MlP/oCIFSdn3edJxSQNPNcZ+62NBcUaqvGCCv+
GcoG/fndQX1i
-----END CERTIFICATE-----
`;

const indent = (text: string, spaces: number) => text.trimEnd().split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');

export const DEMO_POLICIES = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
  creationTimestamp: "2024-01-01T00:00:00Z"
spec:
  mtls:
    mode: PERMISSIVE
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: travel-agency
  creationTimestamp: "2024-01-01T00:00:01Z"
spec:
  mtls:
    mode: STRICT
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: travels-port
  namespace: travel-agency
  creationTimestamp: "2024-01-01T00:00:02Z"
spec:
  selector:
    matchLabels:
      app: travels
  portLevelMtls:
    8000:
      mode: PERMISSIVE
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: voyages-plain
  namespace: travel-portal
  creationTimestamp: "2024-01-01T00:00:03Z"
spec:
  host: voyages.travel-portal.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-portal
  namespace: travel-agency
  creationTimestamp: "2024-01-01T00:00:04Z"
spec:
  action: ALLOW
  rules:
    - from:
        - source:
            namespaces: ["travel-portal"]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: travel-control
  creationTimestamp: "2024-01-01T00:00:05Z"
spec:
  egress:
    - hosts: ["./*", "istio-system/*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: travels
  namespace: travel-agency
  creationTimestamp: "2024-01-01T00:00:06Z"
spec:
  hosts: [travels]
  http:
    - route:
        - destination:
            host: travels
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: control
  namespace: travel-control
  creationTimestamp: "2024-01-01T00:00:07Z"
spec:
  selector:
    istio: ingressgateway
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: payments
  namespace: travel-agency
  creationTimestamp: "2024-01-01T00:00:08Z"
spec:
  hosts: [payments.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
    - number: 443
      name: https
      protocol: TLS
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata:
  name: vm-1
  namespace: travel-agency
  creationTimestamp: "2024-01-01T00:00:09Z"
spec:
  address: 10.0.0.5
  serviceAccount: vm
  labels:
    app: vm
  ports:
    http: 8080
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: travels-6d8f9
  namespace: travel-agency
  ownerReferences:
    - { apiVersion: apps/v1, kind: Deployment, name: travels, uid: "1" }
spec:
  selector:
    matchLabels: { app: travels, version: v1 }
  template:
    metadata:
      labels: { app: travels, version: v1 }
    spec:
      containers:
        - name: travels
          image: quay.io/kiali/demo_travels_travels:v1
          ports:
            - containerPort: 8000
---
apiVersion: v1
kind: Pod
metadata:
  name: travels-6d8f9-abcde
  namespace: travel-agency
  labels: { app: travels, version: v1 }
  ownerReferences:
    - { apiVersion: apps/v1, kind: ReplicaSet, name: travels-6d8f9, uid: "2" }
spec:
  containers:
    - name: travels
      image: quay.io/kiali/demo_travels_travels:v1
      ports:
        - containerPort: 8000
    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.28.0
status:
  phase: Running
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-ca-root-cert
  namespace: istio-system
data:
  root-cert.pem: |
${indent(DEMO_ROOT_CERT, 4)}
`;

/**
 * The test cluster serves Istio's CRDs only, so Gateway API objects (the demo's waypoint) are left out: the API
 * server would refuse them, and the cluster source does not watch that group.
 */
function withoutGatewayApi(text: string): string {
  return text
    .split(/^---$/m)
    .filter((document) => !/^apiVersion: gateway\.networking\.k8s\.io\//m.test(document))
    .join('---');
}

/** Every demo file (its Gateway API objects left out) and the policies, as `{ name, text }` in load order. */
export function demoClusterFiles(): { name: string; text: string }[] {
  const dir = demoPath();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: withoutGatewayApi(readFileSync(join(dir, name), 'utf8')) }));
  return [...files, { name: 'policies.yaml', text: DEMO_POLICIES }];
}
