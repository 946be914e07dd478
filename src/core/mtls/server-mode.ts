import { formatLabels, selectorMatches } from '../model/labels.js';
import { formatRef, refOf } from '../model/refs.js';
import type { Labels, MtlsMode, ObjectRef, PeerAuthentication } from '../model/types.js';
import { cite, ISTIO } from './istio-source.js';
import type { PeerAuthenticationIndex } from './peer-authentication-index.js';

export interface ModeDecision {
  readonly mode: MtlsMode;
  /** The object that set the mode, or null for Istio's built-in PERMISSIVE. */
  readonly decidedBy: ObjectRef | null;
  /** Steps a person can read, in evaluation order. */
  readonly explanation: readonly string[];
}

export interface ServerTarget {
  readonly namespace: string;
  readonly podLabels: Labels;
}

/**
 * The mode a sidecar enforces on inbound traffic for one workload port (istio-mtls-semantics §1.3–1.5):
 *  - candidates: the oldest selector-less PA of the root namespace (mesh), of the workload's namespace,
 *    and the oldest selector PA of the workload's namespace that matches its labels;
 *  - selector PAs in the root namespace are ignored, also for workloads living there;
 *  - narrower scope wins; UNSET inherits from the wider scope; no policy at all means PERMISSIVE;
 *  - `portLevelMtls` of the workload PA, keyed by target port, overrides; a port UNSET inherits the workload mode.
 * Without a target port the workload-level mode is returned. `namespaceMode` gives the namespace-level
 * decision (resolveNamespaceMode); the engine passes its cached one, since every workload of a namespace
 * without a selecting policy ends there and thousands of them share it.
 */
export function resolveServerMode(
  index: PeerAuthenticationIndex,
  rootNamespace: string,
  target: ServerTarget,
  targetPort?: number,
  namespaceMode: (namespace: string) => ModeDecision = (namespace) => resolveNamespaceMode(index, rootNamespace, namespace),
): ModeDecision {
  const inherited = namespaceMode(target.namespace);
  if (target.namespace === rootNamespace) {
    if (index.forNamespace(rootNamespace).workloadPolicies.length === 0) return inherited;
    return { ...inherited, explanation: [...inherited.explanation, cite(`selector PeerAuthentications in the root namespace ${rootNamespace} are ignored by Istio`, ISTIO.workloadPolicies)] };
  }
  const workloadPa = matchingWorkloadPolicy(index, target);
  if (!workloadPa) return inherited;
  const explanation = [...inherited.explanation];
  let decision: { mode: MtlsMode; decidedBy: ObjectRef | null } = { mode: inherited.mode, decidedBy: inherited.decidedBy };
  if (workloadPa.mode) {
    decision = { mode: workloadPa.mode, decidedBy: refOf(workloadPa) };
    explanation.push(cite(`${formatRef(workloadPa)} selects this workload (${formatLabels(workloadPa.selector ?? {})}) and sets ${workloadPa.mode}`, ISTIO.composePolicies));
  } else {
    explanation.push(cite(`${formatRef(workloadPa)} selects this workload but leaves mtls UNSET, so it inherits ${decision.mode}`, ISTIO.composePolicies));
  }
  if (targetPort !== undefined && workloadPa.portLevelMtls.has(targetPort)) {
    const portMode = workloadPa.portLevelMtls.get(targetPort);
    if (portMode) {
      decision = { mode: portMode, decidedBy: refOf(workloadPa) };
      explanation.push(cite(`${formatRef(workloadPa)} sets port ${targetPort} to ${portMode}`, ISTIO.composePolicies));
    } else {
      explanation.push(cite(`${formatRef(workloadPa)} lists port ${targetPort} as UNSET, so it keeps ${decision.mode}`, ISTIO.composePolicies));
    }
  }
  return { ...decision, explanation };
}

function matchingWorkloadPolicy(index: PeerAuthenticationIndex, target: ServerTarget): PeerAuthentication | undefined {
  for (const pa of index.forNamespace(target.namespace).workloadPolicies) {
    if (pa.selector && selectorMatches(pa.selector, target.podLabels)) return pa;
  }
  return undefined;
}

function namespaceLevel(
  index: PeerAuthenticationIndex,
  rootNamespace: string,
  namespace: string,
  explanation: string[],
): { mode: MtlsMode; decidedBy: ObjectRef | null } {
  let decision: { mode: MtlsMode; decidedBy: ObjectRef | null } = { mode: 'PERMISSIVE', decidedBy: null };
  const scopes: [string, PeerAuthentication | undefined][] = [['mesh', index.forNamespace(rootNamespace).namespaceWide]];
  if (namespace !== rootNamespace) scopes.push(['namespace', index.forNamespace(namespace).namespaceWide]);
  for (const [scope, pa] of scopes) {
    if (!pa) continue;
    if (pa.mode) {
      decision = { mode: pa.mode, decidedBy: refOf(pa) };
      explanation.push(cite(`${scope}-wide ${formatRef(pa)} sets ${pa.mode}`, ISTIO.composePolicies));
    } else {
      explanation.push(cite(`${scope}-wide ${formatRef(pa)} leaves mtls UNSET, so it inherits ${decision.mode}`, ISTIO.composePolicies));
    }
  }
  if (decision.decidedBy === null) explanation.unshift(cite('no PeerAuthentication sets a mode, so Istio\'s default PERMISSIVE applies', ISTIO.composePolicies));
  return decision;
}

/**
 * The coarse namespace mode that clients use for auto mTLS (§1.4 last bullet, §3.2): namespace PA,
 * else mesh PA, else PERMISSIVE. Workload PAs are not consulted.
 */
export function resolveNamespaceMode(index: PeerAuthenticationIndex, rootNamespace: string, namespace: string): ModeDecision {
  const explanation: string[] = [];
  const decision = namespaceLevel(index, rootNamespace, namespace, explanation);
  return { ...decision, explanation };
}
