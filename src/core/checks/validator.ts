// Incremental validation: results are kept per object; the next revision re-checks only the objects whose
// checks can see a change (dependencies.ts) and shares every other result. A Validator never changes, so
// a request holding one reads one revision's results.
import type { MtlsEngine } from '../mtls/engine.js';
import { keyOf, type RefKey } from '../model/refs.js';
import type { Change, MeshObject, ObjectRef } from '../model/types.js';
import type { Checker } from './checker.js';
import { CheckContext } from './context.js';
import { ALL_KEYS, meets, reachKeys, scopeKeys, type Keys } from './dependencies.js';
import { checkersByKind, DEFAULT_IGNORED_CODES, validateObject, type ObjectValidation } from './run.js';

export interface ValidatorUpdate {
  readonly validator: Validator;
  /** Objects whose checks ran again, the changed ones included. */
  readonly rechecked: readonly ObjectRef[];
}

interface Setup {
  readonly byKind: ReadonlyMap<string, readonly Checker[]>;
  readonly ignored: ReadonlySet<string>;
  /** Scope keys per object; shared by validators with the same root namespace. */
  readonly scopes: WeakMap<MeshObject, Keys>;
  readonly rootNamespace: string;
}

export class Validator {
  readonly engine: MtlsEngine;
  private readonly setup: Setup;
  /** Results in load order; objects added later come last. undefined: checked, nothing to report. */
  private readonly results: ReadonlyMap<RefKey, ObjectValidation | undefined>;
  /** Objects by each key of their scope: a change looks up the objects its reach meets instead of scanning all. */
  private readonly byScopeKey: ReadonlyMap<string, ReadonlySet<MeshObject>>;

  private constructor(engine: MtlsEngine, setup: Setup, results: ReadonlyMap<RefKey, ObjectValidation | undefined>, byScopeKey: ReadonlyMap<string, ReadonlySet<MeshObject>>) {
    this.engine = engine;
    this.setup = setup;
    this.results = results;
    this.byScopeKey = byScopeKey;
  }

  /** Checks every object of the engine's snapshot. */
  static full(engine: MtlsEngine, checkers: readonly Checker[], ignored: ReadonlySet<string> = DEFAULT_IGNORED_CODES): Validator {
    const setup: Setup = { byKind: checkersByKind(checkers), ignored, scopes: new WeakMap(), rootNamespace: engine.meshConfig.rootNamespace };
    const context = new CheckContext(engine);
    const results = new Map<RefKey, ObjectValidation | undefined>();
    const byScopeKey = new Map<string, Set<MeshObject>>();
    for (const object of engine.snapshot.objects) {
      results.set(keyOf(object), validateObject(object, context, setup.byKind, ignored));
      for (const key of scopeOf(setup, object)) addTo(byScopeKey, key, object);
    }
    return new Validator(engine, setup, results, byScopeKey);
  }

  /** Every reported object: config objects, and other objects that a check concerns. */
  validations(): ObjectValidation[] {
    return [...this.results.values()].filter((v): v is ObjectValidation => v !== undefined);
  }

  /** One object's result; undefined when it has nothing to report or is not in this revision. */
  validationOf(object: ObjectRef & { readonly apiVersion?: string }): ObjectValidation | undefined {
    return this.results.get(keyOf(object));
  }

  /** Checks of an object that is not part of the revision (one the engine leaves out), against it. */
  checkOutside(object: MeshObject): ObjectValidation | undefined {
    return validateObject(object, new CheckContext(this.engine), this.setup.byKind, this.setup.ignored);
  }

