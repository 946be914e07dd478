// A source followed into a store: every change batch the source announces becomes the store's next
// revision, at once and in order, and listeners hear of it. One per process and identity: the console, the
// lab and the event stream all read the same revisions, so a change through any door shows through every
// other.
import { MeshStore, type MeshRevision, type StoreOptions } from '../core/index.js';
import type { ConfigSource, SourceStatus, WriteRequest, WriteResult } from './config-source.js';

export interface RevisionEvent {
  readonly revision: MeshRevision;
  /** true when the source could not say what changed (a resync): everything may differ. */
  readonly reset: boolean;
  /** The files whose text changed, from sources with files. */
  readonly origins: readonly string[] | undefined;
}

export class LiveMesh {
  readonly source: ConfigSource;
  private readonly store: MeshStore;
  private readonly listeners = new Set<(event: RevisionEvent) => void>();
  private readonly statusListeners = new Set<(status: SourceStatus) => void>();
  private readonly unsubscribe: () => void;

  /** `source` must be ready: its contents are read at once. */
  constructor(source: ConfigSource, options: StoreOptions = {}) {
    this.source = source;
    this.store = new MeshStore(source.contents(), options);
    this.unsubscribe = source.subscribe((event) => {
      if (event.type === 'status') {
        for (const listener of [...this.statusListeners]) listener(event.status);
        return;
      }
      const before = this.store.current;
      const revision = event.type === 'reset' ? this.store.reset(source.contents()) : this.store.apply(event.changes, event.problems, event.texts);
      if (revision === before) return;
      for (const listener of [...this.listeners]) {
        try {
          listener({ revision, reset: event.type === 'reset', origins: event.type === 'changes' ? event.origins : undefined });
        } catch {
          // A failing listener (a closed event stream) must not keep the revision from the others.
        }
      }
    });
  }

  /** The latest revision. Take it once per answer and use that one throughout. */
  get current(): MeshRevision {
    return this.store.current;
  }

  onRevision(listener: (event: RevisionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: SourceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** A write through the source; when it resolves, `current` already includes it (read-your-writes). */
  write(request: WriteRequest): Promise<WriteResult> {
    return this.source.write(request);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
    this.statusListeners.clear();
  }
}
