// Sidecar injection as a cluster decides it: the API server calls Istio's injector only when one of the
// webhooks of Istio's chart selects the pod (manifests/charts/istio-control/istio-discovery/templates/
// mutatingwebhook.yaml), and the injector then applies pkg/kube/inject/inject.go `injectRequired`.
// The control plane assumed is Istio's default install plus one revision for every `istio.io/rev` value in use.
import type { Labels } from './types.js';

export interface PodFacts {
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly hostNetwork: boolean;
  /** The pod spec already has an `istio-proxy` container (kube-inject output, or a pod read from a cluster). */
  readonly hasProxyContainer: boolean;
  /** A pod read from a running cluster: its admission is over, what it holds is what it got. */
  readonly live: boolean;
}

export interface NamespaceFacts {
  /** undefined when the world does not define the namespace (the API server would add no labels). */
  readonly labels: Labels | undefined;
}

export interface InjectionDecision {
  readonly injected: boolean;
  readonly reason: string;
}

const INJECT = 'sidecar.istio.io/inject';
const REVISION = 'istio.io/rev';
const NAMESPACE_INJECTION = 'istio-injection';

/** pkg/kube/inject/initializer.go `IgnoredNamespaces`: the injector never injects there. */
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/**
 * Which webhook of the chart admits the pod, in the chart's order. Label selectors: `NotIn [false]` also
 * matches an absent label; `DoesNotExist` fails for any value, `istio-injection: disabled` included.
 */
function selectingWebhook(pod: PodFacts, namespaceLabels: Labels): string | undefined {
  const podValue = pod.labels[INJECT];
  const notDisabled = podValue !== 'false';
  const nsRevision = namespaceLabels[REVISION];
  const nsInjection = namespaceLabels[NAMESPACE_INJECTION];
  const podRevision = pod.labels[REVISION];
  if (nsRevision !== undefined && nsInjection === undefined && notDisabled) {
    return `rev.namespace.sidecar-injector.istio.io (namespace ${REVISION}=${nsRevision})`;
  }
  if (nsRevision === undefined && nsInjection === undefined && notDisabled && podRevision !== undefined) {
    return `rev.object.sidecar-injector.istio.io (pod ${REVISION}=${podRevision})`;
  }
  if (nsInjection === 'enabled' && notDisabled) return `namespace.sidecar-injector.istio.io (namespace ${NAMESPACE_INJECTION}=enabled)`;
  if (nsInjection === undefined && nsRevision === undefined && podValue === 'true' && podRevision === undefined) {
    return `object.sidecar-injector.istio.io (pod label ${INJECT}=true)`;
  }
  return undefined;
}

/** Why no webhook selected the pod, in the words of the label that decided. */
function notSelectedReason(pod: PodFacts, namespace: string, namespaceLabels: Labels): string {
  const nsInjection = namespaceLabels[NAMESPACE_INJECTION];
  if (pod.labels[INJECT] === 'false') return `pod label ${INJECT}=false`;
  if (nsInjection !== undefined && nsInjection !== 'enabled') return `namespace ${namespace} has ${NAMESPACE_INJECTION}=${nsInjection}, so no injector webhook is called`;
  if (pod.annotations[INJECT] === 'true') {
    return `namespace ${namespace} is not labelled for injection, and the pod's ${INJECT}=true is an annotation: webhooks select labels only`;
  }
  return `namespace ${namespace} is not labelled for injection (${NAMESPACE_INJECTION} or ${REVISION}) and neither is the pod`;
}

export function decideInjection(pod: PodFacts, namespace: NamespaceFacts): InjectionDecision {
  if (pod.hasProxyContainer) return { injected: true, reason: 'the pod has an istio-proxy container' };
  if (pod.live) return { injected: false, reason: 'the running pod has no istio-proxy container' };
  // The webhooks read only the namespace's injection and revision labels (not the API server's
  // kubernetes.io/metadata.name, whose namespaces the injector ignores below), so the labels are read as given.
  const namespaceLabels: Labels = namespace.labels ?? {};
  const webhook = selectingWebhook(pod, namespaceLabels);
  if (!webhook) return { injected: false, reason: notSelectedReason(pod, pod.namespace, namespaceLabels) };
  // injectRequired: hostNetwork and system namespaces first, then the pod's label (preferred) or annotation.
  if (pod.hostNetwork) return { injected: false, reason: `${webhook} calls the injector, which refuses hostNetwork pods` };
  if (IGNORED_NAMESPACES.has(pod.namespace)) return { injected: false, reason: `the injector never injects into ${pod.namespace}` };
  const value = pod.labels[INJECT] ?? pod.annotations[INJECT];
  if (value === 'false') return { injected: false, reason: `${webhook} calls the injector; the pod's annotation ${INJECT}=false declines` };
  // Joined into one string: every injected workload keeps its reason, and a template would keep a tree of
  // five concatenations per workload for the collector to copy.
  return { injected: true, reason: ['injected by webhook ', webhook].join('') };
}
