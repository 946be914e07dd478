// An immutable map that is cheap to derive from: a large shared base plus a small layer of the entries
// changed since. Revisions of the mesh differ in a handful of entries out of tens of thousands; copying
// the whole map per revision would cost more than the work the change asks for.

const GONE: unique symbol = Symbol('gone');

/** Whether `key` is in a base seen through a layer of changes. Shared by the map and its draft. */
function has<K, V>(base: ReadonlyMap<K, V>, layer: ReadonlyMap<K, V | typeof GONE>, key: K): boolean {
  return layer.has(key) ? layer.get(key) !== GONE : base.has(key);
}

/** The value of `key` in a base seen through a layer of changes. */
function get<K, V>(base: ReadonlyMap<K, V>, layer: ReadonlyMap<K, V | typeof GONE>, key: K): V | undefined {
  if (!layer.has(key)) return base.get(key);
  const layered = layer.get(key);
  return layered === GONE ? undefined : layered;
}

/** Above this share of the base, a new layer is folded into a fresh base instead of growing further. */
const FOLD_RATIO = 1 / 8;

export class LayeredMap<K, V> {
  private readonly base: ReadonlyMap<K, V>;
  private readonly layer: ReadonlyMap<K, V | typeof GONE>;

  private constructor(base: ReadonlyMap<K, V>, layer: ReadonlyMap<K, V | typeof GONE>) {
    this.base = base;
    this.layer = layer;
  }

  static of<K, V>(entries: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return new LayeredMap(entries, new Map());
  }

  /** A base with the entries changed since; for drafts. */
  static ofLayers<K, V>(base: ReadonlyMap<K, V>, layer: ReadonlyMap<K, V | typeof GONE>): LayeredMap<K, V> {
    return new LayeredMap(base, layer);
  }

  has(key: K): boolean {
    return has(this.base, this.layer, key);
  }

  get(key: K): V | undefined {
    return get(this.base, this.layer, key);
  }

  /** Values in the base's order, then the keys added since in the order they were added. */
  *values(): IterableIterator<V> {
    for (const [key, value] of this.base) {
      if (!this.layer.has(key)) yield value;
      else {
        const layered = this.layer.get(key) as V | typeof GONE;
        if (layered !== GONE) yield layered;
      }
    }
    for (const [key, layered] of this.layer) if (layered !== GONE && !this.base.has(key)) yield layered;
  }

  /** A draft of the next map: writes go to a copy of the (small) layer, never to this map. */
  edit(): LayeredMapDraft<K, V> {
    return new LayeredMapDraft(this.base, new Map(this.layer));
  }
}

export class LayeredMapDraft<K, V> {
  private readonly base: ReadonlyMap<K, V>;
  private readonly layer: Map<K, V | typeof GONE>;

  constructor(base: ReadonlyMap<K, V>, layer: Map<K, V | typeof GONE>) {
    this.base = base;
    this.layer = layer;
  }

  has(key: K): boolean {
    return has(this.base, this.layer, key);
  }

  get(key: K): V | undefined {
    return get(this.base, this.layer, key);
  }

  set(key: K, value: V): void {
    this.layer.set(key, value);
  }

  delete(key: K): void {
    if (this.base.has(key)) this.layer.set(key, GONE);
    else this.layer.delete(key);
  }

  /** The finished map; the layer is folded into a new base once it is no longer small. */
  done(): LayeredMap<K, V> {
    if (this.layer.size <= Math.max(64, this.base.size * FOLD_RATIO)) return LayeredMap.ofLayers(this.base, this.layer);
    const merged = new Map<K, V>();
    for (const [key, value] of this.base) {
      const layered = this.layer.has(key) ? this.layer.get(key) : value;
      if (layered !== GONE) merged.set(key, layered as V);
    }
    for (const [key, layered] of this.layer) if (layered !== GONE && !this.base.has(key)) merged.set(key, layered);
    return LayeredMap.of(merged);
  }
}
