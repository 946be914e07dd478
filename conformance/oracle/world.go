// Package oracle runs Istio's own control-plane code on a world (the YAML files meshlock reads) and reports
// what istiod would program into every proxy, in meshlock's `status` and `edges` shapes.
package oracle

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	meshconfig "istio.io/api/mesh/v1alpha1"
	"istio.io/istio/pilot/pkg/config/kube/crd"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/config/schema/collections"
	"istio.io/istio/pkg/config/schema/resource"
	kubelib "istio.io/istio/pkg/kube"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Workload is one controller's pods (or a bare Pod), as meshlock counts workloads.
type Workload struct {
	Kind      string
	Namespace string
	Name      string
	// Template is the pod as the controller would create it, before admission.
	Template corev1.PodTemplateSpec
	// Live is true for a Pod read from a cluster (it has a status): it was admitted long ago.
	Live bool
}

// WorkloadEntry is a VM or other non-Kubernetes endpoint.
type WorkloadEntry struct {
	Namespace      string
	Name           string
	Address        string
	Labels         map[string]string
	ServiceAccount string
}

// World is everything the oracle reads from one world's YAML.
type World struct {
	Namespaces      map[string]*corev1.Namespace
	Services        []*corev1.Service
	Workloads       []Workload
	WorkloadEntries []WorkloadEntry
	// Configs are the Istio objects (PeerAuthentication, DestinationRule, ServiceEntry, WorkloadEntry, ...).
	Configs    []config.Config
	MeshConfig *meshconfig.MeshConfig
	// ConfigMapNamespace is where the mesh ConfigMap was found (istiod's namespace).
	ConfigMapNamespace string
	// Rejected are Istio objects Istio's validation refuses: a cluster never stores them.
	Rejected []Rejected
	// IstioKubeObjects are the Istio objects the ambient index reads from the API server (it watches
	// PeerAuthentications, ServiceEntries and WorkloadEntries itself rather than through the config store).
	IstioKubeObjects []runtime.Object
	// Gateways and GatewayClasses of the Gateway API: a Gateway of class istio-waypoint is a waypoint.
	Gateways       []*gatewayv1.Gateway
	GatewayClasses []*gatewayv1.GatewayClass
}

// ambientKinds are the Istio kinds the ambient index watches on the API server.
var ambientKinds = map[string]bool{"PeerAuthentication": true, "ServiceEntry": true, "WorkloadEntry": true}

// Rejected is an Istio object the validating webhook would refuse, and why.
type Rejected struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Reason    string `json:"reason"`
}

// convertIstioObject turns one Istio document into istiod's config as the Kubernetes config store does
// (pilot/pkg/config/kube/crd.ConvertObject with the cluster's domain suffix, which resolves short hosts).
func convertIstioObject(raw []byte) (*config.Config, bool, error) {
	obj := crd.IstioKind{}
	if err := yaml.Unmarshal(raw, &obj); err != nil {
		return nil, false, err
	}
	gvk := obj.GroupVersionKind()
	s, ok := collections.PilotGatewayAPI().FindByGroupVersionAliasesKind(resource.FromKubernetesGVK(&gvk))
	if !ok {
		return nil, false, nil
	}
	cfg, err := crd.ConvertObject(s, &obj, "cluster.local")
	return cfg, true, err
}

// validate is Istio's validation of one object (what its validating webhook runs); "" when it is valid.
func validate(cfg *config.Config) string {
	s, ok := collections.PilotGatewayAPI().FindByGroupVersionAliasesKind(cfg.GroupVersionKind)
	if !ok {
		return ""
	}
	if _, err := s.ValidateConfig(*cfg); err != nil {
		return err.Error()
	}
	return ""
}

