// What checkers may ask about the world: the engine for every mTLS fact, and indexes over the snapshot.
import type { MtlsEngine } from '../mtls/engine.js';
import type { Snapshot } from '../model/snapshot.js';
import type { MeshObject } from '../model/types.js';

export class CheckContext {
  readonly engine: MtlsEngine;
  private readonly byKind = new Map<string, MeshObject[]>();

  constructor(engine: MtlsEngine) {
    this.engine = engine;
    for (const object of engine.snapshot.objects) {
      const list = this.byKind.get(object.kind);
      if (list) list.push(object);
      else this.byKind.set(object.kind, [object]);
    }
  }

  get snapshot(): Snapshot {
    return this.engine.snapshot;
  }

  objectsOfKind(kind: string): readonly MeshObject[] {
    return this.byKind.get(kind) ?? [];
  }

  objectsIn(kind: string, namespace: string): MeshObject[] {
    return this.objectsOfKind(kind).filter((o) => o.namespace === namespace);
  }
}
