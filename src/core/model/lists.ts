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

/**
 * The one empty list for values that are usually empty and kept as long as the mesh is: tens of thousands of
 * `[]` are that many objects for the collector to copy. Frozen, so a push on it fails loudly.
 */
export const EMPTY: readonly never[] = Object.freeze([]);

/**
 * `list` with `item` added, or a new list of just `item`. A list started as `[]` and pushed to keeps room for
 * 17 entries; one started from its first entry is its exact size, which counts for lists kept per document
 * or object, most of which hold one entry.
 */
export function appended<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

/** Adds `value` to the list kept under `key`, starting that list when the key has none. */
export function pushTo<K, T>(lists: Map<K, T[]>, key: K, value: T): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** Appends one by one: `push(...items)` passes every item as an argument, which overflows the stack at about 120,000. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  // An index loop: called with lists of every shape, this often runs unoptimised, where a for-of makes an
  // iterator result per item.
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
}
