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
  // Ambient mode: istio-cni's enrollment, istiod's ambient index (what ztunnel receives) and HBONE in Envoy configs.
  cniEnrollment: 'cni/pkg/util/enablement_selector.go CompiledEnablementSelectors.Matches',
  ztunnelPolicies: 'pilot/pkg/serviceregistry/ambient/authorization.go convertedSelectorPeerAuthentications',
  ztunnelPortPolicy: 'pilot/pkg/serviceregistry/ambient/authorization.go convertPeerAuthentication',
  workloadTunnel: 'pilot/pkg/serviceregistry/ambient/workloads.go setTunnelProtocol',
  waypointBinding: 'pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForTarget',
  hboneSockets: 'pilot/pkg/networking/core/cluster_tls.go ClusterBuilder.applyHBONETransportSocketMatches',
  waypointTls: 'pilot/pkg/networking/core/cluster_waypoint.go buildWaypointTLSContext',
  waypointWorkloadChain: 'pilot/pkg/networking/core/listener_waypoint.go ListenerBuilder.buildWaypointInternal',
  sidecarHbone: 'pilot/pkg/networking/core/listener_inbound.go ListenerBuilder.buildInboundHBONEListeners',
} as const;

/**
 * Where ztunnel implements what it does with istiod's configuration (github.com/istio/ztunnel at commit
 * 62d826530e5c, 2026-08-20; ztunnel is Rust, so the conformance suite restates these from its source).
 */
export const ZTUNNEL = {
  outbound: 'src/proxy/outbound.rs OutboundConnection.build_request',
  inboundRbac: 'src/state.rs ProxyState.assert_rbac',
} as const;

/** One explanation step with the Istio source that implements it. */
export function cite(step: string, source: string): string {
  return `${step} [Istio: ${source}]`;
}

/** One explanation step that ztunnel carries out, with the place in ztunnel's source. */
export function citeZtunnel(step: string, source: string): string {
  return `${step} [ztunnel: ${source}]`;
}
