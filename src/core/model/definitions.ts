// Which definition of an object counts when several documents define it: the first in load order, as
// every loader of meshlock has always done (and `kubectl apply` of the same files would end with the last,
// which is why a duplicate is reported). One rule, used by buildSnapshot for a whole load and by the
// Definitions index for sources that change one document set (a file) at a time.
import { appendAll, pushTo } from './lists.js';
import { compareSpans } from './read-order.js';
import { formatRef, keyOf, refOf, type RefKey } from './refs.js';
import type { Change, MeshObject, Problem, SourceSpan } from './types.js';

/** The 1-based line where a span's document starts, as the source that read the text knows it. */
export type LineOf = (span: SourceSpan) => number | undefined;

function duplicateProblem(object: MeshObject, first: MeshObject, lineOf: LineOf): Problem {
  const firstLine = first.source && lineOf(first.source);
  return {
    code: 'duplicate-object',
    message: `${formatRef(object)} is defined again${first.source ? ` (first in ${first.source.file}${firstLine === undefined ? '' : `:${firstLine}`})` : ''}; the first definition is used`,
    file: object.source?.file,
    line: object.source && lineOf(object.source),
    column: 1,
    object: { kind: object.kind, namespace: object.namespace, name: object.name },
  };
}

/** The first definition of every object, in load order, and a problem for each later one. */
export function firstDefinitions(input: readonly MeshObject[], lineOf: LineOf = () => undefined): { objects: MeshObject[]; problems: Problem[] } {
  const seen = new Map<RefKey, MeshObject>();
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  // An index loop: this runs once per snapshot, over every object, mostly unoptimised (see buildSnapshot).
  for (let i = 0; i < input.length; i++) {
    const object = input[i]!;
    const key = keyOf(object);
    const first = seen.get(key);
    if (first) problems.push(duplicateProblem(object, first, lineOf));
    else {
      seen.set(key, object);
      objects.push(object);
    }
  }
  return { objects, problems };
}

interface Definition {
  readonly origin: string;
  readonly object: MeshObject;
}

/**
 * Objects grouped by origin (a file), in origin order then document order. Replacing one origin's objects
 * answers with the changes of the objects that count (the first definitions), so a source can follow an
 * edit of one file without rebuilding the rest.
 */
export class Definitions {
  private readonly byOrigin = new Map<string, readonly MeshObject[]>();
  private readonly byKey = new Map<RefKey, Definition[]>();
  /** Keys with more than one definition, so listing duplicates does not walk every key. */
  private readonly definedAgain = new Set<RefKey>();
  private order = new Map<string, number>();

  /** Origins in load order; origins not listed sort after, by name. */
  setOrder(origins: readonly string[]): void {
    this.order = new Map(origins.map((o, i) => [o, i]));
  }

