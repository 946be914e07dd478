package oracle

// Ambient mode as a cluster runs it: istio-cni enrolls pods (it annotates them), istiod turns pods, Services
// and PeerAuthentications into what ztunnel receives (its workload API and authorization policies), and ztunnel
// applies that. The first two are Istio's own code; ztunnel is Rust, so its two decisions that matter here —
// where an outbound connection goes and whether an inbound one is authorized — are restated from its source
// (src/proxy/outbound.rs build_request, src/state.rs assert_rbac, src/rbac.rs Authorization.matches).

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"istio.io/api/annotation"
	"istio.io/istio/cni/pkg/util"
	"istio.io/istio/operator/pkg/render"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/config/constants"
	"istio.io/istio/pkg/workloadapi"
	"istio.io/istio/pkg/workloadapi/security"
)

// cniEnrollment is what istio-cni's node agent is configured with in Istio's ambient profile: the pod and
// namespace selectors that enroll a pod, and the namespaces it never touches.
type cniEnrollment struct {
	selectors *util.CompiledEnablementSelectors
	excluded  map[string]bool
}

var (
	cniOnce sync.Once
	cniConf *cniEnrollment
	cniErr  error
)

// renderCNI renders the istio-cni chart of the ambient profile (istioctl manifest generate --set profile=ambient)
// and reads the node agent's ConfigMap: AMBIENT_ENABLEMENT_SELECTOR and EXCLUDE_NAMESPACES.
func renderCNI() (*cniEnrollment, error) {
	cniOnce.Do(func() {
		sets, _, err := render.GenerateManifest(nil, []string{"profile=ambient"}, false, nil, nil)
		if err != nil {
			cniErr = fmt.Errorf("render the ambient profile: %v", err)
			return
		}
		for _, s := range sets {
			for _, m := range s.Manifests {
				if m.GetKind() != "ConfigMap" || m.GetName() != "istio-cni-config" {
					continue
				}
				var cm corev1.ConfigMap
				if err := yaml.Unmarshal([]byte(m.Content), &cm); err != nil {
					cniErr = err
					return
				}
				var selectors []util.EnablementSelector
				if err := yaml.Unmarshal([]byte(cm.Data["AMBIENT_ENABLEMENT_SELECTOR"]), &selectors); err != nil {
					cniErr = err
					return
				}
				compiled, err := util.NewCompiledEnablementSelectors(selectors)
				if err != nil {
					cniErr = err
					return
				}
				excluded := map[string]bool{}
				for _, ns := range util.SplitExcludeNamespaces(cm.Data["EXCLUDE_NAMESPACES"]) {
					excluded[ns] = true
				}
				cniConf = &cniEnrollment{selectors: compiled, excluded: excluded}
				return
			}
		}
		cniErr = fmt.Errorf("the ambient profile rendered no istio-cni-config ConfigMap")
	})
	return cniConf, cniErr
}

