// The fake API server's storage: one global resourceVersion counter (as etcd's revision), objects keyed by
// resource/namespace/name, and a bounded history of events that watches replay from. A watch older than the
// history gets 410 Gone, exactly the case a client must handle by listing again.
import { field, isRecord } from '../../core/index.js';
import { admit } from './admission.js';
import { mergePatch } from './merge-patch.js';
import { NAMESPACE_RESOURCE, type FakeResource } from './resources.js';
import { fieldsMatch, type FieldRequirement } from './selection.js';
import { alreadyExists, badRequest, conflict, invalid, notFound, preconditionFailed } from './status.js';

export type KubeObject = Record<string, unknown>;
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: EventType;
  readonly resourceVersion: number;
  readonly resource: FakeResource;
  readonly namespace: string;
  readonly name: string;
  /** The object after the event (for DELETED: as it was, with the deletion's resourceVersion). */
  readonly object: KubeObject;
}

export interface Stored {
  readonly resource: FakeResource;
  readonly namespace: string;
  readonly name: string;
  readonly object: KubeObject;
}

export interface StoreOptions {
  /** Events kept for watches; older resourceVersions get 410 Gone. */
  readonly historyLimit: number;
  readonly now: () => Date;
}

export interface Preconditions {
  readonly resourceVersion?: string;
  readonly uid?: string;
}

const keyOf = (r: FakeResource, namespace: string, name: string) => `${r.group}|${r.plural}|${namespace}|${name}`;

/** kube-apiserver's timestamp form: seconds, UTC, no fraction. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function metadataOf(object: KubeObject): Record<string, unknown> {
  return isRecord(object.metadata) ? { ...object.metadata } : {};
}

/** Everything but the fields the server owns, to tell a real change from a no-op update. */
function comparable(object: KubeObject): string {
  const metadata = metadataOf(object);
  delete metadata.resourceVersion;
  delete metadata.generation;
  return JSON.stringify({ ...object, metadata });
}

export class ObjectStore {
  private revision = 0;
  /** The lowest resourceVersion a watch may start from. */
  private oldest = 0;
  private uidCounter = 0;
  private readonly objects = new Map<string, Stored>();
  private history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly options: StoreOptions;

