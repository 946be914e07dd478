// Istio Sidecars and their workload selectors, shared by the Sidecar checks.
import { selectorMatches } from '../../model/labels.js';
import { pushTo } from '../../model/lists.js';
import { field, nonEmpty, stringMap } from '../../model/read.js';
import type { Labels, MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';

export function isIstioSidecar(object: MeshObject): boolean {
  return object.kind === 'Sidecar' && object.apiVersion.startsWith('networking.istio.io/');
}

/** `workloadSelector.labels`; undefined when absent or empty, which makes the Sidecar namespace-wide. */
export function sidecarSelector(sidecar: MeshObject): Labels | undefined {
  return nonEmpty(stringMap(field(sidecar.raw, 'spec', 'workloadSelector', 'labels')));
}

interface Overlaps {
  readonly selectorless: ReadonlySet<MeshObject>;
  readonly sharedWorkload: ReadonlySet<MeshObject>;
}

interface Cache {
  readonly sidecarsByNamespace: ReadonlyMap<string, readonly MeshObject[]>;
  readonly overlaps: Map<string, Overlaps>;
}


/**
 * For one namespace that has workloads: Sidecars that share it without a selector, and Sidecars whose
 * selectors pick a common workload. Istio uses one Sidecar per workload; which one is then undefined.
 */
export function overlappingSidecars(ctx: CheckContext, namespace: string): Overlaps {
  const all = ctx.objectsOfKind('Sidecar');
  // Workloads change only with a snapshot rebuild, which also replaces the Sidecar list.
  const cached = ctx.memoOn(all, 'sidecars', (): Cache => {
    const sidecarsByNamespace = new Map<string, MeshObject[]>();
    for (const s of all) if (isIstioSidecar(s)) pushTo(sidecarsByNamespace, s.namespace, s);
    return { sidecarsByNamespace, overlaps: new Map() };
  });
  let found = cached.overlaps.get(namespace);
  if (found) return found;
  const workloads = ctx.engine.services.workloadsIn(namespace);
  const sidecars = workloads.length === 0 ? [] : (cached.sidecarsByNamespace.get(namespace) ?? []);
  const selectorless = sidecars.filter((s) => sidecarSelector(s) === undefined);
  const withSelector = sidecars.flatMap((s) => {
    const selector = sidecarSelector(s);
    return selector ? [{ sidecar: s, selector }] : [];
  });
  const sharedWorkload = new Set<MeshObject>();
  for (const w of workloads) {
    const matching = withSelector.filter((s) => selectorMatches(s.selector, w.podLabels));
    if (matching.length > 1) for (const s of matching) sharedWorkload.add(s.sidecar);
  }
  found = { selectorless: new Set(selectorless.length > 1 ? selectorless : []), sharedWorkload };
  cached.overlaps.set(namespace, found);
  return found;
}
