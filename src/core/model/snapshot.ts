import { readMeshConfig, isMeshConfigMap } from './mesh-config.js';
import { WORKLOAD_KINDS, toWorkload, workloadEntryToWorkload } from './normalize.js';
import { field, list, str } from './read.js';
import { formatRef } from './refs.js';
import {
  DEFAULT_MESH_CONFIG,
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
  readonly problems: readonly Problem[];
}

const isWorkloadKind = (kind: string): boolean => (WORKLOAD_KINDS as readonly string[]).includes(kind);

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

export function buildSnapshot(input: readonly MeshObject[], inputProblems: readonly Problem[] = []): Snapshot {
  const problems = [...inputProblems];
  const seen = new Map<string, MeshObject>();
  const objects: MeshObject[] = [];
  for (const object of input) {
    const key = `${object.apiVersion.split('/')[0]}|${formatRef(object)}`;
    const previous = seen.get(key);
    if (previous) {
      problems.push({
        code: 'duplicate-object',
        message: `${formatRef(object)} is defined again${previous.source ? ` (first in ${previous.source.file}:${previous.source.line})` : ''}; the first definition is used`,
        file: object.source?.file,
        line: object.source?.line,
        column: 1,
        object: { kind: object.kind, namespace: object.namespace, name: object.name },
      });
      continue;
    }
    seen.set(key, object);
    objects.push(object);
  }

  let meshConfig = DEFAULT_MESH_CONFIG;
  const namespaces = new Map<string, NamespaceInfo>();
  const controllers = new Set<string>();
  for (const object of objects) {
    if (object.kind === 'Namespace') namespaces.set(object.name, object as NamespaceInfo);
    if (isWorkloadKind(object.kind)) controllers.add(formatRef(object));
    if (isMeshConfigMap(object) && meshConfig.source === undefined) {
      const { config, problem } = readMeshConfig(object);
      meshConfig = config;
      if (problem) problems.push(problem);
    }
  }
  for (const object of objects) {
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
  for (const object of objects) {
    if (isWorkloadKind(object.kind)) {
      if (!ownedByLoadedController(object, controllers)) workloads.push(toWorkload(object, namespaces.get(object.namespace)));
    } else if (object.kind === 'WorkloadEntry' && object.apiVersion.startsWith('networking.istio.io/')) {
      workloads.push(workloadEntryToWorkload(object));
    } else if (object.kind === 'Service' && 'ports' in object) services.push(object as Service);
    else if (object.kind === 'ServiceEntry' && 'hosts' in object) serviceEntries.push(object as ServiceEntry);
    else if (object.kind === 'PeerAuthentication' && 'portLevelMtls' in object) peerAuthentications.push(object as PeerAuthentication);
    else if (object.kind === 'DestinationRule' && 'host' in object) destinationRules.push(object as DestinationRule);
  }
  const objectsByKind = new Map<string, MeshObject[]>();
  for (const object of objects) {
    const list = objectsByKind.get(object.kind);
    if (list) list.push(object);
    else objectsByKind.set(object.kind, [object]);
  }
  return { meshConfig, objects, objectsByKind, namespaces, workloads, services, serviceEntries, peerAuthentications, destinationRules, problems };
}
