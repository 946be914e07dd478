package oracle

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"istio.io/api/annotation"
	"istio.io/api/label"
	meshconfig "istio.io/api/mesh/v1alpha1"
	"istio.io/istio/pkg/config/constants"
)

// Member is one workload as the cluster runs it: its admitted pod (one replica is enough: replicas are alike).
type Member struct {
	Key       string // namespace/name, meshlock's workload id
	Namespace string
	Name      string
	IP        string
	Labels    map[string]string
	Sidecar   bool
	Reason    string
	// Enrolled: istio-cni redirects the pod's traffic to ztunnel (it annotated the pod).
	Enrolled bool
	// Waypoint names the Gateway ("namespace/name") this pod is an instance of, when it is one.
	Waypoint string
	// Synthetic: the oracle runs this pod for a waypoint the world only declares; it is not one of the world's workloads.
	Synthetic bool
	Pod       *corev1.Pod // nil for a WorkloadEntry
	// ContainerPorts are the application's ports (istio-proxy's own are left out, as meshlock does).
	ContainerPorts []corev1.ContainerPort
}

// Cluster is the world as the API server and its controllers would hold it.
type Cluster struct {
	World   *World
	Members []*Member
	ByIP    map[string]*Member
	Objects []runtime.Object
	// Waypoints are the deployed waypoints by "namespace/name", with the pod that runs each.
	Waypoints map[string]*Member
	// Synthesized are the hostnames of Services the oracle added for waypoints the world only declares as a Gateway.
	Synthesized map[string]bool
}

