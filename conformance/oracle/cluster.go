package oracle

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	meshconfig "istio.io/api/mesh/v1alpha1"
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
}

// BuildCluster admits every workload's pod, gives pods and Services addresses, and writes the
// EndpointSlices Kubernetes' endpoint-slice controller would write for each selector Service.
func BuildCluster(w *World, m *meshconfig.MeshConfig) (*Cluster, error) {
	c := &Cluster{World: w, ByIP: map[string]*Member{}}
	for _, name := range w.NamespaceNames() {
		c.Objects = append(c.Objects, w.NamespaceObject(name))
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
		member := &Member{
			Key: wl.Namespace + "/" + wl.Name, Namespace: wl.Namespace, Name: wl.Name, IP: ip, Labels: labels,
			Sidecar: adm.Injected, Reason: adm.Reason, Pod: pod,
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
	for i, svc := range w.Services {
		svc = svc.DeepCopy()
		if svc.Spec.ClusterIP == "" {
			svc.Spec.ClusterIP = fmt.Sprintf("172.20.%d.%d", i/250, i%250+1)
		}
		c.Objects = append(c.Objects, svc)
		c.Objects = append(c.Objects, c.endpointSlices(svc)...)
	}
	return c, nil
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
