// What every report asks of one revision beyond the engine: an object by reference, its document, and
// positions in the texts it was read from. Each is computed once per revision and shared by every request
// that reads it.
import { objectOf, statusReport, type MeshObject, type MeshRevision, type ObjectRef, type StatusReport } from '../core/index.js';
import { documentOf, type ObjectDocument } from '../documents/object-document.js';
import { PositionResolver } from '../documents/positions.js';

/** The object of the revision with the identity of `ref` (the snapshot's positions index; no scan). */
export function objectAt(revision: MeshRevision, ref: ObjectRef & { readonly apiVersion?: string }): MeshObject | undefined {
  return objectOf(revision.snapshot, ref);
}

/** The object's document in the revision's own texts (or made from the object, without a file). */
export function documentIn(revision: MeshRevision, object: MeshObject): ObjectDocument | undefined {
  return documentOf(object, positionsIn(revision));
}

/** Positions in the revision's file texts; the YAML trees it builds are kept for the revision's life. */
export function positionsIn(revision: MeshRevision): PositionResolver {
  return revision.memo('positions', () => new PositionResolver(revision.texts));
}

export function statusIn(revision: MeshRevision): StatusReport {
  return revision.memo('status', () => statusReport(revision.engine));
}
