// The server's current view of the mesh: a new MeshView per source change, and the change events that
// open pages listen to.
import type { ChangeEvent } from '../api/schemas.js';
import type { SourceStatus } from '../sources/config-source.js';
import type { TextSource } from '../sources/text-source.js';
import { MeshView } from './mesh-view.js';

export class MeshState {
  readonly source: TextSource;
  private currentView: MeshView;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private readonly unsubscribe: () => void;

  constructor(source: TextSource) {
    this.source = source;
    this.currentView = new MeshView(source.current(), 1);
    this.unsubscribe = source.onChange((change) => {
      this.currentView = new MeshView(source.current(), this.currentView.revision + 1);
      const event: ChangeEvent = { revision: this.currentView.revision, files: [...change.files] };
      for (const listener of this.listeners) listener(event);
    });
  }

  /** Requests take the view once and use it throughout, so one answer never mixes two revisions. */
  get view(): MeshView {
    return this.currentView;
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The source's connection (a cluster's), or undefined for sources without one. */
  status(): SourceStatus | undefined {
    return this.source.status?.();
  }

  onStatus(listener: (status: SourceStatus) => void): () => void {
    return this.source.onStatus?.(listener) ?? (() => undefined);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
