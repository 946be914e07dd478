// A mesh grown change by change lists its objects, and their validations, in the order a fresh read of the
// same files gives: files in directory-walk order, then documents by offset.
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../testing/demo-mesh.js';
import { formatRef } from '../model/refs.js';
import type { Change, MeshObject } from '../model/types.js';
import { MeshStore } from './mesh-store.js';

/** The objects of `yaml` as read from `file` (spans keep their offsets in the text). */
function readFrom(file: string, yaml: string): MeshObject[] {
  return objectsFromYaml(yaml).map((object) => ({ ...object, ...(object.source && { source: { ...object.source, file } }) }));
}

const policy = (namespace: string, name: string, mode = 'STRICT') =>
  `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {mtls: {mode: ${mode}}}\n`;
const rule = (namespace: string, name: string) =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {host: "*.${namespace}.svc.cluster.local", trafficPolicy: {tls: {mode: DISABLE}}}\n`;
const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {istio-injection: enabled}}\n`;

// In walk order: `sub` is a directory, so its files come before `sub-z.yaml` although "/" sorts after "-".
const FILES: readonly (readonly [string, string])[] = [
  ['a.yaml', [namespace('alpha'), policy('alpha', 'default')].join('---\n')],
  ['m.yaml', [rule('alpha', 'first'), policy('beta', 'default', 'PERMISSIVE'), rule('beta', 'last')].join('---\n')],
  ['sub/x.yaml', [namespace('beta'), rule('alpha', 'nested')].join('---\n')],
  ['sub-z.yaml', policy('alpha', 'late', 'DISABLE')],
];
const ALL = FILES.flatMap(([file, yaml]) => readFrom(file, yaml));

describe('read order of a mesh built change by change', () => {
  it.each([
    ['policies and rules (a patched snapshot)', (o: MeshObject) => o.kind !== 'Namespace'],
    ['namespaces too (a rebuilt snapshot)', () => true],
  ])('objects and validations added in any order are listed as a fresh read lists them: %s', (_name, added) => {
    const fresh = new MeshStore({ objects: ALL, problems: [] }).current;
    const store = new MeshStore({ objects: ALL.filter((o) => !added(o)), problems: [] });
    store.current.validator();
    // Newest first, one batch each: the worst order for a list that appends.
    for (const object of ALL.filter(added).reverse()) store.apply([{ type: 'upsert', object } satisfies Change], []);
    const grown = store.current;
    expect(grown.snapshot.objects.map(formatRef)).toEqual(fresh.snapshot.objects.map(formatRef));
    expect(grown.snapshot.peerAuthentications.map(formatRef)).toEqual(fresh.snapshot.peerAuthentications.map(formatRef));
    expect(grown.validations().map(formatRef)).toEqual(fresh.validations().map(formatRef));
    expect(grown.validations().length).toBeGreaterThan(3);
  });

  it('a deleted object added back returns to its place', () => {
    const store = new MeshStore({ objects: ALL, problems: [] });
    const order = store.current.snapshot.objects.map(formatRef);
    const middle = ALL[3] as MeshObject;
    store.apply([{ type: 'delete', ref: { kind: middle.kind, namespace: middle.namespace, name: middle.name } }], []);
    expect(store.current.snapshot.objects.map(formatRef)).not.toContain(formatRef(middle));
    store.apply([{ type: 'upsert', object: middle }], []);
    expect(store.current.snapshot.objects.map(formatRef)).toEqual(order);
  });
});
