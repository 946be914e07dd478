package oracle

import (
	"fmt"
	"sort"
	"sync"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"

	meshconfig "istio.io/api/mesh/v1alpha1"
	"istio.io/istio/operator/pkg/render"
	"istio.io/istio/pkg/kube/inject"
)

// controlPlane is one installed istiod revision as Istio's chart renders it: its sidecar-injector webhooks
// and the injector's templates and values.
type controlPlane struct {
	revision  string
	webhooks  []admissionv1.MutatingWebhook
	templates inject.Templates
	values    inject.ValuesConfig
}

var (
	planesMu sync.Mutex
	planes   = map[string]*controlPlane{}
)

// renderControlPlane renders Istio's install chart (istioctl manifest generate) for one revision and keeps
// what the sidecar injector is made of. "" is the default install, which also serves istio.io/rev=default.
func renderControlPlane(revision string) (*controlPlane, error) {
	planesMu.Lock()
	defer planesMu.Unlock()
	if p, ok := planes[revision]; ok {
		return p, nil
	}
	var set []string
	if revision != "" {
		set = append(set, "revision="+revision)
	}
	sets, _, err := render.GenerateManifest(nil, set, false, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("render istio chart for revision %q: %v", revision, err)
	}
	p := &controlPlane{revision: revision}
	var injectorConfig, injectorValues string
	for _, s := range sets {
		for _, m := range s.Manifests {
			switch {
			case m.GetKind() == "MutatingWebhookConfiguration":
				var mwc admissionv1.MutatingWebhookConfiguration
				if err := yaml.Unmarshal([]byte(m.Content), &mwc); err != nil {
					return nil, err
				}
				p.webhooks = append(p.webhooks, mwc.Webhooks...)
			case m.GetKind() == "ConfigMap" && (m.GetName() == "istio-sidecar-injector" || m.GetName() == "istio-sidecar-injector-"+revision):
				var cm corev1.ConfigMap
				if err := yaml.Unmarshal([]byte(m.Content), &cm); err != nil {
					return nil, err
				}
				injectorConfig, injectorValues = cm.Data["config"], cm.Data["values"]
			}
		}
	}
	if len(p.webhooks) == 0 || injectorConfig == "" {
		return nil, fmt.Errorf("revision %q: the chart rendered no sidecar injector", revision)
	}
	cfg, err := inject.UnmarshalConfig([]byte(injectorConfig))
	if err != nil {
		return nil, err
	}
	p.templates, err = inject.ParseTemplates(cfg.RawTemplates)
	if err != nil {
		return nil, err
	}
	p.values, err = inject.NewValuesConfig(injectorValues)
	if err != nil {
		return nil, err
	}
	planes[revision] = p
	return p, nil
}

// installedRevisions: the world's control plane is Istio's default install plus one revision for every other
// istio.io/rev value the world's namespaces and pods name (meshlock's assumption: a named revision exists).
func (w *World) installedRevisions() []string {
	revs := map[string]bool{"": true}
	for _, name := range w.NamespaceNames() {
		if rev := w.NamespaceObject(name).Labels["istio.io/rev"]; rev != "" && rev != "default" {
			revs[rev] = true
		}
	}
	for _, wl := range w.Workloads {
		if rev := wl.Template.Labels["istio.io/rev"]; rev != "" && rev != "default" {
			revs[rev] = true
		}
	}
	out := make([]string, 0, len(revs))
	for r := range revs {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

func selectorMatches(selector *metav1.LabelSelector, set map[string]string) (bool, error) {
	if selector == nil {
		return true, nil
	}
	s, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return false, err
	}
	return s.Matches(labels.Set(set)), nil
}

// Admission is what the API server's admission did to a workload's pods.
type Admission struct {
	Injected bool
	// Reason says which webhook (or none) admitted the pod.
	Reason string
	// Pod is the pod template after admission (the injector adds labels such as security.istio.io/tlsMode).
	Pod corev1.PodTemplateSpec
}

// Admit decides sidecar injection as a cluster would: the API server calls the first injector webhook whose
// namespace and object selectors match, and that injector decides with Istio's pkg/kube/inject.
func (w *World) Admit(wl Workload, m *meshconfig.MeshConfig) (Admission, error) {
	for _, c := range wl.Template.Spec.Containers {
		if c.Name == "istio-proxy" {
			return Admission{Injected: true, Reason: "has istio-proxy", Pod: wl.Template}, nil
		}
	}
	if wl.Live {
		return Admission{Reason: "live pod without istio-proxy", Pod: wl.Template}, nil
	}
	ns := w.NamespaceObject(wl.Namespace)
	for _, rev := range w.installedRevisions() {
		plane, err := renderControlPlane(rev)
		if err != nil {
			return Admission{}, err
		}
		for _, hook := range plane.webhooks {
			nsOK, err := selectorMatches(hook.NamespaceSelector, ns.Labels)
			if err != nil {
				return Admission{}, err
			}
			objOK, err := selectorMatches(hook.ObjectSelector, wl.Template.Labels)
			if err != nil {
				return Admission{}, err
			}
			if !nsOK || !objOK {
				continue
			}
			return plane.inject(wl, m, hook.Name)
		}
	}
	return Admission{Reason: "no injector webhook selects the pod", Pod: wl.Template}, nil
}

func (p *controlPlane) inject(wl Workload, m *meshconfig.MeshConfig, hook string) (Admission, error) {
	deployment := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: wl.Name, Namespace: wl.Namespace},
		Spec:       appsv1.DeploymentSpec{Template: *wl.Template.DeepCopy()},
	}
	out, err := inject.IntoObject(nil, p.templates, p.values, p.revision, m, deployment, func(string) {})
	if err != nil {
		return Admission{}, fmt.Errorf("inject %s/%s: %v", wl.Namespace, wl.Name, err)
	}
	injected := out.(*appsv1.Deployment).Spec.Template
	for _, c := range injected.Spec.Containers {
		if c.Name == "istio-proxy" {
			return Admission{Injected: true, Reason: "webhook " + hook + " (revision " + revisionName(p.revision) + ") injected", Pod: injected}, nil
		}
	}
	for _, c := range injected.Spec.InitContainers {
		if c.Name == "istio-proxy" {
			return Admission{Injected: true, Reason: "webhook " + hook + " (revision " + revisionName(p.revision) + ") injected a native sidecar", Pod: injected}, nil
		}
	}
	return Admission{Reason: "webhook " + hook + " called; the injector declined (injectRequired)", Pod: wl.Template}, nil
}

func revisionName(r string) string {
	if r == "" {
		return "default"
	}
	return r
}
