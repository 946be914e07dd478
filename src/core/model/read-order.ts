// Where an object added to a mesh belongs among the others: where a fresh read of the same files would
// have put it. Files are read in directory-walk order (entry names compared per directory, sub-directories
// in place), then documents by number, then the items of a `kind: List`. Without this, a mesh grown
// change by change would list its objects in the order they arrived, and every list a report derives from
// it (edges, validations) would depend on the mesh's history instead of its files.
import type { MeshObject, SourceSpan } from './types.js';

const segmentsOf = (file: string): string[] => file.split(/[\\/]/);

function compareFiles(a: string, b: string): number {
  if (a === b) return 0;
  const left = segmentsOf(a);
  const right = segmentsOf(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

function itemIndex(span: SourceSpan): number {
  const index = span.pathPrefix[1];
  return typeof index === 'number' ? index : -1;
}

/** Read order of two spans: file, then document, then List item. */
export function compareSpans(a: SourceSpan, b: SourceSpan): number {
  return compareFiles(a.file, b.file) || a.document - b.document || itemIndex(a) - itemIndex(b);
}

/**
 * The index at which `object` goes into `list` (kept in read order): after every object read before it.
 * An object without a file (a cluster's) has no read order and goes last, as it arrived.
 */
export function readPlace(list: readonly MeshObject[], object: MeshObject): number {
  const span = object.source;
  if (!span) return list.length;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const other = (list[middle] as MeshObject).source;
    if (other && compareSpans(other, span) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
}
