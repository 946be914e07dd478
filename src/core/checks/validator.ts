// Incremental validation: results are cached per object; a change re-checks only the objects whose checks
// can see it (dependencies.ts). Objects are keyed by API group and Kind/namespace/name.
import type { Change, MtlsEngine } from '../mtls/engine.js';
import { formatRef } from '../model/refs.js';
import type { MeshObject, ObjectRef } from '../model/types.js';
import type { Checker } from './checker.js';
import { CheckContext } from './context.js';
import { ALL_KEYS, meets, reachKeys, scopeKeys, type Keys } from './dependencies.js';
import { checkersByKind, DEFAULT_IGNORED_CODES, validateObject, type ObjectValidation } from './run.js';

const keyOf = (object: MeshObject): string => `${object.apiVersion.split('/')[0] ?? ''}|${formatRef(object)}`;

export interface ValidatorUpdate {
  /** Objects whose checks ran again, the changed one included. */
  readonly rechecked: readonly ObjectRef[];
}

export class Validator {
  private readonly engine: MtlsEngine;
  private readonly byKind: ReadonlyMap<string, readonly Checker[]>;
  private context: CheckContext;
  /** Results in load order; objects added later come last. */
  private readonly results = new Map<string, ObjectValidation | undefined>();
  private readonly scopes = new WeakMap<MeshObject, { key: string; keys: Keys }>();
  /** Objects by each key of their scope: a change looks up the objects its reach meets instead of scanning all. */
  private readonly byScopeKey = new Map<string, Set<MeshObject>>();
  private readonly ignored: ReadonlySet<string>;

  constructor(engine: MtlsEngine, checkers: readonly Checker[], ignored: ReadonlySet<string> = DEFAULT_IGNORED_CODES) {
    this.engine = engine;
    this.ignored = ignored;
    this.byKind = checkersByKind(checkers);
    this.context = new CheckContext(engine);
    for (const object of this.context.snapshot.objects) {
      this.results.set(keyOf(object), validateObject(object, this.context, this.byKind, this.ignored));
      this.indexScope(object);
    }
  }

  private indexScope(object: MeshObject): void {
    for (const key of this.scope(object).keys) {
      const set = this.byScopeKey.get(key);
      if (set) set.add(object);
      else this.byScopeKey.set(key, new Set([object]));
    }
  }

  private unindexScope(object: MeshObject): void {
    for (const key of this.scope(object).keys) this.byScopeKey.get(key)?.delete(object);
  }

  /** Objects whose scope meets `reach` (dependencies.ts `meets`), from the index. */
  private candidates(reach: Keys): Iterable<MeshObject> {
    if (reach.has(ALL_KEYS)) return this.context.snapshot.objects;
    const found = new Set<MeshObject>(this.byScopeKey.get(ALL_KEYS) ?? []);
    for (const key of reach) for (const object of this.byScopeKey.get(key) ?? []) found.add(object);
    return found;
  }

  /** Every reported object: config objects, and other objects that a check concerns. */
  validations(): ObjectValidation[] {
    return [...this.results.values()].filter((v): v is ObjectValidation => v !== undefined);
  }

  /** The cache key and the scope of an object, computed once per object. */
  private scope(object: MeshObject): { key: string; keys: Keys } {
    let entry = this.scopes.get(object);
    if (!entry) {
      entry = { key: keyOf(object), keys: scopeKeys(object, this.engine.meshConfig.rootNamespace, this.byKind.has(object.kind)) };
      this.scopes.set(object, entry);
    }
    return entry;
  }

  private objectsLike(ref: ObjectRef): MeshObject[] {
    return this.context.objectsOfKind(ref.kind).filter((o) => o.namespace === ref.namespace && o.name === ref.name);
  }

  /** Applies a change to the engine, then re-checks what depends on it. */
  apply(change: Change): ValidatorUpdate {
    const ref = change.type === 'upsert' ? change.object : change.ref;
    const before = this.objectsLike(ref);
    const root = this.engine.meshConfig.rootNamespace;
    this.engine.apply(change);
    this.context = new CheckContext(this.engine);
    const reach = new Set<string>();
    const changed = new Set<string>();
    for (const object of [...before, ...(change.type === 'upsert' ? [change.object] : [])]) {
      for (const key of reachKeys(object, root)) reach.add(key);
      changed.add(keyOf(object));
    }
    // A root namespace switch changes which namespace is "mesh" for every check.
    if (this.engine.meshConfig.rootNamespace !== root) reach.add('all');
    for (const object of before) this.unindexScope(object);
    const current = this.objectsLike(ref);
    for (const object of current) this.indexScope(object);
    const rechecked: ObjectRef[] = [];
    const seen = new Set<MeshObject>();
    for (const object of [...current, ...this.candidates(reach)]) {
      if (seen.has(object)) continue;
      seen.add(object);
      const { key, keys } = this.scope(object);
      if (!changed.has(key) && this.results.has(key) && !meets(keys, reach)) continue;
      this.results.set(key, validateObject(object, this.context, this.byKind, this.ignored));
      rechecked.push({ kind: object.kind, namespace: object.namespace, name: object.name });
    }
    const after = new Set(current.map(keyOf));
    for (const object of before) if (!after.has(keyOf(object))) this.results.delete(keyOf(object));
    return { rechecked };
  }
}
