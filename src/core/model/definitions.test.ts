import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../testing/demo-mesh.js';
import { seededRandom } from '../../testing/seeded-random.js';
import { Definitions } from './definitions.js';
import { keyOf } from './refs.js';
import type { MeshObject } from './types.js';

const policy = (namespace: string, mode: string, file: string): MeshObject => {
  const [object] = objectsFromYaml(`apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: ${namespace}}\nspec: {mtls: {mode: ${mode}}}\n`);
  return { ...object!, source: { file, document: 0, pathPrefix: [] } };
};

/** What the engine holds after applying `changes` to the objects that counted before. */
function applied(before: readonly MeshObject[], changes: ReturnType<Definitions['replace']>): Map<string, MeshObject> {
  const held = new Map(before.map((o) => [keyOf(o), o]));
  for (const change of changes) {
    if (change.type === 'upsert') held.set(keyOf(change.object), change.object);
    else held.delete(keyOf(change.ref));
  }
  return held;
}

describe('Definitions', () => {
  it('an edit of a shadowed definition changes nothing; an edit of the counted one is an upsert', () => {
    const definitions = new Definitions();
    definitions.setOrder(['a.yaml', 'b.yaml']);
    definitions.replace('a.yaml', [policy('shop', 'STRICT', 'a.yaml')]);
    definitions.replace('b.yaml', [policy('shop', 'DISABLE', 'b.yaml')]);
    expect(definitions.replace('b.yaml', [policy('shop', 'PERMISSIVE', 'b.yaml')])).toEqual([]);
    const edited = policy('shop', 'DISABLE', 'a.yaml');
    expect(definitions.replace('a.yaml', [edited])).toEqual([{ type: 'upsert', object: edited }]);
    expect(definitions.duplicates(() => 1)).toHaveLength(1);
  });

  it('files of a first read that arrive out of order (parsed on two threads) count as in load order', () => {
    const files = ['a.yaml', 'b.yaml', 'c.yaml'];
    const objects = (file: string) => ['n1', 'n2', file === 'b.yaml' ? 'n3' : 'n1'].map((ns, i) => policy(ns, ['STRICT', 'PERMISSIVE', 'DISABLE'][i]!, file));
    const read = (order: readonly string[]) => {
      const definitions = new Definitions();
      definitions.setOrder(files);
      const changes = order.flatMap((file) => definitions.replace(file, objects(file)));
      return { definitions, held: applied([], changes) };
    };
    const inOrder = read(files);
    const outOfOrder = read(['c.yaml', 'a.yaml', 'b.yaml']);
    expect(outOfOrder.definitions.objects()).toEqual(inOrder.definitions.objects());
    expect(inOrder.definitions.objects().map((o) => `${o.source?.file} ${o.namespace}`)).toEqual(['a.yaml n1', 'a.yaml n2', 'b.yaml n3']);
    expect(outOfOrder.definitions.duplicates(() => 1)).toEqual(inOrder.definitions.duplicates(() => 1));
    expect([...outOfOrder.held.values()]).toEqual(expect.arrayContaining(inOrder.definitions.objects()));
    expect(outOfOrder.held.size).toBe(3);
  });

  it('after any sequence of file edits, answers as a fresh read of the same files would', () => {
    const random = seededRandom(7);
    const files = ['a.yaml', 'b.yaml', 'c.yaml'];
    const namespaces = ['n1', 'n2', 'n3', 'n4'];
    const modes = ['STRICT', 'PERMISSIVE', 'DISABLE'];
    const contents = new Map<string, MeshObject[]>();
    const definitions = new Definitions();
    definitions.setOrder(files);
    for (let step = 0; step < 300; step++) {
      const file = files[Math.floor(random() * files.length)]!;
      const current = contents.get(file) ?? [];
      // Mostly edits in place (same identities, same order), sometimes a new list.
      const next =
        current.length > 0 && random() < 0.7
          ? current.map((o) => (random() < 0.5 ? policy(o.namespace, modes[Math.floor(random() * 3)]!, file) : { ...o }))
          : // Sometimes a file defines one object twice.
            namespaces
              .filter(() => random() < 0.5)
              .flatMap((ns) => (random() < 0.2 ? [ns, ns] : [ns]))
              .map((ns) => policy(ns, modes[Math.floor(random() * 3)]!, file));
      const before = definitions.objects();
      const changes = definitions.replace(file, next);
      contents.set(file, next);
      const fresh = new Definitions();
      fresh.setOrder(files);
      for (const [origin, objects] of contents) fresh.replace(origin, objects);
      expect(definitions.objects()).toEqual(fresh.objects());
      const messages = (d: Definitions) => d.duplicates(() => 1).map((p) => p.message).sort();
      expect(messages(definitions)).toEqual(messages(fresh));
      expect([...applied(before, changes).values()].sort((x, y) => keyOf(x).localeCompare(keyOf(y)))).toEqual(fresh.objects().sort((x, y) => keyOf(x).localeCompare(keyOf(y))));
    }
  });

  it('a file of 130,000 copies of one object: the first counts, each other one is a duplicate, and edits stay exact', () => {
    const copies = (mode: string) => {
      const one = policy('shop', mode, 'a.yaml');
      return Array.from({ length: 130_000 }, () => ({ ...one }));
    };
    const definitions = new Definitions();
    definitions.setOrder(['a.yaml', 'b.yaml']);
    const first = copies('STRICT');
    expect(definitions.replace('a.yaml', first)).toEqual([{ type: 'upsert', object: first[0] }]);
    expect(definitions.duplicates(() => 1)).toHaveLength(129_999);
    // The same identities in the same order, every copy changed: one upsert, for the copy that counts.
    const edited = copies('DISABLE');
    expect(definitions.replace('a.yaml', edited)).toEqual([{ type: 'upsert', object: edited[0] }]);
    // One copy fewer: the whole list again.
    const shorter = copies('PERMISSIVE').slice(1);
    expect(definitions.replace('a.yaml', shorter)).toEqual([{ type: 'upsert', object: shorter[0] }]);
    expect(definitions.objects()).toEqual([shorter[0]]);
    expect(definitions.duplicates(() => 1)).toHaveLength(129_998);
  });
});