  private rank(origin: string): number {
    return this.order.get(origin) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The definition that counts for an object, by key. */
  get(key: RefKey): MeshObject | undefined {
    return this.byKey.get(key)?.[0]?.object;
  }

  private effective(key: RefKey): MeshObject | undefined {
    return this.get(key);
  }

  /** Sets the objects of one origin (an empty list removes it) and returns what changed for the engine. */
  replace(origin: string, objects: readonly MeshObject[]): Change[] {
    const previous = this.byOrigin.get(origin) ?? [];
    if (previous.length === 0) return this.add(origin, objects);
    const inPlace = this.replaceInPlace(origin, previous, objects);
    if (inPlace) return inPlace;
    if (objects.length === 0) this.byOrigin.delete(origin);
    else this.byOrigin.set(origin, objects);
    const touched = new Set<RefKey>();
    const before = new Map<RefKey, MeshObject | undefined>();
    // Each key's list is rewritten once, however many of its definitions this origin holds: per document, a
    // file of many copies of one object would cost the square of their number.
    for (const object of previous) {
      const key = keyOf(object);
      if (!before.has(key)) before.set(key, this.effective(key));
      touched.add(key);
    }
    for (const key of touched) {
      const list = (this.byKey.get(key) ?? []).filter((d) => d.origin !== origin);
      if (list.length > 0) this.byKey.set(key, list);
      else this.byKey.delete(key);
    }
    const added = new Map<RefKey, Definition[]>();
    for (const object of objects) {
      const key = keyOf(object);
      if (!before.has(key)) before.set(key, this.effective(key));
      touched.add(key);
      pushTo(added, key, { origin, object });
    }
    for (const [key, definitions] of added) {
      // The sort is stable: within one origin the first document stays first; across origins, the earlier origin.
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), ...definitions].sort((a, b) => this.rank(a.origin) - this.rank(b.origin)));
    }
    const changes: Change[] = [];
    for (const key of touched) {
      if ((this.byKey.get(key)?.length ?? 0) > 1) this.definedAgain.add(key);
      else this.definedAgain.delete(key);
      const now = this.effective(key);
      const was = before.get(key);
      if (now === was) continue;
      if (now) changes.push({ type: 'upsert', object: now });
      else if (was) changes.push({ type: 'delete', ref: refOf(was) });
    }
    return changes;
  }

  /**
   * A new origin (every file of a first read): each object joins its key's definitions after those of origins
   * ranked no later, as the stable sort of `replace` would place it, with nothing of this origin to undo.
   */
  private add(origin: string, objects: readonly MeshObject[]): Change[] {
    if (objects.length === 0) return [];
    this.byOrigin.set(origin, objects);
    const rank = this.rank(origin);
    const changes: Change[] = [];
    for (const object of objects) {
      const key = keyOf(object);
      const definition = { origin, object };
      const list = this.byKey.get(key);
      if (!list) {
        this.byKey.set(key, [definition]);
        changes.push({ type: 'upsert', object });
        continue;
      }
      let at = list.length;
      while (at > 0 && this.rank(list[at - 1]!.origin) > rank) at--;
      // In place: the lists are this index's own; files of a first read mostly arrive in rank order, so this mostly appends.
      list.splice(at, 0, definition);
      this.definedAgain.add(key);
      if (at === 0) changes.push({ type: 'upsert', object });
    }
    return changes;
  }

  /**
   * The common edit: the origin holds the same identities in the same order (one document changed, the ones
   * after it only moved). Each definition is swapped where it stands, with no re-sorting per key.
   */
  private replaceInPlace(origin: string, previous: readonly MeshObject[], objects: readonly MeshObject[]): Change[] | undefined {
    if (previous.length !== objects.length || objects.length === 0) return undefined;
    // The swaps of one key together, so its list is rewritten once however many of its definitions changed.
    const swaps = new Map<RefKey, Map<MeshObject, MeshObject>>();
    const changes: Change[] = [];
    for (let i = 0; i < objects.length; i++) {
      const was = previous[i]!;
      const now = objects[i]!;
      if (was === now) continue;
      const key = keyOf(now);
      if (key !== keyOf(was)) return undefined;
      let byOld = swaps.get(key);
      if (!byOld) swaps.set(key, (byOld = new Map()));
      byOld.set(was, now);
      // Nothing is swapped yet: a key's counted definition changes only when the document that held it did.
      if (this.get(key) === was) changes.push({ type: 'upsert', object: now });
    }
    this.byOrigin.set(origin, objects);
    for (const [key, byOld] of swaps) {
      const list = this.byKey.get(key) ?? [];
      this.byKey.set(key, list.map((d) => { const now = byOld.get(d.object); return now ? { origin, object: now } : d; }));
    }
    return changes;
  }

  /** Every object that counts, in load order. */
  objects(): MeshObject[] {
    const origins = [...this.byOrigin.keys()].sort((a, b) => this.rank(a) - this.rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const out: MeshObject[] = [];
    // With no key defined twice, every object counts and none needs its key looked up.
    const all = this.definedAgain.size === 0;
    for (const origin of origins) {
      const objects = this.byOrigin.get(origin) ?? [];
      for (let i = 0; i < objects.length; i++) {
        const object = objects[i]!;
        if (all || this.effective(keyOf(object)) === object) out.push(object);
      }
    }
    return out;
  }

  /** A problem for every definition that does not count, in load order of the later definitions. */
  duplicates(lineOf: LineOf): Problem[] {
    const later: Definition[] = [];
    for (const key of this.definedAgain) appendAll(later, (this.byKey.get(key) ?? []).slice(1));
    later.sort((a, b) => this.rank(a.origin) - this.rank(b.origin) || (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0) || (a.object.source && b.object.source ? compareSpans(a.object.source, b.object.source) : 0));
    return later.map((d) => duplicateProblem(d.object, this.get(keyOf(d.object))!, lineOf));
  }
}
