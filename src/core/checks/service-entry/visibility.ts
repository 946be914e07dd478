// The visibility of VirtualServices and ServiceEntries, by the rules of core/model/visibility.ts.
import { field, stringList } from '../../model/read.js';
import { visibility, type Visibility } from '../../model/visibility.js';
import type { MeshObject } from '../../model/types.js';
import type { CheckContext } from '../context.js';


/** A VirtualService's or ServiceEntry's own visibility, from `spec.exportTo` or the mesh default. */
export function specVisibility(ctx: CheckContext, object: MeshObject, key: 'defaultServiceExportTo' | 'defaultVirtualServiceExportTo'): Visibility {
  return visibility(stringList(field(object.raw, 'spec', 'exportTo')), object.namespace, ctx.engine.meshConfig[key]);
}
