// Where Istio implements each rule the engine applies, at the commit the conformance suite pins
// (conformance/README.md). Explanations end each step with its source so a reader can check the rule there.
export const ISTIO = {
  injectRequired: 'pkg/kube/inject/inject.go injectRequired',
  workloadPolicies: 'pilot/pkg/model/authentication.go AuthenticationPolicies.GetPeerAuthenticationsForWorkload',
  composePolicies: 'pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication',
  namespaceMode: 'pilot/pkg/model/authentication.go AuthenticationPolicies.GetNamespaceMutualTLSMode',
  inboundChains: 'pilot/pkg/networking/core/filterchain_options.go getFilterChainMatchOptions',
  serviceVisible: 'pilot/pkg/model/push_context.go PushContext.IsServiceVisible',
  destinationRuleLookup: 'pilot/pkg/model/push_context.go PushContext.destinationRule',
  destinationRuleMerge: 'pilot/pkg/model/destination_rule.go PushContext.mergeDestinationRule',
  portLevelPolicy: 'pilot/pkg/networking/core/cluster_traffic_policy.go selectTrafficPolicyComponents',
  upstreamTlsSettings: 'pilot/pkg/networking/core/cluster_tls.go ClusterBuilder.buildUpstreamTLSSettings',
  upstreamTlsContext: 'pilot/pkg/networking/core/cluster_tls.go ClusterBuilder.buildUpstreamClusterTLSContext',
  serviceMtlsMode: 'pilot/pkg/model/push_context.go PushContext.BestEffortInferServiceMTLSMode',
  endpointMtls: 'pilot/pkg/xds/endpoints/mtls_checker.go mtlsChecker.checkMtlsEnabled',
  endpointMetadata: 'pilot/pkg/xds/endpoints/endpoint_builder.go buildEnvoyLbEndpoint',
  endpointServices: 'pilot/pkg/serviceregistry/kube/controller/endpointslice.go endpointSliceController.updateEndpointCacheForSlice',
} as const;

/** One explanation step with the Istio source that implements it. */
export function cite(step: string, source: string): string {
  return `${step} [Istio: ${source}]`;
}
