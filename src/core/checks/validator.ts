// Incremental validation: results are kept per object; the next revision re-checks only the objects whose
// checks can see a change (dependencies.ts) and shares every other result. A Validator never changes, so
// a request holding one reads one revision's results.
import type { MtlsEngine } from '../mtls/engine.js';
import { LayeredMap, type LayeredMapDraft } from '../model/layered-map.js';
import { keyOf, type RefKey } from '../model/refs.js';
import { objectOf, type Snapshot } from '../model/snapshot.js';
import type { Change, MeshObject, ObjectRef } from '../model/types.js';
import type { Checker } from './checker.js';
import { CheckContext, type ListIndexes } from './context.js';
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
  /** Scope keys per parsed document (`raw`): a document that only moved in its file keeps its scope. */
  readonly scopes: WeakMap<object, Keys>;
  /** The checks' indexes over snapshot lists, reused by every later revision that keeps a list. */
  readonly indexes: ListIndexes;
  readonly rootNamespace: string;
}

export class Validator {
  readonly engine: MtlsEngine;
  private readonly setup: Setup;
  /** Results by object; undefined: checked, nothing to report. */
  private readonly results: LayeredMap<RefKey, ObjectValidation | undefined>;
  /** Objects (by key) for each key of their scope: a change looks up what its reach meets instead of scanning all. */
  private readonly byScope: ScopeIndex;

  private constructor(engine: MtlsEngine, setup: Setup, results: LayeredMap<RefKey, ObjectValidation | undefined>, byScope: ScopeIndex) {
    this.engine = engine;
    this.setup = setup;
    this.results = results;
    this.byScope = byScope;
  }

  /** Checks every object of the engine's snapshot. */
  static full(engine: MtlsEngine, checkers: readonly Checker[], ignored: ReadonlySet<string> = DEFAULT_IGNORED_CODES): Validator {
    const setup: Setup = { byKind: checkersByKind(checkers, ignored), ignored, scopes: new WeakMap(), indexes: new WeakMap(), rootNamespace: engine.meshConfig.rootNamespace };
    const context = new CheckContext(engine, setup.indexes);
    const results = new Map<RefKey, ObjectValidation | undefined>();
    // Kind by kind, not in load order: each kind's checkers then run on thousands of objects in a row, and V8
    // optimises them sooner than when every file's Deployments, Services and policies take turns (the checks
    // of a large mesh took an eighth less CPU). Results are looked up by key, so their order is not visible.
    // After a move of a document, a kind's list may still hold the object from before it (patchSnapshot):
    // its checks are the same, and readers place every result by the snapshot's own object (validationsAt),
    // as they do for a result kept across a move.
    for (const objects of engine.snapshot.objectsByKind.values()) for (const object of objects) results.set(keyOf(object), validateObject(object, context, setup.byKind));
    // The scope index serves only the next change: a command that validates once never builds it.
    return new Validator(engine, setup, LayeredMap.of(results), { objects: engine.snapshot.objects, built: undefined });
  }

  /**
   * Every reported object (config objects, and other objects that a check concerns) in the snapshot's order,
   * so the same files give the same list however the mesh got there.
   */
  validations(): ObjectValidation[] {
    return this.validationsAt().map((found) => found.validation);
  }

  /**
   * validations(), each with the snapshot's object it is about: the checked object, or the same object where
   * its document has moved since (a result is kept across a move), without a lookup by identity.
   */
  validationsAt(): { readonly validation: ObjectValidation; readonly object: MeshObject }[] {
    const found: { validation: ObjectValidation; object: MeshObject }[] = [];
    for (const object of this.engine.snapshot.objects) {
      const validation = this.results.get(keyOf(object));
      if (validation) found.push({ validation, object });
    }
    return found;
  }

  /**
   * One object's result; undefined when it has nothing to report or is not in this revision. The result's
   * `object` is the one that was checked: after a document only moved, ask the revision for its new place.
   */
  validationOf(object: ObjectRef & { readonly apiVersion?: string }): ObjectValidation | undefined {
    return this.results.get(keyOf(object));
  }

  /** Checks of an object that is not part of the revision (one the engine leaves out), against it. */
  checkOutside(object: MeshObject): ObjectValidation | undefined {
    return validateObject(object, new CheckContext(this.engine, this.setup.indexes), this.setup.byKind);
  }

