import { DEFAULT_ISTIOD_NAMESPACE, readMeshConfig, isMeshConfigMap } from './mesh-config.js';
import { isKnownVersion, POD_WORKLOAD_KINDS } from './kinds.js';
import { toWorkload, workloadEntryToWorkload } from './normalize.js';
import { field, list, str } from './read.js';
import { firstDefinitions } from './definitions.js';
import { pushTo } from './lists.js';
import { readPlace } from './read-order.js';
import { formatRef, keyOf, type RefKey } from './refs.js';
import {
  DEFAULT_MESH_CONFIG,
  type Change,
  type ObjectRef,
  type DestinationRule,
  type MeshConfig,
  type MeshObject,
  type NamespaceInfo,
  type PeerAuthentication,
  type Problem,
  type Service,
  type ServiceEntry,
  type Workload,
} from './types.js';

export interface Snapshot {
  readonly meshConfig: MeshConfig;
  /** Every loaded object, known kind or not, in load order. */
  readonly objects: readonly MeshObject[];
  /** `objects` by kind. An engine change replaces only the lists of the kinds it touched, so indexes keyed on a list stay valid. */
  readonly objectsByKind: ReadonlyMap<string, readonly MeshObject[]>;
  /** Declared namespaces plus those only referenced by objects. */
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly serviceEntries: readonly ServiceEntry[];
  readonly peerAuthentications: readonly PeerAuthentication[];
  readonly destinationRules: readonly DestinationRule[];
  /** Every load problem: the loader's, duplicate definitions, and the mesh config's. */
  readonly problems: readonly Problem[];
  /** The problems that do not come from reading the objects here (the loader's and duplicates): a rebuild keeps them. */
  readonly inputProblems: readonly Problem[];
}

const isPodWorkloadKind = (kind: string): boolean => (POD_WORKLOAD_KINDS as readonly string[]).includes(kind);

/**
 * Controllers are the workload; the ReplicaSets and Pods they own (as in `kubectl get all -o yaml`)
 * would count the same pods twice, so owned objects are dropped when their owner was loaded.
 */
function ownedByLoadedController(object: MeshObject, loaded: ReadonlySet<string>): boolean {
  for (const owner of list(field(object.raw, 'metadata', 'ownerReferences'))) {
    const kind = str(field(owner, 'kind'));
    const name = str(field(owner, 'name'));
    if (!kind || !name) continue;
    if (loaded.has(`${kind}/${object.namespace}/${name}`)) return true;
    // Pod → ReplicaSet "<deployment>-<hash>" → Deployment
    if (kind === 'ReplicaSet' && loaded.has(`Deployment/${object.namespace}/${name.replace(/-[a-z0-9]+$/, '')}`)) return true;
  }
  return false;
}

/**
 * The mesh config Istio uses when several `istio` ConfigMaps are loaded: the one in istiod's default
 * namespace (istio-system), else the first in load order.
 */
function chooseMeshConfigMap(objects: readonly MeshObject[]): MeshObject | undefined {
  let first: MeshObject | undefined;
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    if (!isMeshConfigMap(object)) continue;
    if (object.namespace === DEFAULT_ISTIOD_NAMESPACE) return object;
    first ??= object;
  }
  return first;
}

export function buildSnapshot(input: readonly MeshObject[], inputProblems: readonly Problem[] = []): Snapshot {
  const { objects, problems: duplicates } = firstDefinitions(input);
  const given = duplicates.length > 0 ? [...inputProblems, ...duplicates] : inputProblems;
  const problems = [...given];

  let meshConfig = DEFAULT_MESH_CONFIG;
  const namespaces = new Map<string, NamespaceInfo>();
  const controllers = new Set<string>();
  const meshConfigMap = chooseMeshConfigMap(objects);
  if (meshConfigMap) {
    const { config, problem } = readMeshConfig(meshConfigMap);
    meshConfig = config;
    if (problem) problems.push(problem);
  }
  // Index loops over the objects: a snapshot is built once per read, mostly before V8 optimises this
  // function, and an unoptimised for-of steps through the iterator protocol, an object per element.
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    if (object.kind === 'Namespace') namespaces.set(object.name, object as NamespaceInfo);
    if (isPodWorkloadKind(object.kind)) controllers.add(formatRef(object));
  }
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    if (object.namespace && !namespaces.has(object.namespace)) {
      namespaces.set(object.namespace, {
        kind: 'Namespace', apiVersion: 'v1', namespace: '', name: object.namespace,
        labels: {}, annotations: {}, creationTimestamp: '', raw: {}, injection: 'unlabelled',
      });
    }
  }

  const workloads: Workload[] = [];
  const services: Service[] = [];
  const serviceEntries: ServiceEntry[] = [];
  const peerAuthentications: PeerAuthentication[] = [];
  const destinationRules: DestinationRule[] = [];
  const objectsByKind = new Map<string, MeshObject[]>();
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    pushTo(objectsByKind, object.kind, object);
    if (isPodWorkloadKind(object.kind)) {
      if (!ownedByLoadedController(object, controllers)) workloads.push(toWorkload(object, namespaces.get(object.namespace)));
    } else if (object.kind === 'WorkloadEntry' && isKnownVersion('WorkloadEntry', object.apiVersion)) {
      workloads.push(workloadEntryToWorkload(object));
    } else if (object.kind === 'Service' && 'ports' in object) services.push(object as Service);
    else if (object.kind === 'ServiceEntry' && 'hosts' in object) serviceEntries.push(object as ServiceEntry);
    else if (object.kind === 'PeerAuthentication' && 'portLevelMtls' in object) peerAuthentications.push(object as PeerAuthentication);
    else if (object.kind === 'DestinationRule' && 'host' in object) destinationRules.push(object as DestinationRule);
  }
  return { meshConfig, objects, objectsByKind, namespaces, workloads, services, serviceEntries, peerAuthentications, destinationRules, problems, inputProblems: given };
}