// enroll is the node agent's reconcilePod: a pod that matches the selectors in a namespace not excluded gets
// annotated as redirected to ztunnel (CompiledEnablementSelectors.Matches already refuses hostNetwork pods
// and pods carrying the sidecar injector's status annotation). The ztunnel pods themselves are never enrolled.
func (e *cniEnrollment) enroll(pod *corev1.Pod, namespaceLabels map[string]string) bool {
	if util.IsZtunnelPod("istio-system", pod) || e.excluded[pod.Namespace] || !e.selectors.Matches(pod, namespaceLabels) {
		return false
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	pod.Annotations[annotation.AmbientRedirection.Name] = constants.AmbientRedirectionEnabled
	return true
}

// ztunnelView is what istiod's ambient index tells every ztunnel: workloads, services and authorization policies.
type ztunnelView struct {
	workloadsByIP map[string]*workloadapi.Workload
	services      map[string]*workloadapi.Service // by hostname
	policies      map[string]*security.Authorization
}

func readZtunnelView(fake *xds.FakeDiscoveryServer) (*ztunnelView, error) {
	v := &ztunnelView{workloadsByIP: map[string]*workloadapi.Workload{}, services: map[string]*workloadapi.Service{}, policies: map[string]*security.Authorization{}}
	if fake.AmbientIndex == nil {
		return nil, fmt.Errorf("istiod runs without its ambient index (PILOT_ENABLE_AMBIENT is off)")
	}
	for _, info := range fake.AmbientIndex.All() {
		if w := info.GetWorkload(); w != nil {
			for _, raw := range w.Addresses {
				if ip, ok := netip.AddrFromSlice(raw); ok {
					v.workloadsByIP[ip.String()] = w
				}
			}
		}
		if s := info.GetService(); s != nil {
			v.services[s.Hostname] = s
		}
	}
	for _, p := range fake.AmbientIndex.Policies(nil) {
		if p.Authorization != nil {
			v.policies[p.Authorization.Namespace+"/"+p.Authorization.Name] = p.Authorization
		}
	}
	return v, nil
}

// captured: istiod tells ztunnel the workload takes HBONE and it is not a proxy of its own (a sidecar that
// terminates HBONE is a "native tunnel").
func capturedByZtunnel(w *workloadapi.Workload) bool {
	return w != nil && w.TunnelProtocol == workloadapi.TunnelProtocol_HBONE && !w.NativeTunnel
}

// plaintextDenied is ztunnel's assert_rbac for a connection without a peer identity to the workload's port:
// the DENY policies of its namespace, the global ones and those the workload lists, each matched as
// rbac.rs Authorization.matches does. Policies come only from PeerAuthentications here (no
// AuthorizationPolicy reaches the oracle's API server). It returns the denying policy, or "".
func (v *ztunnelView) plaintextDenied(w *workloadapi.Workload, port int) (string, error) {
	var names []string
	for key, p := range v.policies {
		if (p.Scope == security.Scope_NAMESPACE && p.Namespace == w.Namespace) || p.Scope == security.Scope_GLOBAL {
			names = append(names, key)
		}
	}
	names = append(names, w.AuthorizationPolicies...)
	for _, key := range names {
		p := v.policies[key]
		if p == nil || p.Action != security.Action_DENY || p.DryRun {
			continue
		}
		matched, err := matchesPlaintext(p, port)
		if err != nil {
			return "", fmt.Errorf("policy %s: %v", key, err)
		}
		if matched {
			return key, nil
		}
	}
	return "", nil
}

// matchesPlaintext: a policy matches when any group matches; a group when all its rules do; a rule when any of
// its non-empty matches does; a match when all its conditions hold (negative ones by not matching).
func matchesPlaintext(p *security.Authorization, port int) (bool, error) {
	for _, group := range p.Groups {
		if len(group.Rules) == 0 {
			continue
		}
		all := true
		for _, rule := range group.Rules {
			any := false
			for _, m := range rule.Matches {
				ok, err := matchPlaintext(m, port)
				if err != nil {
					return false, err
				}
				if ok {
					any = true
					break
				}
			}
			if !any {
				all = false
				break
			}
		}
		if all {
			return true, nil
		}
	}
	return false, nil
}

// matchPlaintext holds one match against a connection with no peer identity: a principal condition never
// matches an absent identity (ztunnel strips "spiffe://" first and fails without it).
func matchPlaintext(m *security.Match, port int) (bool, error) {
	if len(m.Namespaces)+len(m.NotNamespaces)+len(m.ServiceAccounts)+len(m.NotServiceAccounts)+len(m.SourceIps)+len(m.NotSourceIps)+len(m.DestinationIps)+len(m.NotDestinationIps) > 0 {
		return false, fmt.Errorf("a match condition the oracle does not evaluate: %v", m)
	}
	if len(m.Principals)+len(m.NotPrincipals)+len(m.DestinationPorts)+len(m.NotDestinationPorts) == 0 {
		return false, nil // an empty match is skipped
	}
	principal := len(m.Principals) == 0
	ports := len(m.DestinationPorts) == 0
	for _, p := range m.DestinationPorts {
		if int(p) == port {
			ports = true
		}
	}
	for _, p := range m.NotDestinationPorts {
		if int(p) == port {
			ports = false
		}
	}
	return principal && ports, nil
}

// waypointName is the waypoint a workload API GatewayAddress points to, as "namespace/name" of its Gateway.
func waypointName(addr *workloadapi.GatewayAddress) string {
	if addr == nil {
		return ""
	}
	if h := addr.GetHostname(); h != nil {
		return h.Namespace + "/" + strings.Split(h.Hostname, ".")[0]
	}
	return "(waypoint by address)"
}
