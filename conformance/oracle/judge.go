package oracle

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	internalupstream "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/internal_upstream/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"google.golang.org/protobuf/types/known/structpb"
	corev1 "k8s.io/api/core/v1"

	networking "istio.io/api/networking/v1alpha3"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/pkg/networking/util"
	"istio.io/istio/pilot/pkg/simulation"
	"istio.io/istio/pilot/pkg/xds/endpoints"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/host"
	"istio.io/istio/pkg/workloadapi"
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
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Sidecar   bool   `json:"sidecar"`
	// Dataplane: "sidecar", "ambient" (istiod tells ztunnel it takes HBONE) or "none".
	Dataplane string     `json:"dataplane"`
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
	// Tunnel is "HBONE" when the last hop reaches the endpoint through an HBONE tunnel.
	Tunnel string `json:"tunnel,omitempty"`
	// Waypoint ("namespace/name") the connection passes through, when it does.
	Waypoint string `json:"waypoint,omitempty"`
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
	// hboneChains are the target ports the sidecar's HBONE listener serves (0: its passthrough chain).
	hboneChains map[int]bool
	// eds caches the load assignment this proxy gets per cluster name.
	eds map[string]*endpoint.ClusterLoadAssignment
	// calls caches simulation results per port, protocol and TLS mode.
	calls map[callKey]callResult
}

// judge holds what Istio configured for one world: every sidecar's and waypoint's Envoy config and ztunnel's view.
type judge struct {
	fake      *xds.FakeDiscoveryServer
	cluster   *Cluster
	views     map[string]*proxyView
	waypoints map[string]*proxyView
	ztunnel   *ztunnelView
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
	zt, err := readZtunnelView(fake)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	j := &judge{fake: fake, cluster: c, views: map[string]*proxyView{}, waypoints: map[string]*proxyView{}, ztunnel: zt}
	for _, m := range c.Members {
		if m.Sidecar {
			j.views[m.Key] = newProxyView(t, fake, m, model.SidecarProxy)
		}
	}
	for key, m := range c.Waypoints {
		j.waypoints[key] = newProxyView(t, fake, m, model.Waypoint)
	}
	services := fake.Env().ServiceDiscovery.Services()
	sort.Slice(services, func(i, j int) bool { return services[i].Hostname < services[j].Hostname })

	clients := []*Member{nil}
	for _, m := range c.Members {
		if m.Synthetic {
			continue
		}
		res.Workloads = append(res.Workloads, j.workloadStatus(m))
		clients = append(clients, m)
	}
	for _, svc := range services {
		if strings.HasPrefix(string(svc.Hostname), "*") || c.Synthesized[string(svc.Hostname)] {
			continue
		}
		for _, port := range svc.Ports {
			eps := serviceEndpoints(fake, svc, port)
			for _, client := range clients {
				res.Edges = append(res.Edges, j.edgesFrom(client, svc, port, eps)...)
			}
		}
	}
	return res
}

func newProxyView(t *testing.T, fake *xds.FakeDiscoveryServer, m *Member, kind model.NodeType) *proxyView {
	// istiod finds the proxy's pod by the ID "<pod>.<namespace>", as the agent reports it.
	id := m.Name + "." + m.Namespace
	if m.Pod != nil {
		id = m.Pod.Name + "." + m.Namespace
	}
	p := fake.SetupProxy(&model.Proxy{
		Type:            kind,
		IPAddresses:     []string{m.IP},
		ID:              id,
		ConfigNamespace: m.Namespace,
		Labels:          m.Labels,
		Metadata: &model.NodeMetadata{
			Namespace:   m.Namespace,
			Labels:      m.Labels,
			ClusterID:   "Kubernetes",
			EnableHBONE: model.StringBool(agentEnablesHBONE(m.Pod)),
		},
	})
	sim := simulation.NewSimulation(t, fake, p)
	v := &proxyView{member: m, proxy: p, sim: sim, clusters: map[string]*cluster.Cluster{}, eds: map[string]*endpoint.ClusterLoadAssignment{}, calls: map[callKey]callResult{}, hboneChains: map[int]bool{}}
	for _, cl := range sim.Clusters {
		v.clusters[cl.Name] = cl
	}
	terminates := false
	for _, l := range sim.Listeners {
		switch l.GetName() {
		case "connect_terminate":
			terminates = true
		case "main_internal":
			for _, fc := range l.GetFilterChains() {
				v.hboneChains[int(fc.GetFilterChainMatch().GetDestinationPort().GetValue())] = true
			}
		}
	}
	if !terminates {
		v.hboneChains = map[int]bool{}
	}
	return v
}