/** Kinds whose changes patch a snapshot in place of rebuilding it: nothing else in it is derived from them. */
export const PATCHABLE_KINDS: ReadonlySet<string> = new Set(['PeerAuthentication', 'DestinationRule']);

/** Where each object sits in an `objects` list, kept as long as the list (lists are never mutated). */
const positionsOf = new WeakMap<readonly MeshObject[], ReadonlyMap<RefKey, number>>();

function positions(objects: readonly MeshObject[]): ReadonlyMap<RefKey, number> {
  let found = positionsOf.get(objects);
  if (!found) positionsOf.set(objects, (found = new Map(objects.map((o, i) => [keyOf(o), i]))));
  return found;
}

/** The object of the snapshot with the same identity as `ref`, found through the positions index. */
export function objectOf(snapshot: Snapshot, ref: (ObjectRef & { readonly apiVersion?: string }) | RefKey): MeshObject | undefined {
  const at = positions(snapshot.objects).get(typeof ref === 'string' ? ref : keyOf(ref));
  return at === undefined ? undefined : snapshot.objects[at];
}

/**
 * An upsert of an object whose document only moved in its file (an edit above it): the same parsed
 * document, a new span. Nothing derived from the object changes, so no index does.
 */
export function isMove(snapshot: Snapshot, change: Change): boolean {
  return change.type === 'upsert' && objectOf(snapshot, change.object)?.raw === change.object.raw;
}

/**
 * The snapshot with changes of PATCHABLE_KINDS, and moves of any kind, applied: replaced objects keep their
 * place in load order, new ones go where a fresh read would put them, deleted ones go. Lists of other kinds
 * are the same arrays, so indexes built over them stay valid. Other changes need buildSnapshot.
 */
export function patchSnapshot(snapshot: Snapshot, changes: readonly Change[], moves: readonly Change[] = []): Snapshot {
  const objects = patchList(snapshot.objects, moves.length > 0 ? [...changes, ...moves] : changes);
  // Each touched kind's list is patched the same way, by its own positions: no scan of every object. A
  // move changes only where a document sits, which `objects` (the one list spans are read from) holds; the
  // kind lists keep their arrays, so every index a check built over them stays.
  const byKind = new Map<string, Change[]>();
  for (const change of changes) {
    pushTo(byKind, change.type === 'upsert' ? change.object.kind : change.ref.kind, change);
  }
  const objectsByKind = new Map(snapshot.objectsByKind);
  for (const [kind, kindChanges] of byKind) objectsByKind.set(kind, patchList(snapshot.objectsByKind.get(kind) ?? [], kindChanges));
  return {
    ...snapshot,
    objects,
    objectsByKind,
    ...(byKind.has('PeerAuthentication') ? { peerAuthentications: (objectsByKind.get('PeerAuthentication') ?? []).filter(isPeerAuthentication) } : {}),
    ...(byKind.has('DestinationRule') ? { destinationRules: (objectsByKind.get('DestinationRule') ?? []).filter(isDestinationRule) } : {}),
  };
}

/**
 * A list with upserts replacing their object in place, new ones inserted where a fresh read would have put
 * them (read-order.ts), and deletes removed; the list's positions index goes with it when nothing moved, so
 * the next patch of the new list costs the changes, not the list.
 */
function patchList(list: readonly MeshObject[], changes: readonly Change[]): MeshObject[] {
  const at = positions(list);
  const objects: (MeshObject | undefined)[] = list.slice();
  const added = new Map<RefKey, MeshObject>();
  let removed = false;
  for (const change of changes) {
    const key = keyOf(change.type === 'upsert' ? change.object : change.ref);
    const index = at.get(key);
    if (change.type === 'upsert') {
      if (index === undefined) added.set(key, change.object);
      else objects[index] = change.object;
    } else if (index !== undefined) {
      objects[index] = undefined;
      removed = true;
    } else added.delete(key);
  }
  const patched = removed ? objects.filter((o): o is MeshObject => o !== undefined) : (objects as MeshObject[]);
  let appendedOnly = true;
  for (const object of added.values()) {
    const index = readPlace(patched, object);
    if (index < patched.length) appendedOnly = false;
    patched.splice(index, 0, object);
  }
  // Positions shift when something was removed or inserted before the end; the index is then rebuilt on demand.
  if (!removed && appendedOnly) positionsOf.set(patched, added.size > 0 ? new Map([...at, ...[...added.keys()].map((key, i) => [key, list.length + i] as const)]) : at);
  return patched;
}

const isPeerAuthentication = (o: MeshObject): o is PeerAuthentication => 'portLevelMtls' in o;
const isDestinationRule = (o: MeshObject): o is DestinationRule => 'host' in o && o.kind === 'DestinationRule';

/** The objects of a snapshot with any changes applied, in read order, for a rebuild with buildSnapshot. */
export function changedObjects(objects: readonly MeshObject[], changes: readonly Change[]): MeshObject[] {
  return patchList(objects, changes);
}
