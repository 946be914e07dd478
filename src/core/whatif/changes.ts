// A change file as the what-if reads it: every object is created or replaced, except those that carry the
// delete annotation, which stand for "remove this object" (their spec is not read).
import { refOf } from '../model/refs.js';
import type { MeshObject } from '../model/types.js';
import type { Change } from '../mtls/engine.js';

/** `meshlock.io/delete: "true"` on an object of a change file removes that object instead of applying it. */
export const DELETE_ANNOTATION = 'meshlock.io/delete';

export function changesFromObjects(objects: readonly MeshObject[]): Change[] {
  return objects.map((object): Change => (object.annotations[DELETE_ANNOTATION] === 'true' ? { type: 'delete', ref: refOf(object) } : { type: 'upsert', object }));
}
