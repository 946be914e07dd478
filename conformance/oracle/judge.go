package oracle

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"google.golang.org/protobuf/types/known/structpb"

	networking "istio.io/api/networking/v1alpha3"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/pkg/networking/util"
	"istio.io/istio/pilot/pkg/simulation"
	"istio.io/istio/pilot/pkg/xds/endpoints"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/host"
)

func serviceEntrySpec(cfg config.Config) (*networking.ServiceEntry, bool) {
	se, ok := cfg.Spec.(*networking.ServiceEntry)
	return se, ok
}

// PortMode is one workload port in meshlock's `status` shape.
type PortMode struct {
	Port int    `json:"port"`
	Mode string `json:"mode"`
}

// WorkloadStatus is one workload in meshlock's `status` shape, plus why it has (no) sidecar.
type WorkloadStatus struct {
	Namespace string     `json:"namespace"`
	Name      string     `json:"name"`
	Sidecar   bool       `json:"sidecar"`
	Reason    string     `json:"sidecarReason"`
	Ports     []PortMode `json:"ports"`
}

// Destination is an edge's target in meshlock's `edges` shape.
type Destination struct {
	Host      string  `json:"host"`
	Port      int     `json:"port"`
	Namespace string  `json:"namespace"`
	Workload  *string `json:"workload"`
}

// Edge is one client → endpoint edge in meshlock's `edges` shape.
type Edge struct {
	Source      string      `json:"source"`
	Destination Destination `json:"destination"`
	ClientSends string      `json:"clientSends"`
	ServerMode  string      `json:"serverMode"`
	Outcome     string      `json:"outcome"`
	Reason      string      `json:"reason"`
}

// Result is the oracle's answer for one world.
type Result struct {
	ID        string           `json:"id"`
	Workloads []WorkloadStatus `json:"workloads"`
	Edges     []Edge           `json:"edges"`
	// Rejected objects were left out: Istio's validation refuses them.
	Rejected []Rejected `json:"rejected"`
	Error    string     `json:"error,omitempty"`
}

type proxyView struct {
	member   *Member
	proxy    *model.Proxy
	sim      *simulation.Simulation
	clusters map[string]*cluster.Cluster
	// eds caches the load assignment this proxy gets per cluster name.
	eds map[string]*endpoint.ClusterLoadAssignment
	// calls caches simulation results per port, protocol and TLS mode.
	calls map[callKey]callResult
}

// Judge runs Istio's control plane on the world and reads what it sends every proxy.
func Judge(t *testing.T, id, text string) Result {
	res := Result{ID: id, Workloads: []WorkloadStatus{}, Edges: []Edge{}}
	w, err := ParseWorld(text)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Rejected = append([]Rejected{}, w.Rejected...)
	c, err := BuildCluster(w, w.MeshConfig)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	fake := xds.NewFakeDiscoveryServer(t, xds.FakeOptions{
		Configs:           w.Configs,
		KubernetesObjects: c.Objects,
		MeshConfig:        w.MeshConfig,
	})
	views := map[string]*proxyView{}
	for _, m := range c.Members {
		if !m.Sidecar {
			continue
		}
		views[m.Key] = newProxyView(t, fake, m)
	}
	services := fake.Env().ServiceDiscovery.Services()
	sort.Slice(services, func(i, j int) bool { return services[i].Hostname < services[j].Hostname })

	for _, m := range c.Members {
		res.Workloads = append(res.Workloads, workloadStatus(c, m, views[m.Key]))
	}
	clients := append([]*Member{nil}, c.Members...)
	for _, svc := range services {
		if strings.HasPrefix(string(svc.Hostname), "*") {
			continue
		}
		for _, port := range svc.Ports {
			eps := serviceEndpoints(fake, svc, port)
			for _, client := range clients {
				res.Edges = append(res.Edges, edgesFrom(fake, c, views, client, svc, port, eps)...)
			}
		}
	}
	return res
}

