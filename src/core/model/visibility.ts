// exportTo as Istio reads it (istio-mtls-semantics §2.5), for every kind that has it: `.` the object's own
// namespace, `*` every namespace, `~` none, anything else a namespace name; an empty list falls back to the
// mesh default for the kind, and an empty default means everywhere.
import type { DestinationRule, MeshConfig } from './types.js';

export interface Visibility {
  readonly all: boolean;
  /** Meaningful when `all` is false. */
  readonly namespaces: ReadonlySet<string>;
}

/** Shared by every object visible everywhere (most of them), so indexes over thousands stay small. */
const EVERYWHERE: Visibility = { all: true, namespaces: new Set() };

export function visibility(exportTo: readonly string[], ownNamespace: string, meshDefault: readonly string[] = []): Visibility {
  const entries = exportTo.length > 0 ? exportTo : meshDefault.length > 0 ? meshDefault : ['*'];
  if (entries.includes('*')) return EVERYWHERE;
  const namespaces = new Set<string>();
  for (const entry of entries) {
    if (entry === '.') namespaces.add(ownNamespace);
    else if (entry !== '~') namespaces.add(entry);
  }
  return { all: false, namespaces };
}

export function visibleIn(v: Visibility, namespace: string): boolean {
  return v.all || v.namespaces.has(namespace);
}

/** Whether some namespace sees both objects. */
export function overlaps(a: Visibility, b: Visibility): boolean {
  if (a.all) return b.all || b.namespaces.size > 0;
  if (b.all) return a.namespaces.size > 0;
  for (const ns of a.namespaces) if (b.namespaces.has(ns)) return true;
  return false;
}

/**
 * A DestinationRule's exportTo as Istio applies it: a workloadSelector keeps it in its own namespace;
 * empty means the mesh's `defaultDestinationRuleExportTo`.
 */
export function destinationRuleExportTo(dr: DestinationRule, meshConfig: Pick<MeshConfig, 'defaultDestinationRuleExportTo'>): readonly string[] {
  if (dr.workloadSelector) return ['.'];
  return dr.exportTo.length > 0 ? dr.exportTo : meshConfig.defaultDestinationRuleExportTo;
}

export function destinationRuleVisibleIn(dr: DestinationRule, namespace: string, meshConfig: Pick<MeshConfig, 'defaultDestinationRuleExportTo'>): boolean {
  return visibleIn(visibility(destinationRuleExportTo(dr, meshConfig), dr.namespace), namespace);
}

/**
 * Whether a Service or ServiceEntry is visible to clients in `namespace`. Empty exportTo is public: the
 * engine does not read `defaultServiceExportTo` for edges (the checks do, for KIA1211/1212).
 */
export function serviceVisibleIn(service: { readonly exportTo: readonly string[]; readonly namespace: string }, namespace: string): boolean {
  return visibleIn(visibility(service.exportTo, service.namespace), namespace);
}
