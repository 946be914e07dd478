// List updates: immutable ones for the indexes that revisions share, appending lists of any length, and adding to a map of lists.
/** A new list with the named entry replaced in place (load order kept), appended, or removed (`next` undefined). */
export function replaced<T extends { readonly name: string }>(list: readonly T[], name: string, next: T | undefined): T[] {
  const at = list.findIndex((item) => item.name === name);
  if (at < 0) return next ? [...list, next] : [...list];
  const copy = [...list];
  if (next) copy[at] = next;
  else copy.splice(at, 1);
  return copy;
}

/** Adds `value` to the list kept under `key`, starting that list when the key has none. */
export function pushTo<K, T>(lists: Map<K, T[]>, key: K, value: T): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** Appends one by one: `push(...items)` passes every item as an argument, which overflows the stack at about 120,000. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
