// The STRICT PeerAuthentication readiness offers to apply, as YAML and as the object the engine tries it with.
// It replaces the policy Istio uses today for the scope instead of adding a second one: of two namespace-wide
// policies Istio keeps the oldest, and of two that select a workload the oldest is used whole (§1.3), so a
// new object beside an old one could be ignored.
import { normalizeObject } from '../model/normalize.js';
import { compareByAge, formatRef, refOf } from '../model/refs.js';
import { selectorMatches } from '../model/labels.js';
import type { Labels, MeshObject, ObjectRef, PeerAuthentication, Workload } from '../model/types.js';
import type { MtlsEngine } from '../mtls/engine.js';

export interface StrictPolicy {
  readonly ref: ObjectRef;
  /** The object this policy replaces (same name), or null when it is new. */
  readonly replaces: ObjectRef | null;
  readonly yaml: string;
  readonly object: MeshObject;
  /** The object it replaces as loaded, to put back after trying the policy. */
  readonly previous: MeshObject | undefined;
}

/** Namespace-wide STRICT for `namespace` (mesh-wide in the root namespace). */
export function namespaceStrictPolicy(engine: MtlsEngine, namespace: string): StrictPolicy {
  const existing = engine.snapshot.peerAuthentications.filter((pa) => pa.namespace === namespace && pa.selector === undefined).sort(compareByAge)[0];
  return strictPolicy({ namespace, name: existing?.name ?? 'default', selector: undefined }, existing);
}

/** STRICT for one workload: the selector policy that decides for it today, made STRICT, or a new one. */
export function workloadStrictPolicy(engine: MtlsEngine, workload: Workload): StrictPolicy {
  const decidedBy = engine.serverMode(workload).decidedBy;
  const current = decidedBy
    ? engine.snapshot.peerAuthentications.find((pa) => formatRef(pa) === formatRef(decidedBy) && pa.namespace === workload.namespace && pa.selector !== undefined)
    : undefined;
  if (current?.selector) return strictPolicy({ namespace: workload.namespace, name: current.name, selector: current.selector }, current);
  return strictPolicy({ namespace: workload.namespace, name: `${workload.name}-strict`, selector: uniqueSelector(engine, workload) }, undefined);
}

/** The `app` label when it picks this workload alone in its namespace, else every pod label. */
function uniqueSelector(engine: MtlsEngine, workload: Workload): Labels {
  const app = workload.podLabels.app;
  if (app !== undefined) {
    const byApp = { app };
    const picked = engine.services.workloadsIn(workload.namespace).filter((w) => selectorMatches(byApp, w.podLabels));
    if (picked.length === 1) return byApp;
  }
  return workload.podLabels;
}

function strictPolicy(target: { namespace: string; name: string; selector: Labels | undefined }, previous: PeerAuthentication | undefined): StrictPolicy {
  const metadata = { name: target.name, namespace: target.namespace };
  const spec = { ...(target.selector && { selector: { matchLabels: { ...target.selector } } }), mtls: { mode: 'STRICT' } };
  const raw = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata, spec };
  const normalized = normalizeObject(raw, undefined);
  // The document is built here from plain names and labels; failing to normalise it is a bug.
  if (normalized.type !== 'object') throw new Error(`generated PeerAuthentication does not load: ${normalized.problem.message}`);
  const selectorLines = target.selector
    ? ['  selector:', '    matchLabels:', ...Object.entries(target.selector).map(([key, value]) => `      ${scalar(key)}: ${scalar(value)}`)]
    : [];
  const yaml = [
    'apiVersion: security.istio.io/v1',
    'kind: PeerAuthentication',
    'metadata:',
    `  name: ${target.name}`,
    `  namespace: ${target.namespace}`,
    'spec:',
    ...selectorLines,
    '  mtls:',
    '    mode: STRICT',
    '',
  ].join('\n');
  return { ref: { kind: 'PeerAuthentication', ...metadata }, replaces: previous ? refOf(previous) : null, yaml, object: normalized.object, previous };
}

/** A label key or value as YAML: plain when it cannot be read as anything but that string, else quoted. */
function scalar(text: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9._/-]*$/.test(text) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}