  /**
   * The validator of `engine`, the engine of this one's snapshot with `changes` applied: the changed
   * objects and every object whose checks can see them are checked again; other results are shared.
   * A document that only moved in its file changes nothing a check reads, so it costs nothing here.
   */
  with(engine: MtlsEngine, changes: readonly Change[]): ValidatorUpdate {
    if (engine === this.engine) return { validator: this, rechecked: [] };
    if (changes.length === 0) return { validator: new Validator(engine, this.setup, this.results, this.byScope), rechecked: [] };
    // A root namespace switch changes which namespace is "mesh" for every check, and every scope with it.
    if (engine.meshConfig.rootNamespace !== this.setup.rootNamespace) {
      const validator = Validator.full(engine, [...new Set([...this.setup.byKind.values()].flat())], this.setup.ignored);
      return { validator, rechecked: engine.snapshot.objects.map(refOf) };
    }
    const { setup } = this;
    const before = this.engine.snapshot;
    const after = engine.snapshot;
    const reach = new Set<string>();
    const changed = new Set<RefKey>();
    const removed: MeshObject[] = [];
    const added: MeshObject[] = [];
    for (const change of changes) {
      const key = keyOf(change.type === 'upsert' ? change.object : change.ref);
      const old = objectOf(before, key);
      const now = objectOf(after, key);
      if (old && now && old.raw === now.raw) continue;
      for (const object of [old, now]) {
        if (!object) continue;
        for (const reached of reachKeys(object, setup.rootNamespace)) reach.add(reached);
        changed.add(key);
      }
      if (old) removed.push(old);
      if (now) added.push(now);
    }
    if (changed.size === 0) return { validator: new Validator(engine, setup, this.results, this.byScope), rechecked: [] };
    const byScopeKey = scopeIndexOf(setup, this.byScope).edit();
    const copied = new Set<string>();
    const writable = (scope: string): Set<RefKey> => {
      if (!copied.has(scope)) {
        copied.add(scope);
        byScopeKey.set(scope, new Set(byScopeKey.get(scope)));
      }
      return byScopeKey.get(scope) as Set<RefKey>;
    };
    for (const object of removed) for (const scope of scopeOf(setup, object)) writable(scope).delete(keyOf(object));
    for (const object of added) for (const scope of scopeOf(setup, object)) writable(scope).add(keyOf(object));

    const context = new CheckContext(engine, setup.indexes);
    const results = this.results.edit();
    const rechecked: ObjectRef[] = [];
    const seen = new Set<RefKey>();
    for (const key of [...changed, ...candidates(byScopeKey, reach, after)]) {
      if (seen.has(key)) continue;
      seen.add(key);
      const object = objectOf(after, key);
      if (!object) {
        results.delete(key);
        continue;
      }
      if (!changed.has(key) && results.has(key) && !meets(scopeOf(setup, object), reach)) continue;
      results.set(key, validateObject(object, context, setup.byKind));
      rechecked.push(refOf(object));
    }
    const scopes: ScopeIndex = { objects: after.objects, built: byScopeKey.done() };
    return { validator: new Validator(engine, setup, results.done(), scopes), rechecked };
  }
}

/**
 * The scope index of one list of objects, built on first use. Validators that share the list (a change of
 * nothing, or only of where documents sit, which keeps every object's identity and scope) share it too.
 */
interface ScopeIndex {
  readonly objects: readonly MeshObject[];
  built: LayeredMap<string, ReadonlySet<RefKey>> | undefined;
}

function scopeIndexOf(setup: Setup, scopes: ScopeIndex): LayeredMap<string, ReadonlySet<RefKey>> {
  if (!scopes.built) {
    const byScopeKey = new Map<string, Set<RefKey>>();
    for (const object of scopes.objects) {
      const key = keyOf(object);
      for (const scope of scopeOf(setup, object)) addTo(byScopeKey, scope, key);
    }
    scopes.built = LayeredMap.of(byScopeKey);
  }
  return scopes.built;
}

function scopeOf(setup: Setup, object: MeshObject): Keys {
  let keys = setup.scopes.get(object.raw);
  if (!keys) setup.scopes.set(object.raw, (keys = scopeKeys(object, setup.rootNamespace, setup.byKind.has(object.kind))));
  return keys;
}

function addTo(map: Map<string, Set<RefKey>>, scope: string, key: RefKey): void {
  const set = map.get(scope);
  if (set) set.add(key);
  else map.set(scope, new Set([key]));
}

/** Keys of the objects whose scope meets `reach`, from the index. */
function candidates(byScopeKey: LayeredMapDraft<string, ReadonlySet<RefKey>>, reach: Keys, snapshot: Snapshot): Iterable<RefKey> {
  if (reach.has(ALL_KEYS)) return snapshot.objects.map(keyOf);
  const found = new Set<RefKey>(byScopeKey.get(ALL_KEYS) ?? []);
  for (const scope of reach) for (const key of byScopeKey.get(scope) ?? []) found.add(key);
  return found;
}

const refOf = (object: MeshObject): ObjectRef => ({ kind: object.kind, namespace: object.namespace, name: object.name });