  /**
   * The validator of `engine`, the engine of this one's snapshot with `changes` applied: the changed
   * objects and every object whose checks can see them are checked again; other results are shared.
   */
  with(engine: MtlsEngine, changes: readonly Change[]): ValidatorUpdate {
    if (engine === this.engine) return { validator: this, rechecked: [] };
    if (changes.length === 0) return { validator: new Validator(engine, this.setup, this.results, this.byScopeKey), rechecked: [] };
    // A root namespace switch changes which namespace is "mesh" for every check, and every scope with it.
    if (engine.meshConfig.rootNamespace !== this.setup.rootNamespace) {
      const validator = Validator.full(engine, [...new Set([...this.setup.byKind.values()].flat())], this.setup.ignored);
      return { validator, rechecked: engine.snapshot.objects.map(refOf) };
    }
    const { setup } = this;
    const before = this.engine.snapshot.objectsByKind;
    const after = engine.snapshot.objectsByKind;
    const reach = new Set<string>();
    const changed = new Set<RefKey>();
    const removed: MeshObject[] = [];
    const added: MeshObject[] = [];
    const moved: MeshObject[] = [];
    for (const change of changes) {
      const ref = change.type === 'upsert' ? change.object : change.ref;
      const old = sameObject(before.get(ref.kind), ref);
      const now = sameObject(after.get(ref.kind), ref);
      // A document that only moved in its file: same checks, only the object (with its span) is new.
      if (old && now && old !== now && old.raw === now.raw) {
        removed.push(old);
        moved.push(now);
        continue;
      }
      for (const object of [old, now]) {
        if (!object) continue;
        for (const key of reachKeys(object, setup.rootNamespace)) reach.add(key);
        changed.add(keyOf(object));
      }
      if (old && old !== now) removed.push(old);
      if (now && now !== old) added.push(now);
    }
    const byScopeKey = new Map(this.byScopeKey);
    const copied = new Set<string>();
    const writable = (key: string): Set<MeshObject> => {
      if (!copied.has(key)) {
        copied.add(key);
        byScopeKey.set(key, new Set(byScopeKey.get(key)));
      }
      return byScopeKey.get(key) as Set<MeshObject>;
    };
    for (const object of removed) for (const key of scopeOf(setup, object)) writable(key).delete(object);
    for (const object of [...added, ...moved]) for (const key of scopeOf(setup, object)) writable(key).add(object);

    const context = new CheckContext(engine);
    const results = new Map(this.results);
    for (const object of moved) {
      const key = keyOf(object);
      const result = results.get(key);
      if (result) results.set(key, { ...result, object });
    }
    const rechecked: ObjectRef[] = [];
    const seen = new Set<MeshObject>();
    for (const object of [...added, ...candidates(byScopeKey, reach, engine)]) {
      if (seen.has(object)) continue;
      seen.add(object);
      const key = keyOf(object);
      if (!changed.has(key) && results.has(key) && !meets(scopeOf(setup, object), reach)) continue;
      results.set(key, validateObject(object, context, setup.byKind, setup.ignored));
      rechecked.push(refOf(object));
    }
    for (const object of removed) {
      const key = keyOf(object);
      if (!sameObject(after.get(object.kind), object)) results.delete(key);
    }
    return { validator: new Validator(engine, setup, results, byScopeKey), rechecked };
  }
}

function scopeOf(setup: Setup, object: MeshObject): Keys {
  let keys = setup.scopes.get(object);
  if (!keys) setup.scopes.set(object, (keys = scopeKeys(object, setup.rootNamespace, setup.byKind.has(object.kind))));
  return keys;
}

function addTo(map: Map<string, Set<MeshObject>>, key: string, object: MeshObject): void {
  const set = map.get(key);
  if (set) set.add(object);
  else map.set(key, new Set([object]));
}

/** Objects whose scope meets `reach`, from the index. */
function candidates(byScopeKey: ReadonlyMap<string, ReadonlySet<MeshObject>>, reach: Keys, engine: MtlsEngine): Iterable<MeshObject> {
  if (reach.has(ALL_KEYS)) return engine.snapshot.objects;
  const found = new Set<MeshObject>(byScopeKey.get(ALL_KEYS) ?? []);
  for (const key of reach) for (const object of byScopeKey.get(key) ?? []) found.add(object);
  return found;
}

/** The object of a kind list with the same identity as `ref`. */
function sameObject(list: readonly MeshObject[] | undefined, ref: ObjectRef & { readonly apiVersion?: string }): MeshObject | undefined {
  if (!list) return undefined;
  const key = keyOf(ref);
  return list.find((o) => o.namespace === ref.namespace && o.name === ref.name && keyOf(o) === key);
}

const refOf = (object: MeshObject): ObjectRef => ({ kind: object.kind, namespace: object.namespace, name: object.name });
