// Changes of the seeds' migration, as change files hold them: the lab's STRICT policy for a namespace, and
// seed 001's mesh config (the demo's, with auto mTLS off) plus the namespace-wide ISTIO_MUTUAL rule for travel-agency.

export function strictPolicyYaml(namespace: string): string {
  return `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: ${namespace}\nspec:\n  mtls:\n    mode: STRICT\n`;
}

export const SEED_001_CHANGE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
    enableAutoMtls: false
    rootNamespace: istio-system
    trustDomain: cluster.local
    defaultConfig:
      proxyMetadata:
        ISTIO_META_ENABLE_HBONE: "true"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: enable-mtls
  namespace: travel-agency
spec:
  host: "*.travel-agency.svc.cluster.local"
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`;
