// exportTo as Istio reads it (istio-mtls-semantics §2.5): `.` the object's own namespace, `*` every
// namespace, `~` none, anything else a namespace name; an empty list falls back to the mesh default.
import { field, stringList } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';

export interface Visibility {
  readonly all: boolean;
  /** Meaningful when `all` is false. */
  readonly namespaces: ReadonlySet<string>;
}

/** Shared by every object visible everywhere (most of them), so indexes over thousands stay small. */
const EVERYWHERE: Visibility = { all: true, namespaces: new Set() };

export function visibility(exportTo: readonly string[], ownNamespace: string, meshDefault: readonly string[]): Visibility {
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

/** `defaultServiceExportTo` / `defaultVirtualServiceExportTo` of the mesh config; empty means everywhere. */
export function meshDefaultExportTo(ctx: CheckContext, key: 'defaultServiceExportTo' | 'defaultVirtualServiceExportTo'): string[] {
  return stringList(field(ctx.meshConfigRaw, key));
}

/** A VirtualService's or ServiceEntry's own visibility, from `spec.exportTo` or the mesh default. */
export function specVisibility(ctx: CheckContext, object: MeshObject, key: 'defaultServiceExportTo' | 'defaultVirtualServiceExportTo'): Visibility {
  return visibility(stringList(field(object.raw, 'spec', 'exportTo')), object.namespace, meshDefaultExportTo(ctx, key));
}
