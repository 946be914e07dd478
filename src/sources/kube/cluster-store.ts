// What the source knows of the cluster: the raw object (for the editor, with its resourceVersion) and its
// normalised form (for the engine), keyed kind → namespace → name so a relist of one namespace touches only
// that namespace. Every mutation returns the engine Change it implies, or nothing for a no-op.
import { formatRef, normalizeObject, type Change, type MeshObject, type ObjectRef, type Problem } from '../../core/index.js';
import type { RawObject } from '../../documents/object-yaml.js';

interface Entry {
  readonly raw: RawObject;
  readonly version: string;
  /** undefined when the object is invalid for the engine; `problem` says why. */
  readonly object: MeshObject | undefined;
  readonly problem: Problem | undefined;
}

/** Which objects of one kind a list covers: a namespace (or all) and, optionally, a name (or all but one). */
export interface Scope {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: { readonly equals: boolean; readonly value: string } | undefined;
}

export function scopeCovers(scope: Scope, namespace: string, name: string): boolean {
  if (scope.namespace !== undefined && namespace !== scope.namespace) return false;
  return scope.name === undefined || (name === scope.name.value) === scope.name.equals;
}

function metadataOf(raw: RawObject): Readonly<Record<string, unknown>> {
  const metadata = raw.metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
}

/** managedFields are often the larger half of an object and nothing here reads them. */
function slim(raw: RawObject): RawObject {
  const metadata = metadataOf(raw);
  if (!('managedFields' in metadata)) return raw;
  const rest = { ...metadata };
  delete rest.managedFields;
  return { ...raw, metadata: rest };
}

export class ClusterStore {
  private readonly kinds = new Map<string, Map<string, Map<string, Entry>>>();

  private namespaceMap(kind: string, namespace: string, create: boolean): Map<string, Entry> | undefined {
    let byNamespace = this.kinds.get(kind);
    if (!byNamespace) {
      if (!create) return undefined;
      byNamespace = new Map();
      this.kinds.set(kind, byNamespace);
    }
    let byName = byNamespace.get(namespace);
    if (!byName && create) {
      byName = new Map();
      byNamespace.set(namespace, byName);
    }
    return byName;
  }

  get(ref: ObjectRef): RawObject | undefined {
    return this.namespaceMap(ref.kind, ref.namespace, false)?.get(ref.name)?.raw;
  }

  versionOf(ref: ObjectRef): string | undefined {
    return this.namespaceMap(ref.kind, ref.namespace, false)?.get(ref.name)?.version;
  }

  /** Stores `raw` (kind and apiVersion set); undefined when the same version was already there. */
  upsert(raw: RawObject): Change | undefined {
    const metadata = metadataOf(raw);
    const kind = String(raw.kind);
    const name = String(metadata.name ?? '');
    const namespace = kind === 'Namespace' ? '' : String(metadata.namespace ?? '');
    const version = String(metadata.resourceVersion ?? '');
    const names = this.namespaceMap(kind, namespace, true)!;
    const previous = names.get(name);
    if (previous && previous.version === version) return undefined;
    const slimmed = slim(raw);
    const normalized = normalizeObject(slimmed, undefined, namespace);
    const entry: Entry =
      normalized.type === 'object'
        ? { raw: slimmed, version, object: normalized.object, problem: undefined }
        : { raw: slimmed, version, object: undefined, problem: normalized.problem };
    names.set(name, entry);
    if (entry.object) return { type: 'upsert', object: entry.object };
    // An object that turned invalid leaves the engine, as the API server's copy no longer takes effect.
    return previous?.object ? { type: 'delete', ref: { kind, namespace, name } } : undefined;
  }

  remove(ref: ObjectRef): Change | undefined {
    const names = this.namespaceMap(ref.kind, ref.namespace, false);
    const previous = names?.get(ref.name);
    if (!names || !previous) return undefined;
    names.delete(ref.name);
    return previous.object ? { type: 'delete', ref: { kind: ref.kind, namespace: ref.namespace, name: ref.name } } : undefined;
  }

  /** Replaces everything `scope` covers with `items` (a fresh list) and returns the difference. */
  relist(scope: Scope, items: readonly RawObject[]): Change[] {
    const changes: Change[] = [];
    const seen = new Set<string>();
    for (const raw of items) {
      const change = this.upsert(raw);
      if (change) changes.push(change);
      const metadata = metadataOf(raw);
      seen.add(`${scope.kind === 'Namespace' ? '' : String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`);
    }
    for (const ref of this.refs(scope)) {
      if (seen.has(`${ref.namespace}/${ref.name}`)) continue;
      const change = this.remove(ref);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** Every stored object `scope` covers. */
  refs(scope: Scope): ObjectRef[] {
    const byNamespace = this.kinds.get(scope.kind);
    if (!byNamespace) return [];
    const namespaces = scope.namespace === undefined ? [...byNamespace.keys()] : [scope.namespace];
    const refs: ObjectRef[] = [];
    for (const namespace of namespaces) {
      for (const name of byNamespace.get(namespace)?.keys() ?? []) {
        if (scopeCovers(scope, namespace, name)) refs.push({ kind: scope.kind, namespace, name });
      }
    }
    return refs;
  }

  count(kind: string): number {
    let total = 0;
    for (const names of this.kinds.get(kind)?.values() ?? []) total += names.size;
    return total;
  }

  namespaceNames(): string[] {
    return [...(this.kinds.get('Namespace')?.get('')?.keys() ?? [])];
  }

  /** Engine objects outside `hidden` namespaces; `first` (the mesh ConfigMap in use) leads, as the engine reads the first one. */
  objects(hidden: ReadonlySet<string>, first?: ObjectRef): MeshObject[] {
    const objects: MeshObject[] = [];
    let lead: MeshObject | undefined;
    const leadKey = first ? formatRef(first) : undefined;
    for (const entry of this.entries(hidden)) {
      if (!entry.object) continue;
      if (leadKey !== undefined && formatRef(entry.object) === leadKey) lead = entry.object;
      else objects.push(entry.object);
    }
    return lead ? [lead, ...objects] : objects;
  }

  problems(hidden: ReadonlySet<string>): Problem[] {
    const problems: Problem[] = [];
    for (const entry of this.entries(hidden)) if (entry.problem) problems.push(entry.problem);
    return problems;
  }

  private *entries(hidden: ReadonlySet<string>): Generator<Entry> {
    for (const [kind, byNamespace] of this.kinds) {
      for (const [namespace, names] of byNamespace) {
        if (hidden.has(namespace)) continue;
        for (const [name, entry] of names) if (!(kind === 'Namespace' && hidden.has(name))) yield entry;
      }
    }
  }
}
