// The fake API server's storage: one global resourceVersion counter (as etcd's revision), objects keyed by
// resource/namespace/name, and a bounded history of events that watches replay from. A watch older than the
// history gets 410 Gone, exactly the case a client must handle by listing again.
import { isRecord } from '../../core/index.js';
import { NAMESPACE_RESOURCE, type FakeResource } from './resources.js';
import { fieldsMatch, type FieldRequirement } from './selection.js';
import { notFound } from './status.js';

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

  /** Creates as the test's own set-up does (no checks): the name and namespace are taken as given. */
  create(resource: FakeResource, namespace: string, body: KubeObject): KubeObject {
    const metadata = metadataOf(body);
    if (resource.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    const name = String(metadata.name ?? '');
    if (resource.namespaced && !this.objects.has(keyOf(NAMESPACE_RESOURCE, '', namespace))) throw notFound(NAMESPACE_RESOURCE, namespace);
    delete metadata.resourceVersion;
    const created = timestampOf(metadata.creationTimestamp) ?? formatTimestamp(this.options.now());
    const object: KubeObject = {
      ...structuredClone(body),
      apiVersion: apiVersionFor(resource, body),
      kind: resource.kind,
      metadata: { ...structuredClone(metadata), uid: this.nextUid(), creationTimestamp: created, generation: 1 },
    };
    return this.commit('ADDED', resource, namespace, name, object);
  }

  /** Replaces whatever version is stored (last write wins); an update that changes nothing makes no event. */
  replace(resource: FakeResource, namespace: string, name: string, body: KubeObject): KubeObject {
    const current = this.get(resource, namespace, name);
    const before = metadataOf(current);
    const metadata = metadataOf(body);
    // Identity and creation are the server's; a client cannot move or re-date an object.
    metadata.name = name;
    if (resource.namespaced) metadata.namespace = namespace;
    metadata.uid = before.uid;
    metadata.creationTimestamp = before.creationTimestamp;
    metadata.resourceVersion = before.resourceVersion;
    const specChanged = JSON.stringify(body.spec) !== JSON.stringify(current.spec);
    metadata.generation = Number(before.generation ?? 1) + (specChanged ? 1 : 0);
    const object: KubeObject = { ...structuredClone(body), apiVersion: apiVersionFor(resource, body), kind: resource.kind, metadata };
    if (comparable(object) === comparable(current)) return current;
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
