// Ambient enrollment as istio-cni's node agent decides it: it redirects a pod's traffic to the node's ztunnel when
// the pod matches the enablement selectors of Istio's ambient profile (manifests/charts/istio-cni/values.yaml
// `ambient.enablementSelectors`), unless cni/pkg/util/enablement_selector.go `Matches` refuses the pod or the
// namespace is one the agent never touches (`excludeNamespaces`, cni/pkg/nodeagent/informers.go reconcilePod).
import type { Labels } from './types.js';

export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
/** The injector writes it on every pod it injects; istio-cni leaves such pods to their sidecar. */
export const SIDECAR_STATUS = 'sidecar.istio.io/status';
/** The istio-cni chart's default `excludeNamespaces`. */
const EXCLUDED_NAMESPACES = new Set(['kube-system']);

export interface EnrollmentFacts {
  readonly namespace: string;
  /** The pod's labels and annotations as admitted (after any sidecar injection). */
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly hostNetwork: boolean;
  /** The namespace's labels; undefined when the world does not define the namespace. */
  readonly namespaceLabels: Labels | undefined;
}

export interface EnrollmentDecision {
  readonly enrolled: boolean;
  /** The labels ask for ambient (whether or not istio-cni then enrolls the pod). */
  readonly requested: boolean;
  readonly reason: string;
}

export function decideEnrollment(pod: EnrollmentFacts): EnrollmentDecision {
  const own = pod.labels[DATAPLANE_MODE];
  const inherited = pod.namespaceLabels?.[DATAPLANE_MODE];
  // The two selectors: the pod's own label, or the namespace's unless the pod opts out with `none`.
  const selectedBy =
    own === 'ambient'
      ? `the pod is labelled ${DATAPLANE_MODE}=ambient`
      : inherited === 'ambient' && own !== 'none'
        ? `namespace ${pod.namespace} is labelled ${DATAPLANE_MODE}=ambient`
        : undefined;
  if (!selectedBy) {
    const why = own === 'none' && inherited === 'ambient' ? `the pod opts out of ambient namespace ${pod.namespace} with ${DATAPLANE_MODE}=none` : `neither the pod nor namespace ${pod.namespace} is labelled ${DATAPLANE_MODE}=ambient`;
    return { enrolled: false, requested: false, reason: why };
  }
  const refused = (why: string): EnrollmentDecision => ({ enrolled: false, requested: true, reason: `${selectedBy}, but ${why}` });
  if (pod.hostNetwork) return refused('istio-cni never captures hostNetwork pods');
  if (pod.annotations[SIDECAR_STATUS] !== undefined) return refused(`the pod carries the sidecar injector's ${SIDECAR_STATUS}, and istio-cni leaves such pods to their sidecar`);
  if (EXCLUDED_NAMESPACES.has(pod.namespace)) return refused(`istio-cni excludes namespace ${pod.namespace}`);
  if (pod.namespace === 'istio-system' && pod.labels.app === 'ztunnel') return refused('ztunnel itself is never enrolled');
  return { enrolled: true, requested: true, reason: `${selectedBy}: istio-cni redirects its traffic to ztunnel` };
}
