// Immutable list updates for the indexes that revisions share.
/** A new list with the named entry replaced in place (load order kept), appended, or removed (`next` undefined). */
export function replaced<T extends { readonly name: string }>(list: readonly T[], name: string, next: T | undefined): T[] {
  const at = list.findIndex((item) => item.name === name);
  if (at < 0) return next ? [...list, next] : [...list];
  const copy = [...list];
  if (next) copy[at] = next;
  else copy.splice(at, 1);
  return copy;
}