// agentEnablesHBONE: the injected istio-proxy container sets ISTIO_META_ENABLE_HBONE (from the mesh config's
// proxyMetadata), which the agent reports to istiod as the proxy's ENABLE_HBONE metadata.
func agentEnablesHBONE(pod *corev1.Pod) bool {
	if pod == nil {
		return false
	}
	for _, c := range append(append([]corev1.Container{}, pod.Spec.Containers...), pod.Spec.InitContainers...) {
		if c.Name != "istio-proxy" {
			continue
		}
		for _, e := range c.Env {
			if e.Name == "ISTIO_META_ENABLE_HBONE" && e.Value == "true" {
				return true
			}
		}
	}
	return false
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

func (j *judge) workloadStatus(m *Member) WorkloadStatus {
	dataplane, reason := "none", m.Reason
	zw := j.ztunnel.workloadsByIP[m.IP]
	switch {
	case m.Sidecar:
		dataplane = "sidecar"
	case capturedByZtunnel(zw):
		dataplane, reason = "ambient", "istio-cni enrolled the pod; istiod tells ztunnel it takes HBONE"
	case m.Enrolled:
		reason = "istio-cni enrolled the pod, but istiod does not tell ztunnel it takes HBONE"
	}
	ws := WorkloadStatus{Namespace: m.Namespace, Name: m.Name, Sidecar: m.Sidecar, Dataplane: dataplane, Reason: reason, Ports: []PortMode{}}
	for _, port := range memberPorts(j.cluster, m) {
		mode := "NONE"
		switch dataplane {
		case "sidecar":
			mode = j.views[m.Key].inboundMode(port)
		case "ambient":
			mode = j.ztunnelMode(zw, port)
		}
		ws.Ports = append(ws.Ports, PortMode{Port: port, Mode: mode})
	}
	return ws
}

// ztunnelMode is what ztunnel accepts on a captured pod's port: HBONE always; plaintext unless a DENY policy
// istiod converted from PeerAuthentications matches it (STRICT), so PERMISSIVE otherwise.
func (j *judge) ztunnelMode(w *workloadapi.Workload, port int) string {
	denied, err := j.ztunnel.plaintextDenied(w, port)
	if err != nil {
		return "ERROR: " + err.Error()
	}
	if denied != "" {
		return "STRICT"
	}
	return "PERMISSIVE"
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

// hop is what reaches the endpoint: the TLS the sender originates (PLAINTEXT, ISTIO_MUTUAL, SIMPLE, MUTUAL or
// NO_ENDPOINT) and whether it travels inside an HBONE tunnel.
type hop struct {
	sends    string
	hbone    bool
	why      string
	waypoint string
}

// reported is the edge's clientSends: Istio mTLS when the endpoint gets a bare HBONE tunnel, else what is inside.
func (h hop) reported() string {
	if h.hbone && h.sends == "PLAINTEXT" {
		return "ISTIO_MUTUAL"
	}
	return h.sends
}

func (j *judge) edgesFrom(client *Member, svc *model.Service, port *model.Port, eps []serviceEndpoint) []Edge {
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
	edge := func(target serviceEndpoint) Edge {
		h := j.clientSends(client, svc, port, target)
		outcome, mode, reason := j.outcomeOf(h, target)
		e := Edge{Source: source, Destination: dest(target.member), ClientSends: h.reported(), ServerMode: mode, Outcome: outcome, Reason: h.why + "; " + reason, Waypoint: h.waypoint}
		if h.hbone {
			e.Tunnel = "HBONE"
		}
		return e
	}
	withMembers := false
	for i := range eps {
		eps[i].member = j.cluster.ByIP[eps[i].address]
		if eps[i].member != nil && !eps[i].member.Synthetic {
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
		return []Edge{edge(target)}
	}
	var out []Edge
	for _, ep := range eps {
		if ep.member == nil || ep.member == client || ep.member.Synthetic {
			continue
		}
		out = append(out, edge(ep))
	}
	return out
}

// clientSends is what leaves the client's data plane for the endpoint: its sidecar's Envoy config, or ztunnel
// as istiod configures it, or plaintext without either.
func (j *judge) clientSends(client *Member, svc *model.Service, port *model.Port, ep serviceEndpoint) hop {
	if client == nil {
		return hop{sends: "PLAINTEXT", why: "outside client"}
	}
	if v := j.views[client.Key]; v != nil {
		name := model.BuildSubsetKey(model.TrafficDirectionOutbound, "", host.Name(svc.Hostname), port.Port)
		return j.proxySends(v, name, ep)
	}
	if capturedByZtunnel(j.ztunnel.workloadsByIP[client.IP]) {
		return j.ztunnelSends(svc, port, ep)
	}
	return hop{sends: "PLAINTEXT", why: "client without sidecar or ztunnel"}
}

// ztunnelSends follows ztunnel's build_request: a service-addressed connection (the Service has a VIP) goes to
// the Service's waypoint when it has one; otherwise to the endpoint's workload, through the workload's waypoint
// when not service-addressed, over HBONE when istiod says the workload takes it, else as plain TCP.
func (j *judge) ztunnelSends(svc *model.Service, port *model.Port, ep serviceEndpoint) hop {
	zsvc := j.ztunnel.services[string(svc.Hostname)]
	serviceAddressed := zsvc != nil && len(zsvc.Addresses) > 0
	if serviceAddressed && zsvc.Waypoint != nil {
		return j.throughWaypoint(waypointName(zsvc.Waypoint), svc, port, ep)
	}
	target := j.ztunnel.workloadsByIP[ep.address]
	if target == nil {
		return hop{sends: "PLAINTEXT", why: "ztunnel knows no workload at the endpoint: passthrough TCP"}
	}
	if !serviceAddressed && target.Waypoint != nil {
		return j.throughWorkloadWaypoint(waypointName(target.Waypoint))
	}
	if target.TunnelProtocol == workloadapi.TunnelProtocol_HBONE {
		return hop{sends: "PLAINTEXT", hbone: true, why: "ztunnel: the workload takes HBONE"}
	}
	return hop{sends: "PLAINTEXT", why: "ztunnel: the workload takes plain TCP"}
}

// throughWaypoint: ztunnel tunnels the connection to the waypoint, which sends it on through its inbound-vip
// cluster for the service port (its DestinationRule applied).
func (j *judge) throughWaypoint(name string, svc *model.Service, port *model.Port, ep serviceEndpoint) hop {
	v := j.waypoints[name]
	if v == nil {
		return hop{sends: "NO_ENDPOINT", why: "waypoint " + name + " has no proxy", waypoint: name}
	}
	for _, subset := range []string{"http", "tcp"} {
		clusterName := model.BuildSubsetKey(model.TrafficDirectionInboundVIP, subset, host.Name(svc.Hostname), port.Port)
		if v.clusters[clusterName] != nil {
			h := j.proxySends(v, clusterName, ep)
			h.waypoint = name
			h.why = "through waypoint " + name + ": " + h.why
			return h
		}
	}
	return hop{sends: "NO_ENDPOINT", why: "waypoint " + name + " has no cluster for " + string(svc.Hostname), waypoint: name}
}

// throughWorkloadWaypoint: a waypoint takes workload-addressed connections on its direct pod access chains, which
// send them to the "encap" cluster and from there through connect_originate: HBONE to the pod, no DestinationRule.
func (j *judge) throughWorkloadWaypoint(name string) hop {
	v := j.waypoints[name]
	if v == nil || v.clusters["encap"] == nil || v.clusters["connect_originate"] == nil {
		return hop{sends: "NO_ENDPOINT", why: "waypoint " + name + " has no encap/connect_originate cluster", waypoint: name}
	}
	return hop{sends: "PLAINTEXT", hbone: true, waypoint: name, why: "through waypoint " + name + ": encap → connect_originate (HBONE to the pod)"}
}

// proxySends reads a proxy's cluster for the endpoint: the transport socket Envoy picks (transport_socket_matches
// against the endpoint's metadata, else the cluster's transport_socket), and whether the endpoint is reached
// through the HBONE tunnel (an internal address of the connect_originate listener).
func (j *judge) proxySends(v *proxyView, name string, ep serviceEndpoint) hop {
	cl := v.clusters[name]
	if cl == nil {
		return hop{sends: "PLAINTEXT", why: "no cluster " + name + " (PassthroughCluster)"}
	}
	metadata := &structpb.Struct{}
	found := ep.address == ""
	tunnel := false
	var cla *endpoint.ClusterLoadAssignment
	if cl.GetType() == cluster.Cluster_EDS {
		cla = v.eds[name]
		if cla == nil {
			builder := endpoints.NewEndpointBuilder(name, v.proxy, j.fake.PushContext())
			cla = builder.BuildClusterLoadAssignment(j.fake.Env().EndpointIndex)
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
			ip, port, hbone := endpointTarget(lb)
			if ip == ep.address && (ep.port == 0 || port == ep.port) || (ep.address == "" && !found) {
				found = true
				tunnel = hbone
				if md := lb.GetMetadata().GetFilterMetadata()[util.EnvoyTransportSocketMetadataKey]; md != nil {
					metadata = md
				}
			}
		}
	}
	if !found {
		return hop{sends: "NO_ENDPOINT", why: "endpoint " + ep.address + " is not in the load assignment for " + name}
	}
	socket, matched := pickTransportSocket(cl, metadata)
	socket, wrapped := unwrapInternalUpstream(socket)
	sends := classify(socket)
	how := ""
	if tunnel {
		how = " inside HBONE"
	} else if wrapped && v.proxy.Type != model.Waypoint {
		// A sidecar's HBONE socket with an endpoint that is not an internal address: Envoy would fail to connect.
		return hop{sends: "NO_ENDPOINT", why: fmt.Sprintf("cluster %s %s wraps an internal upstream for a plain endpoint", name, matched)}
	}
	return hop{sends: sends, hbone: tunnel, why: fmt.Sprintf("cluster %s %s → %s%s", name, matched, sends, how)}
}

// endpointTarget is the IP and port an LbEndpoint reaches, and whether it goes through HBONE (an Envoy internal
// address of the connect_originate listener, with "IP:port" as its endpoint id).
func endpointTarget(lb *endpoint.LbEndpoint) (string, int, bool) {
	addr := lb.GetEndpoint().GetAddress()
	if internal := addr.GetEnvoyInternalAddress(); internal != nil {
		hostPort, err := netip.ParseAddrPort(internal.GetEndpointId())
		if err != nil {
			return "", 0, true
		}
		return hostPort.Addr().String(), int(hostPort.Port()), true
	}
	socket := addr.GetSocketAddress()
	return socket.GetAddress(), int(socket.GetPortValue()), false
}

// unwrapInternalUpstream returns the socket an internal upstream transport (HBONE or a waypoint's) wraps.
func unwrapInternalUpstream(socket *core.TransportSocket) (*core.TransportSocket, bool) {
	if socket == nil || socket.GetTypedConfig() == nil {
		return socket, false
	}
	internal := &internalupstream.InternalUpstreamTransport{}
	if socket.GetTypedConfig().MessageIs(internal) {
		if err := socket.GetTypedConfig().UnmarshalTo(internal); err == nil {
			return internal.GetTransportSocket(), true
		}
	}
	return socket, false
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
// client certificates are MUTUAL; TLS without a client certificate is SIMPLE; no TLS (or a raw buffer) is plaintext.
func classify(socket *core.TransportSocket) string {
	if socket == nil || socket.GetTypedConfig() == nil {
		return "PLAINTEXT"
	}
	ctx := &tlsv3.UpstreamTlsContext{}
	if !socket.GetTypedConfig().MessageIs(ctx) {
		return "PLAINTEXT"
	}
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

// outcomeOf sends what arrives into the endpoint's data plane: its sidecar (Istio's simulation of the inbound
// listener, or its HBONE listener), ztunnel (HBONE always; plaintext as its policies say), or the application.
func (j *judge) outcomeOf(h hop, ep serviceEndpoint) (outcome, mode, reason string) {
	if h.sends == "NO_ENDPOINT" {
		return "fail", "NONE", "no endpoint"
	}
	var server *Member
	if ep.member != nil && !ep.member.Synthetic {
		server = ep.member
	}
	if server == nil {
		return appOutcome(h, "NONE")
	}
	if v := j.views[server.Key]; v != nil {
		return v.sidecarOutcome(h, ep.port)
	}
	if zw := j.ztunnel.workloadsByIP[server.IP]; capturedByZtunnel(zw) {
		mode = j.ztunnelMode(zw, ep.port)
		if h.hbone {
			if h.sends == "PLAINTEXT" {
				return "mtls", mode, "ztunnel terminates HBONE (the peer identity satisfies its policies)"
			}
			return "tls", mode, "ztunnel terminates HBONE and passes " + h.sends + " TLS to the application"
		}
		denied, err := j.ztunnel.plaintextDenied(zw, ep.port)
		if err != nil {
			return "fail", mode, err.Error()
		}
		if denied != "" {
			return "fail", mode, "ztunnel denies a connection without peer identity (" + denied + ")"
		}
		return appOutcome(h, mode)
	}
	return appOutcome(h, "NONE")
}

// appOutcome: the application gets the connection as sent.
func appOutcome(h hop, mode string) (string, string, string) {
	if h.hbone {
		return "fail", mode, "HBONE to a destination that does not terminate it"
	}
	switch h.sends {
	case "PLAINTEXT":
		return "plaintext", mode, "plaintext to the application"
	case "ISTIO_MUTUAL":
		return "fail", mode, "Istio mTLS to an application without sidecar"
	}
	return "tls", mode, h.sends + " TLS straight to the application"
}

func (server *proxyView) sidecarOutcome(h hop, port int) (outcome, mode, reason string) {
	mode = server.inboundMode(port)
	if h.hbone {
		if !server.hboneChains[port] && !server.hboneChains[0] {
			return "fail", mode, "the sidecar has no HBONE listener for the port"
		}
		if h.sends == "PLAINTEXT" {
			return "mtls", mode, "the sidecar terminates HBONE"
		}
		return "tls", mode, "the sidecar terminates HBONE and passes " + h.sends + " TLS on"
	}
	switch h.sends {
	case "PLAINTEXT":
		if ok, _, err := server.accepts(port, simulation.Plaintext); ok {
			return "plaintext", mode, "the sidecar accepts plaintext"
		} else {
			return "fail", mode, fmt.Sprintf("plaintext rejected: %v", err)
		}
	case "ISTIO_MUTUAL":
		ok, terminated, err := server.accepts(port, simulation.MTLS)
		if ok && terminated {
			return "mtls", mode, "the sidecar terminates Istio mTLS"
		}
		if ok {
			return "fail", mode, "the sidecar passes Istio mTLS through to the application"
		}
		return "fail", mode, fmt.Sprintf("Istio mTLS rejected: %v", err)
	}
	ok, terminated, err := server.accepts(port, simulation.TLS)
	if ok && !terminated {
		return "tls", mode, "the sidecar passes TLS through to the application"
	}
	if ok {
		return "tls", mode, "the sidecar terminates TLS"
	}
	return "fail", mode, fmt.Sprintf("%s rejected: %v", h.sends, err)
}