func newProxyView(t *testing.T, fake *xds.FakeDiscoveryServer, m *Member) *proxyView {
	// istiod finds the proxy's pod by the ID "<pod>.<namespace>", as the agent reports it.
	id := m.Name + "." + m.Namespace
	if m.Pod != nil {
		id = m.Pod.Name + "." + m.Namespace
	}
	p := fake.SetupProxy(&model.Proxy{
		Type:            model.SidecarProxy,
		IPAddresses:     []string{m.IP},
		ID:              id,
		ConfigNamespace: m.Namespace,
		Labels:          m.Labels,
		Metadata: &model.NodeMetadata{
			Namespace: m.Namespace,
			Labels:    m.Labels,
			ClusterID: "Kubernetes",
		},
	})
	sim := simulation.NewSimulation(t, fake, p)
	v := &proxyView{member: m, proxy: p, sim: sim, clusters: map[string]*cluster.Cluster{}, eds: map[string]*endpoint.ClusterLoadAssignment{}, calls: map[callKey]callResult{}}
	for _, cl := range sim.Clusters {
		v.clusters[cl.Name] = cl
	}
	return v
}

// ports a workload serves, as meshlock lists them: container ports plus the target ports of the Services
// (EndpointSlices) and ServiceEntries (workloadSelector) that select it.
func memberPorts(c *Cluster, m *Member) []int {
	set := map[int]bool{}
	for _, p := range m.ContainerPorts {
		set[int(p.ContainerPort)] = true
	}
	for _, svc := range c.World.Services {
		if svc.Namespace != m.Namespace || len(svc.Spec.Selector) == 0 || !subset(svc.Spec.Selector, m.Labels) || m.Pod == nil {
			continue
		}
		for _, sp := range svc.Spec.Ports {
			if port, ok := resolveTargetPort(sp, m.Pod); ok {
				set[port] = true
			}
		}
	}
	for _, cfg := range c.World.Configs {
		se, ok := serviceEntrySpec(cfg)
		if !ok || cfg.Namespace != m.Namespace || se.WorkloadSelector == nil || !subset(se.WorkloadSelector.Labels, m.Labels) {
			continue
		}
		for _, p := range se.Ports {
			if p.TargetPort != 0 {
				set[int(p.TargetPort)] = true
			} else {
				set[int(p.Number)] = true
			}
		}
	}
	out := make([]int, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

func workloadStatus(c *Cluster, m *Member, v *proxyView) WorkloadStatus {
	ws := WorkloadStatus{Namespace: m.Namespace, Name: m.Name, Sidecar: m.Sidecar, Reason: m.Reason, Ports: []PortMode{}}
	for _, port := range memberPorts(c, m) {
		mode := "NONE"
		if v != nil {
			mode = v.inboundMode(port)
		}
		ws.Ports = append(ws.Ports, PortMode{Port: port, Mode: mode})
	}
	return ws
}

type callKey struct {
	port     int
	protocol simulation.Protocol
	tls      simulation.TLSMode
}

type callResult struct {
	ok, terminated bool
	err            error
}

// call runs Istio's traffic simulation against the proxy's inbound listener and says whether the
// connection is accepted and whether the sidecar terminated TLS on the chain it matched.
func (v *proxyView) call(port int, protocol simulation.Protocol, mode simulation.TLSMode) (ok bool, terminated bool, err error) {
	key := callKey{port, protocol, mode}
	if r, found := v.calls[key]; found {
		return r.ok, r.terminated, r.err
	}
	res := v.sim.Run(simulation.Call{
		Address:  v.member.IP,
		Port:     port,
		Protocol: protocol,
		TLS:      mode,
		CallMode: simulation.CallModeInbound,
		CustomListenerValidations: []simulation.CustomFilterChainValidation{func(fc *listener.FilterChain) error {
			terminated = fc.TransportSocket != nil
			return nil
		}},
	})
	v.calls[key] = callResult{res.Error == nil, terminated, res.Error}
	return res.Error == nil, terminated, res.Error
}

// accepts sends one kind of traffic in as HTTP and as TCP: the application speaks whichever its server
// speaks, whatever the Services' port names declare. It reports the first success, else the last error.
func (v *proxyView) accepts(port int, mode simulation.TLSMode) (ok bool, terminated bool, err error) {
	for _, protocol := range []simulation.Protocol{simulation.HTTP, simulation.TCP} {
		ok, terminated, err = v.call(port, protocol, mode)
		if ok && (mode != simulation.MTLS || terminated) {
			return ok, terminated, err
		}
	}
	return ok, terminated, err
}

// inboundMode reads the port's filter chains through the simulation: a chain that terminates Istio mTLS
// and one that takes plaintext → PERMISSIVE; only the first → STRICT; only the second → DISABLE.
func (v *proxyView) inboundMode(port int) string {
	plain, _, _ := v.accepts(port, simulation.Plaintext)
	ok, terminated, _ := v.accepts(port, simulation.MTLS)
	mtls := ok && terminated
	switch {
	case mtls && plain:
		return "PERMISSIVE"
	case mtls:
		return "STRICT"
	case plain:
		return "DISABLE"
	}
	return "UNMATCHED"
}

type serviceEndpoint struct {
	address string
	port    int
	member  *Member
}

// serviceEndpoints are the endpoints Istio's registry holds for one service port (the source of EDS).
func serviceEndpoints(fake *xds.FakeDiscoveryServer, svc *model.Service, port *model.Port) []serviceEndpoint {
	shards, ok := fake.Env().EndpointIndex.ShardsForService(string(svc.Hostname), svc.Attributes.Namespace)
	if !ok {
		return nil
	}
	shards.RLock()
	defer shards.RUnlock()
	var out []serviceEndpoint
	seen := map[string]bool{}
	for _, key := range shards.Keys() {
		for _, ep := range shards.Shards[key] {
			if ep.ServicePortName != port.Name || len(ep.Addresses) == 0 {
				continue
			}
			k := fmt.Sprintf("%s:%d", ep.Addresses[0], ep.EndpointPort)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, serviceEndpoint{address: ep.Addresses[0], port: int(ep.EndpointPort)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].address < out[j].address })
	return out
}

func edgesFrom(fake *xds.FakeDiscoveryServer, c *Cluster, views map[string]*proxyView, client *Member, svc *model.Service, port *model.Port, eps []serviceEndpoint) []Edge {
	source := "outside"
	if client != nil {
		source = client.Key
	}
	dest := func(m *Member) Destination {
		d := Destination{Host: string(svc.Hostname), Port: port.Port, Namespace: svc.Attributes.Namespace}
		if m != nil {
			name := m.Name
			d.Workload = &name
		}
		return d
	}
	var out []Edge
	withMembers := false
	for i := range eps {
		eps[i].member = c.ByIP[eps[i].address]
		if eps[i].member != nil {
			withMembers = true
		}
	}
	if !withMembers {
		// Endpoints outside the mesh's workloads (addresses, DNS names) or none: one edge, as meshlock reports.
		target := serviceEndpoint{port: port.Port}
		if len(eps) > 0 {
			target = eps[0]
		}
		target.member = nil
		sends, why := clientSends(fake, views, client, svc, port, target)
		outcome, mode, reason := outcomeOf(views, sends, target)
		return []Edge{{Source: source, Destination: dest(nil), ClientSends: sends, ServerMode: mode, Outcome: outcome, Reason: why + "; " + reason}}
	}
	for _, ep := range eps {
		if ep.member == nil || ep.member == client {
			continue
		}
		sends, why := clientSends(fake, views, client, svc, port, ep)
		outcome, mode, reason := outcomeOf(views, sends, ep)
		out = append(out, Edge{Source: source, Destination: dest(ep.member), ClientSends: sends, ServerMode: mode, Outcome: outcome, Reason: why + "; " + reason})
	}
	return out
}

// clientSends reads the client's outbound cluster for host:port: the transport socket Envoy picks for the
// endpoint (transport_socket_matches against the endpoint's metadata, else the cluster's transport_socket).
func clientSends(fake *xds.FakeDiscoveryServer, views map[string]*proxyView, client *Member, svc *model.Service, port *model.Port, ep serviceEndpoint) (string, string) {
	if client == nil {
		return "PLAINTEXT", "outside client"
	}
	v := views[client.Key]
	if v == nil {
		return "PLAINTEXT", "client without sidecar"
	}
	name := model.BuildSubsetKey(model.TrafficDirectionOutbound, "", host.Name(svc.Hostname), port.Port)
	cl := v.clusters[name]
	if cl == nil {
		return "PLAINTEXT", "no cluster " + name + " (PassthroughCluster)"
	}
	metadata := &structpb.Struct{}
	found := ep.address == ""
	var cla *endpoint.ClusterLoadAssignment
	if cl.GetType() == cluster.Cluster_EDS {
		cla = v.eds[name]
		if cla == nil {
			builder := endpoints.NewEndpointBuilder(name, v.proxy, fake.PushContext())
			cla = builder.BuildClusterLoadAssignment(fake.Env().EndpointIndex)
			v.eds[name] = cla
		}
	} else {
		cla = cl.GetLoadAssignment()
		if cl.GetType() == cluster.Cluster_ORIGINAL_DST {
			found = true
		}
	}
	for _, locality := range cla.GetEndpoints() {
		for _, lb := range locality.GetLbEndpoints() {
			addr := lb.GetEndpoint().GetAddress().GetSocketAddress()
			if addr.GetAddress() == ep.address && (ep.port == 0 || int(addr.GetPortValue()) == ep.port) || (ep.address == "" && !found) {
				found = true
				if md := lb.GetMetadata().GetFilterMetadata()[util.EnvoyTransportSocketMetadataKey]; md != nil {
					metadata = md
				}
			}
		}
	}
	if !found {
		return "NO_ENDPOINT", "endpoint " + ep.address + " is not in the client's load assignment for " + name
	}
	socket, matched := pickTransportSocket(cl, metadata)
	sends := classify(socket)
	return sends, fmt.Sprintf("cluster %s %s → %s", name, matched, sends)
}

func pickTransportSocket(cl *cluster.Cluster, metadata *structpb.Struct) (*core.TransportSocket, string) {
	for _, m := range cl.GetTransportSocketMatches() {
		if structSubset(m.GetMatch(), metadata) {
			return m.GetTransportSocket(), "transport_socket_match " + m.GetName()
		}
	}
	return cl.GetTransportSocket(), "transport_socket"
}

func structSubset(match, metadata *structpb.Struct) bool {
	for k, v := range match.GetFields() {
		got, ok := metadata.GetFields()[k]
		if !ok || got.GetStringValue() != v.GetStringValue() {
			return false
		}
	}
	return true
}

// classify names the upstream TLS Istio configured: the mesh's SDS certificate "default" is Istio mTLS; other
// client certificates are MUTUAL; TLS without a client certificate is SIMPLE; no TLS is plaintext.
func classify(socket *core.TransportSocket) string {
	if socket == nil || socket.GetTypedConfig() == nil {
		return "PLAINTEXT"
	}
	ctx := &tlsv3.UpstreamTlsContext{}
	if err := socket.GetTypedConfig().UnmarshalTo(ctx); err != nil {
		return "PLAINTEXT"
	}
	common := ctx.GetCommonTlsContext()
	sds := common.GetTlsCertificateSdsSecretConfigs()
	if len(sds) > 0 && sds[0].GetName() == "default" {
		return "ISTIO_MUTUAL"
	}
	if len(sds) > 0 || len(common.GetTlsCertificates()) > 0 {
		return "MUTUAL"
	}
	return "SIMPLE"
}

// outcomeOf sends what the client sends into the endpoint's sidecar (Istio's simulation of its inbound
// listener) or, without sidecar, straight to the application.
func outcomeOf(views map[string]*proxyView, sends string, ep serviceEndpoint) (outcome, mode, reason string) {
	var server *proxyView
	if ep.member != nil {
		server = views[ep.member.Key]
	}
	if sends == "NO_ENDPOINT" {
		return "fail", "NONE", "no endpoint"
	}
	if server == nil {
		switch sends {
		case "PLAINTEXT":
			return "plaintext", "NONE", "plaintext to an application without sidecar"
		case "ISTIO_MUTUAL":
			return "fail", "NONE", "Istio mTLS to an application without sidecar"
		}
		return "tls", "NONE", sends + " TLS straight to the application"
	}
	mode = server.inboundMode(ep.port)
	switch sends {
	case "PLAINTEXT":
		if ok, _, err := server.accepts(ep.port, simulation.Plaintext); ok {
			return "plaintext", mode, "the sidecar accepts plaintext"
		} else {
			return "fail", mode, fmt.Sprintf("plaintext rejected: %v", err)
		}
	case "ISTIO_MUTUAL":
		ok, terminated, err := server.accepts(ep.port, simulation.MTLS)
		if ok && terminated {
			return "mtls", mode, "the sidecar terminates Istio mTLS"
		}
		if ok {
			return "fail", mode, "the sidecar passes Istio mTLS through to the application"
		}
		return "fail", mode, fmt.Sprintf("Istio mTLS rejected: %v", err)
	}
	ok, terminated, err := server.accepts(ep.port, simulation.TLS)
	if ok && !terminated {
		return "tls", mode, "the sidecar passes TLS through to the application"
	}
	if ok {
		return "tls", mode, "the sidecar terminates TLS"
	}
	return "fail", mode, fmt.Sprintf("%s rejected: %v", sends, err)
}