  constructor(options: StoreOptions) {
    this.options = options;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  /** The lowest resourceVersion a watch (or a continued list) may start from. */
  get oldestResourceVersion(): number {
    return this.oldest;
  }

  /** Forgets every past event, as etcd compaction does: any watch from an older version gets 410. */
  compact(): void {
    this.history = [];
    this.oldest = this.revision;
  }

  /** Events after `resourceVersion`, oldest first; undefined when some of them were already compacted away. */
  eventsSince(resourceVersion: number): readonly StoreEvent[] | undefined {
    if (resourceVersion < this.oldest) return undefined;
    let low = 0;
    let high = this.history.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.history[mid]!.resourceVersion <= resourceVersion) low = mid + 1;
      else high = mid;
    }
    return this.history.slice(low);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(resource: FakeResource, namespace: string | undefined, fields: readonly FieldRequirement[]): Stored[] {
    const found: [string, Stored][] = [];
    for (const [key, stored] of this.objects) {
      if (stored.resource !== resource) continue;
      if (namespace !== undefined && stored.namespace !== namespace) continue;
      if (!fieldsMatch(fields, stored.namespace, stored.name)) continue;
      found.push([key, stored]);
    }
    // etcd returns keys in order, so lists come sorted by namespace, then name.
    return found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, s]) => s);
  }

  all(): Stored[] {
    return [...this.objects.values()];
  }

  has(resource: FakeResource, namespace: string, name: string): boolean {
    return this.objects.has(keyOf(resource, namespace, name));
  }

  get(resource: FakeResource, namespace: string, name: string): KubeObject {
    const stored = this.objects.get(keyOf(resource, namespace, name));
    if (!stored) throw notFound(resource, name);
    return stored.object;
  }

  create(resource: FakeResource, namespace: string, body: KubeObject, dryRun: boolean): KubeObject {
    const metadata = metadataOf(body);
    if (resource.namespaced) {
      if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = namespace;
    } else delete metadata.namespace;
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    if (!name) throw invalid(resource, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    if (resource.namespaced && !this.objects.has(keyOf(NAMESPACE_RESOURCE, '', namespace))) {
      throw notFound(NAMESPACE_RESOURCE, namespace);
    }
    if (this.objects.has(keyOf(resource, namespace, name))) throw alreadyExists(resource, name);
    delete metadata.resourceVersion;
    const created = timestampOf(metadata.creationTimestamp) ?? formatTimestamp(this.options.now());
    const object: KubeObject = {
      ...structuredClone(body),
      apiVersion: apiVersionFor(resource, body),
      kind: resource.kind,
      metadata: { ...structuredClone(metadata), uid: this.nextUid(), creationTimestamp: created, generation: 1 },
    };
    admit(resource, object);
    if (dryRun) return object;
    return this.commit('ADDED', resource, namespace, name, object);
  }

  replace(resource: FakeResource, namespace: string, name: string, body: KubeObject, dryRun: boolean): KubeObject {
    const current = this.get(resource, namespace, name);
    const metadata = metadataOf(body);
    if (metadata.name !== undefined && metadata.name !== name) {
      throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${name})`);
    }
    const wanted = metadata.resourceVersion;
    if (wanted === undefined || wanted === '') {
      // CRDs refuse an unconditional update; built-in kinds take it as "last write wins".
      if (resource.custom) {
        throw invalid(resource, name, [{ reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }]);
      }
    } else if (wanted !== field(current, 'metadata', 'resourceVersion')) throw conflict(resource, name);
    return this.update(resource, namespace, name, current, { ...structuredClone(body), metadata }, dryRun);
  }

  patch(resource: FakeResource, namespace: string, name: string, patch: unknown, dryRun: boolean): KubeObject {
    if (!isRecord(patch)) throw badRequest('a merge patch must be a JSON object');
    const current = this.get(resource, namespace, name);
    const wanted = field(patch, 'metadata', 'resourceVersion');
    if (wanted !== undefined && wanted !== field(current, 'metadata', 'resourceVersion')) throw conflict(resource, name);
    const merged = mergePatch(current, patch);
    return this.update(resource, namespace, name, current, isRecord(merged) ? merged : {}, dryRun);
  }

  delete(resource: FakeResource, namespace: string, name: string, preconditions: Preconditions, dryRun: boolean): KubeObject {
    const current = this.get(resource, namespace, name);
    const actual = String(field(current, 'metadata', 'resourceVersion'));
    if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== actual) {
      throw preconditionFailed(resource, name, preconditions.resourceVersion, actual);
    }
    if (preconditions.uid !== undefined && preconditions.uid !== field(current, 'metadata', 'uid')) throw conflict(resource, name);
    if (dryRun) return current;
    if (resource.kind === 'Namespace') {
      // A real namespace terminates first; the contents go, then the namespace, each with its own event.
      for (const stored of [...this.objects.values()]) {
        if (stored.resource.namespaced && stored.namespace === name) this.delete(stored.resource, stored.namespace, stored.name, {}, false);
      }
    }
    this.objects.delete(keyOf(resource, namespace, name));
    this.revision++;
    const object = { ...current, metadata: { ...metadataOf(current), resourceVersion: String(this.revision) } };
    this.record({ type: 'DELETED', resourceVersion: this.revision, resource, namespace, name, object });
    return object;
  }

  private update(resource: FakeResource, namespace: string, name: string, current: KubeObject, next: KubeObject, dryRun: boolean): KubeObject {
    const before = metadataOf(current);
    const metadata = metadataOf(next);
    // Identity and creation are the server's; a client cannot move or re-date an object.
    metadata.name = name;
    if (resource.namespaced) metadata.namespace = namespace;
    metadata.uid = before.uid;
    metadata.creationTimestamp = before.creationTimestamp;
    metadata.resourceVersion = before.resourceVersion;
    const specChanged = JSON.stringify(next.spec) !== JSON.stringify(current.spec);
    metadata.generation = Number(before.generation ?? 1) + (specChanged ? 1 : 0);
    const object: KubeObject = { ...next, apiVersion: apiVersionFor(resource, next), kind: resource.kind, metadata };
    admit(resource, object);
    if (dryRun || comparable(object) === comparable(current)) return dryRun ? object : current;
    return this.commit('MODIFIED', resource, namespace, name, object);
  }

  private commit(type: EventType, resource: FakeResource, namespace: string, name: string, object: KubeObject): KubeObject {
    this.revision++;
    const stored = { ...object, metadata: { ...metadataOf(object), resourceVersion: String(this.revision) } };
    this.objects.set(keyOf(resource, namespace, name), { resource, namespace, name, object: stored });
    this.record({ type, resourceVersion: this.revision, resource, namespace, name, object: stored });
    return stored;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    // Trimmed in halves so the cost stays amortised; at least `historyLimit` events remain.
    if (this.history.length > 2 * this.options.historyLimit) {
      this.history = this.history.slice(-this.options.historyLimit);
      this.oldest = this.history[0]!.resourceVersion - 1;
    }
    for (const listener of this.listeners) listener(event);
  }

  private nextUid(): string {
    this.uidCounter++;
    return `00000000-0000-4000-8000-${this.uidCounter.toString(16).padStart(12, '0')}`;
  }
}

/** The object's own apiVersion when it names a served version of the group, else the storage version. */
function apiVersionFor(resource: FakeResource, body: KubeObject): string {
  const version = typeof body.apiVersion === 'string' ? (body.apiVersion.split('/').pop() ?? '') : '';
  const chosen = resource.versions.includes(version) ? version : resource.versions[0]!;
  return resource.group ? `${resource.group}/${chosen}` : chosen;
}

function timestampOf(value: unknown): string | undefined {
  if (value instanceof Date) return formatTimestamp(value);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return formatTimestamp(new Date(value));
  return undefined;
}
