// MSL007; istio-mtls-semantics §3.4 and §4.3 (the Kubernetes API server has no sidecar).
import { describe, expect, it } from 'vitest';
import { placed } from '../../../testing/checker-findings.js';
import { kubeApiIstioMutual as checker } from './kube-api-istio-mutual.js';

const yaml = (auto: boolean, extra = '') => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "enableAutoMtls: ${auto}"}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls:
    mode: STRICT
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh, namespace: istio-system}
spec: {host: "*.local", trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
${extra}`;
const KUBE_DISABLE = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: kube-api, namespace: istio-system}
spec: {host: kubernetes.default.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}
`;

describe('MSL007 mesh STRICT with auto mTLS off sends Istio mTLS to the Kubernetes API server', () => {
  it.each([
    { name: '*.local ISTIO_MUTUAL without a DISABLE rule for the API server: fires', yaml: yaml(false), want: [{ path: 'spec/mtls/mode', line: 11, column: 11 }] },
    { name: 'with a DISABLE rule for kubernetes.default: quiet', yaml: yaml(false, KUBE_DISABLE), want: [] },
    { name: 'auto mTLS on: quiet', yaml: yaml(true), want: [] },
  ])('$name', ({ yaml, want }) => {
    expect(placed(checker, yaml, 'PeerAuthentication/istio-system/default')).toEqual(want);
  });
});