// BuildCluster admits every workload's pod, gives pods and Services addresses, and writes the
// EndpointSlices Kubernetes' endpoint-slice controller would write for each selector Service.
func BuildCluster(w *World, m *meshconfig.MeshConfig) (*Cluster, error) {
	c := &Cluster{World: w, ByIP: map[string]*Member{}, Waypoints: map[string]*Member{}, Synthesized: map[string]bool{}}
	for _, name := range w.NamespaceNames() {
		c.Objects = append(c.Objects, w.NamespaceObject(name))
	}
	cni, err := renderCNI()
	if err != nil {
		return nil, err
	}
	for i, wl := range w.Workloads {
		adm, err := w.Admit(wl, m)
		if err != nil {
			return nil, err
		}
		ip := fmt.Sprintf("10.%d.%d.%d", 10+i/62500, (i/250)%250, i%250+1)
		podName := wl.Name
		if wl.Kind != "Pod" {
			podName = wl.Name + "-0"
		}
		labels := map[string]string{}
		for k, v := range adm.Pod.Labels {
			labels[k] = v
		}
		pod := &corev1.Pod{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
			ObjectMeta: metav1.ObjectMeta{Name: podName, Namespace: wl.Namespace, Labels: labels, Annotations: adm.Pod.Annotations},
			Spec:       adm.Pod.Spec,
			Status: corev1.PodStatus{
				Phase:      corev1.PodRunning,
				PodIP:      ip,
				PodIPs:     []corev1.PodIP{{IP: ip}},
				HostIP:     "192.168.0.1",
				Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
			},
		}
		if wl.Kind != "Pod" {
			pod.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: wl.Kind, Name: wl.Name}}
		}
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations = copyMap(pod.Annotations)
		// istio-cni's node agent decides on the admitted pod: a redirection annotation in the world is its old
		// decision, which it reconciles away when the selectors no longer match.
		delete(pod.Annotations, annotation.AmbientRedirection.Name)
		member := &Member{
			Key: wl.Namespace + "/" + wl.Name, Namespace: wl.Namespace, Name: wl.Name, IP: ip, Labels: labels,
			Sidecar: adm.Injected, Reason: adm.Reason, Pod: pod,
			Enrolled: cni.enroll(pod, w.NamespaceObject(wl.Namespace).Labels),
		}
		for _, ctr := range wl.Template.Spec.Containers {
			if ctr.Name != "istio-proxy" {
				member.ContainerPorts = append(member.ContainerPorts, ctr.Ports...)
			}
		}
		c.Members = append(c.Members, member)
		c.ByIP[ip] = member
		c.Objects = append(c.Objects, pod)
	}
	for _, we := range w.WorkloadEntries {
		if we.Address == "" {
			continue
		}
		tls := we.Labels["security.istio.io/tlsMode"]
		sidecar := tls == "istio" || (tls == "" && we.ServiceAccount != "")
		member := &Member{Key: we.Namespace + "/" + we.Name, Namespace: we.Namespace, Name: we.Name, IP: we.Address, Labels: we.Labels, Sidecar: sidecar, Reason: "WorkloadEntry"}
		c.Members = append(c.Members, member)
		c.ByIP[we.Address] = member
	}
	services := append(append([]*corev1.Service{}, w.Services...), c.deployWaypoints()...)
	for i, svc := range services {
		svc = svc.DeepCopy()
		if svc.Spec.ClusterIP == "" {
			svc.Spec.ClusterIP = fmt.Sprintf("172.20.%d.%d", i/250, i%250+1)
		}
		c.Objects = append(c.Objects, svc)
		c.Objects = append(c.Objects, c.endpointSlices(svc)...)
	}
	c.Objects = append(c.Objects, w.IstioKubeObjects...)
	for _, gc := range w.GatewayClasses {
		c.Objects = append(c.Objects, gc)
	}
	return c, nil
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// endpointSlices groups the selected ready pods by their resolved ports, as the endpoint-slice controller
// does: a named targetPort resolves per pod, and a pod without that named port is left out of that port.
func (c *Cluster) endpointSlices(svc *corev1.Service) []runtime.Object {
	if len(svc.Spec.Selector) == 0 {
		return nil
	}
	type group struct {
		ports []discoveryv1.EndpointPort
		pods  []*Member
	}
	groups := map[string]*group{}
	var order []string
	for _, m := range c.Members {
		if m.Pod == nil || m.Namespace != svc.Namespace || !subset(svc.Spec.Selector, m.Labels) {
			continue
		}
		var ports []discoveryv1.EndpointPort
		var key []string
		for _, sp := range svc.Spec.Ports {
			port, ok := resolveTargetPort(sp, m.Pod)
			if !ok {
				continue
			}
			name, proto, p := sp.Name, sp.Protocol, int32(port)
			if proto == "" {
				proto = corev1.ProtocolTCP
			}
			ep := discoveryv1.EndpointPort{Name: &name, Protocol: &proto, Port: &p}
			if sp.AppProtocol != nil {
				ap := *sp.AppProtocol
				ep.AppProtocol = &ap
			}
			ports = append(ports, ep)
			key = append(key, fmt.Sprintf("%s=%d", name, port))
		}
		k := strings.Join(key, ",")
		g, ok := groups[k]
		if !ok {
			g = &group{ports: ports}
			groups[k] = g
			order = append(order, k)
		}
		g.pods = append(g.pods, m)
	}
	var out []runtime.Object
	for i, k := range order {
		g := groups[k]
		slice := &discoveryv1.EndpointSlice{
			TypeMeta: metav1.TypeMeta{APIVersion: "discovery.k8s.io/v1", Kind: "EndpointSlice"},
			ObjectMeta: metav1.ObjectMeta{
				Name: fmt.Sprintf("%s-%d", svc.Name, i), Namespace: svc.Namespace,
				Labels: map[string]string{discoveryv1.LabelServiceName: svc.Name},
			},
			AddressType: discoveryv1.AddressTypeIPv4,
			Ports:       g.ports,
		}
		for _, m := range g.pods {
			ready := true
			slice.Endpoints = append(slice.Endpoints, discoveryv1.Endpoint{
				Addresses:  []string{m.IP},
				Conditions: discoveryv1.EndpointConditions{Ready: &ready},
				TargetRef:  &corev1.ObjectReference{Kind: "Pod", Namespace: m.Namespace, Name: m.Pod.Name},
			})
		}
		out = append(out, slice)
	}
	return out
}

func resolveTargetPort(sp corev1.ServicePort, pod *corev1.Pod) (int, bool) {
	switch {
	case sp.TargetPort.Type == intstr.String:
		for _, ctr := range pod.Spec.Containers {
			for _, p := range ctr.Ports {
				if p.Name == sp.TargetPort.StrVal {
					return int(p.ContainerPort), true
				}
			}
		}
		return 0, false
	case sp.TargetPort.IntVal != 0:
		return int(sp.TargetPort.IntVal), true
	default:
		return int(sp.Port), true
	}
}