var workloadKinds = map[string]bool{"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true, "Pod": true}

// ParseWorld reads multi-document YAML (with `kind: List` expanded) the way meshlock loads a directory.
func ParseWorld(text string) (*World, error) {
	w := &World{Namespaces: map[string]*corev1.Namespace{}}
	var docs [][]byte
	reader := k8syaml.NewYAMLReader(bufio.NewReader(strings.NewReader(text)))
	for {
		doc, err := reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		docs = append(docs, doc)
	}
	seen := map[string]bool{}
	controllers := map[string]bool{}
	var pending []map[string]any
	for _, doc := range docs {
		var generic map[string]any
		if err := yaml.Unmarshal(doc, &generic); err != nil {
			return nil, fmt.Errorf("yaml: %v", err)
		}
		if generic == nil {
			continue
		}
		if generic["kind"] == "List" {
			items, _ := generic["items"].([]any)
			for _, item := range items {
				if m, ok := item.(map[string]any); ok {
					pending = append(pending, m)
				}
			}
			continue
		}
		pending = append(pending, generic)
	}
	for _, obj := range pending {
		kind, _ := obj["kind"].(string)
		meta, _ := obj["metadata"].(map[string]any)
		name, _ := meta["name"].(string)
		namespace, _ := meta["namespace"].(string)
		if kind == "" || name == "" {
			continue
		}
		if namespace == "" && kind != "Namespace" {
			namespace = "default"
			meta["namespace"] = namespace
		}
		apiVersion, _ := obj["apiVersion"].(string)
		key := strings.Split(apiVersion, "/")[0] + "|" + kind + "/" + namespace + "/" + name
		if seen[key] {
			continue // meshlock uses the first definition
		}
		seen[key] = true
		if workloadKinds[kind] {
			controllers[kind+"/"+namespace+"/"+name] = true
		}
	}
	seen = map[string]bool{}
	for _, obj := range pending {
		if err := w.add(obj, seen, controllers); err != nil {
			return nil, err
		}
	}
	if w.MeshConfig == nil {
		w.MeshConfig = mesh.DefaultMeshConfig()
		w.ConfigMapNamespace = "istio-system"
	}
	for _, c := range w.Configs {
		if _, ok := w.Namespaces[c.Namespace]; !ok {
			w.Namespaces[c.Namespace] = nil
		}
	}
	return w, nil
}

func decodeAs[T runtime.Object](obj map[string]any) (T, error) {
	var zero T
	raw, err := yaml.Marshal(obj)
	if err != nil {
		return zero, err
	}
	decoded, _, err := kubelib.IstioCodec.UniversalDeserializer().Decode(raw, nil, nil)
	if err != nil {
		return zero, err
	}
	typed, ok := decoded.(T)
	if !ok {
		return zero, fmt.Errorf("unexpected type %T", decoded)
	}
	return typed, nil
}

func (w *World) add(obj map[string]any, seen, controllers map[string]bool) error {
	kind, _ := obj["kind"].(string)
	apiVersion, _ := obj["apiVersion"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	namespace, _ := meta["namespace"].(string)
	if kind == "" || name == "" {
		return nil
	}
	key := strings.Split(apiVersion, "/")[0] + "|" + kind + "/" + namespace + "/" + name
	if seen[key] {
		return nil
	}
	seen[key] = true
	if namespace != "" {
		if _, ok := w.Namespaces[namespace]; !ok {
			w.Namespaces[namespace] = nil
		}
	}
	group := strings.Split(apiVersion, "/")[0]
	switch {
	case kind == "Namespace":
		ns, err := decodeAs[*corev1.Namespace](obj)
		if err != nil {
			return err
		}
		w.Namespaces[name] = ns
	case kind == "Service" && apiVersion == "v1":
		svc, err := decodeAs[*corev1.Service](obj)
		if err != nil {
			return err
		}
		w.Services = append(w.Services, svc)
	case kind == "ConfigMap" && name == "istio":
		data, _ := obj["data"].(map[string]any)
		text, ok := data["mesh"].(string)
		if !ok || w.MeshConfig != nil {
			return nil
		}
		m, err := mesh.ApplyMeshConfigDefaults(text)
		if err != nil {
			return fmt.Errorf("mesh config: %v", err)
		}
		if m.RootNamespace == "" {
			m.RootNamespace = namespace
		}
		w.MeshConfig = m
		w.ConfigMapNamespace = namespace
	case workloadKinds[kind] && (group == "apps" || apiVersion == "v1"):
		if ownedByLoadedController(meta, namespace, controllers) {
			return nil
		}
		wl, err := toWorkload(kind, obj)
		if err != nil {
			return err
		}
		w.Workloads = append(w.Workloads, wl)
	case kind == "Gateway" && group == "gateway.networking.k8s.io":
		gw, err := decodeAs[*gatewayv1.Gateway](withVersion(obj, "gateway.networking.k8s.io/v1"))
		if err != nil {
			return err
		}
		w.Gateways = append(w.Gateways, gw)
	case kind == "GatewayClass" && group == "gateway.networking.k8s.io":
		gc, err := decodeAs[*gatewayv1.GatewayClass](withVersion(obj, "gateway.networking.k8s.io/v1"))
		if err != nil {
			return err
		}
		w.GatewayClasses = append(w.GatewayClasses, gc)
	case strings.HasSuffix(group, "istio.io"):
		raw, err := yaml.Marshal(obj)
		if err != nil {
			return err
		}
		cfg, known, err := convertIstioObject(raw)
		if err != nil {
			return fmt.Errorf("%s %s/%s: %v", kind, namespace, name, err)
		}
		if !known {
			return nil
		}
		if reason := validate(cfg); reason != "" {
			// Istio's validating webhook refuses it, so it never reaches istiod.
			w.Rejected = append(w.Rejected, Rejected{Kind: kind, Namespace: namespace, Name: name, Reason: reason})
			return nil
		}
		w.Configs = append(w.Configs, *cfg)
		if ambientKinds[kind] {
			typed, err := decodeAs[runtime.Object](obj)
			if err != nil {
				return fmt.Errorf("%s %s/%s: %v", kind, namespace, name, err)
			}
			w.IstioKubeObjects = append(w.IstioKubeObjects, typed)
		}
		if kind == "WorkloadEntry" {
			spec, _ := obj["spec"].(map[string]any)
			we := WorkloadEntry{Namespace: namespace, Name: name, Labels: map[string]string{}}
			we.Address, _ = spec["address"].(string)
			we.ServiceAccount, _ = spec["serviceAccount"].(string)
			if l, ok := spec["labels"].(map[string]any); ok {
				for k, v := range l {
					we.Labels[k] = fmt.Sprint(v)
				}
			}
			w.WorkloadEntries = append(w.WorkloadEntries, we)
		}
	}
	return nil
}

// withVersion reads a Gateway API object at the version the ambient index watches (v1 and v1beta1 share a schema).
func withVersion(obj map[string]any, apiVersion string) map[string]any {
	out := map[string]any{}
	for k, v := range obj {
		out[k] = v
	}
	out["apiVersion"] = apiVersion
	return out
}

// ownedByLoadedController drops ReplicaSets and Pods whose controller is in the world (as meshlock does).
func ownedByLoadedController(meta map[string]any, namespace string, controllers map[string]bool) bool {
	owners, _ := meta["ownerReferences"].([]any)
	for _, o := range owners {
		ref, _ := o.(map[string]any)
		kind, _ := ref["kind"].(string)
		name, _ := ref["name"].(string)
		if controllers[kind+"/"+namespace+"/"+name] {
			return true
		}
		if kind == "ReplicaSet" {
			if i := strings.LastIndex(name, "-"); i > 0 && controllers["Deployment/"+namespace+"/"+name[:i]] {
				return true
			}
		}
	}
	return false
}

func toWorkload(kind string, obj map[string]any) (Workload, error) {
	wl := Workload{Kind: kind}
	switch kind {
	case "Pod":
		pod, err := decodeAs[*corev1.Pod](obj)
		if err != nil {
			return wl, err
		}
		wl.Namespace, wl.Name = pod.Namespace, pod.Name
		wl.Template = corev1.PodTemplateSpec{ObjectMeta: *pod.ObjectMeta.DeepCopy(), Spec: pod.Spec}
		_, wl.Live = obj["status"]
	case "Deployment":
		d, err := decodeAs[*appsv1.Deployment](obj)
		if err != nil {
			return wl, err
		}
		wl.Namespace, wl.Name, wl.Template = d.Namespace, d.Name, d.Spec.Template
	case "StatefulSet":
		d, err := decodeAs[*appsv1.StatefulSet](obj)
		if err != nil {
			return wl, err
		}
		wl.Namespace, wl.Name, wl.Template = d.Namespace, d.Name, d.Spec.Template
	case "DaemonSet":
		d, err := decodeAs[*appsv1.DaemonSet](obj)
		if err != nil {
			return wl, err
		}
		wl.Namespace, wl.Name, wl.Template = d.Namespace, d.Name, d.Spec.Template
	case "ReplicaSet":
		d, err := decodeAs[*appsv1.ReplicaSet](obj)
		if err != nil {
			return wl, err
		}
		wl.Namespace, wl.Name, wl.Template = d.Namespace, d.Name, d.Spec.Template
	}
	wl.Template.Namespace = wl.Namespace
	return wl, nil
}

// NamespaceObject is the namespace as the API server holds it: with the automatic
// kubernetes.io/metadata.name label, and created empty when the world does not define it.
func (w *World) NamespaceObject(name string) *corev1.Namespace {
	ns := w.Namespaces[name]
	if ns == nil {
		ns = &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	} else {
		ns = ns.DeepCopy()
	}
	if ns.Labels == nil {
		ns.Labels = map[string]string{}
	}
	ns.Labels["kubernetes.io/metadata.name"] = name
	return ns
}

// NamespaceNames in a stable order.
func (w *World) NamespaceNames() []string {
	names := make([]string, 0, len(w.Namespaces))
	for n := range w.Namespaces {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