func subset(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// isWaypointGateway: a Gateway istiod's mesh controller deploys as a waypoint (class istio-waypoint, or a
// GatewayClass of the world whose controller is istio.io/mesh-controller).
func (w *World) isWaypointGateway(gw *gatewayv1.Gateway) bool {
	class := string(gw.Spec.GatewayClassName)
	if class == constants.WaypointGatewayClassName {
		return true
	}
	for _, gc := range w.GatewayClasses {
		if gc.Name == class && string(gc.Spec.ControllerName) == constants.ManagedGatewayMeshController {
			return true
		}
	}
	return false
}

// deployWaypoints does what istiod's gateway deployment controller and Kubernetes would do for each waypoint
// Gateway: a Service of the Gateway's name with the HBONE port, one ready pod, and the Service's hostname in the
// Gateway's status (only then does the ambient index count it as a waypoint). A pod the world already runs for
// the Gateway (labelled with its name) is used as is. It returns the Services to add.
func (c *Cluster) deployWaypoints() []*corev1.Service {
	var added []*corev1.Service
	for i, gw := range c.World.Gateways {
		gw = gw.DeepCopy()
		if !c.World.isWaypointGateway(gw) {
			c.Objects = append(c.Objects, gw)
			continue
		}
		key := gw.Namespace + "/" + gw.Name
		hostname := fmt.Sprintf("%s.%s.svc.cluster.local", gw.Name, gw.Namespace)
		if len(gw.Status.Addresses) == 0 {
			kind := gatewayv1.HostnameAddressType
			gw.Status.Addresses = []gatewayv1.GatewayStatusAddress{{Type: &kind, Value: hostname}}
		}
		c.Objects = append(c.Objects, gw)
		var instance *Member
		for _, m := range c.Members {
			if m.Namespace == gw.Namespace && m.Labels[label.IoK8sNetworkingGatewayGatewayName.Name] == gw.Name {
				instance = m
				break
			}
		}
		if instance == nil {
			ip := fmt.Sprintf("10.250.%d.%d", i/250, i%250+1)
			labels := map[string]string{
				label.IoK8sNetworkingGatewayGatewayName.Name: gw.Name,
				label.GatewayManaged.Name:                    constants.ManagedGatewayMeshControllerLabel,
				label.IoIstioDataplaneMode.Name:              constants.DataplaneModeNone,
			}
			ready := corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionTrue}
			pod := &corev1.Pod{
				TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
				ObjectMeta: metav1.ObjectMeta{Name: gw.Name + "-waypoint", Namespace: gw.Namespace, Labels: labels},
				Spec:       corev1.PodSpec{ServiceAccountName: gw.Name, Containers: []corev1.Container{{Name: "istio-proxy"}}},
				Status:     corev1.PodStatus{Phase: corev1.PodRunning, PodIP: ip, PodIPs: []corev1.PodIP{{IP: ip}}, HostIP: "192.168.0.1", Conditions: []corev1.PodCondition{ready}},
			}
			instance = &Member{Key: key, Namespace: gw.Namespace, Name: pod.Name, IP: ip, Labels: labels, Pod: pod, Synthetic: true}
			c.Objects = append(c.Objects, pod)
			c.Members = append(c.Members, instance)
			c.ByIP[ip] = instance
		}
		instance.Waypoint = key
		c.Waypoints[key] = instance
		if !c.World.hasService(gw.Namespace, gw.Name) {
			hbone := "hbone"
			added = append(added, &corev1.Service{
				TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
				ObjectMeta: metav1.ObjectMeta{Name: gw.Name, Namespace: gw.Namespace, Labels: map[string]string{
					label.IoK8sNetworkingGatewayGatewayName.Name: gw.Name,
					label.GatewayManaged.Name:                    constants.ManagedGatewayMeshControllerLabel,
				}},
				Spec: corev1.ServiceSpec{
					Selector: map[string]string{label.IoK8sNetworkingGatewayGatewayName.Name: gw.Name},
					Ports:    []corev1.ServicePort{{Name: "mesh", Port: 15008, AppProtocol: &hbone, Protocol: corev1.ProtocolTCP}},
				},
			})
			c.Synthesized[hostname] = true
		}
	}
	return added
}

func (w *World) hasService(namespace, name string) bool {
	for _, s := range w.Services {
		if s.Namespace == namespace && s.Name == name {
			return true
		}
	}
	return false
}
