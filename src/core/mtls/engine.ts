// The one place that decides effective mTLS. Locks, edges, validations, the CLI and the server all ask it.
// Indexes are built once per snapshot and updated per change; per-namespace roll-ups are cached and
// only the namespaces a change can affect are recomputed.
import { buildSnapshot, type Snapshot } from '../model/snapshot.js';
import { formatRef } from '../model/refs.js';
import { selectorMatches } from '../model/labels.js';
import type { DestinationRule, MeshObject, MtlsMode, ObjectRef, PeerAuthentication, Workload } from '../model/types.js';
import { decideClient, type Client, type ClientDecision } from './client-decision.js';
import { DestinationRuleIndex } from './destination-rule-index.js';
import { ServiceRegistry, type Destination, type Endpoint } from './destinations.js';
import { edgeOutcome, type OutcomeDecision, type ServerMode } from './edge-outcome.js';
import { kialiMeshStatus, kialiNamespaceStatus, type KialiInputs, type KialiStatus } from './kiali-status.js';
import { PeerAuthenticationIndex } from './peer-authentication-index.js';
import { resolveNamespaceMode, resolveServerMode, type ModeDecision } from './server-mode.js';

export type Lock = 'full' | 'hollow' | 'none';
export type RollupMode = MtlsMode | 'MIXED';

export interface PortMode {
  readonly targetPort: number;
  readonly mode: MtlsMode | 'NONE';
  readonly decision: ModeDecision | undefined;
}

export interface WorkloadModes {
  readonly workload: Workload;
  /** Workload-level mode (no port), undefined without sidecar. */
  readonly workloadMode: ModeDecision | undefined;
  readonly ports: readonly PortMode[];
}

export interface Rollup {
  readonly mode: RollupMode;
  readonly lock: Lock;
  readonly decidedBy: ObjectRef | null;
  readonly explanation: readonly string[];
}

export interface NamespaceRollup extends Rollup {
  readonly name: string;
  readonly status: KialiStatus;
  readonly workloads: readonly WorkloadModes[];
}

export interface EdgeResult {
  readonly client: Client;
  readonly destination: Destination;
  readonly endpoint: Endpoint;
  readonly decision: ClientDecision;
  readonly server: ModeDecision | undefined;
  readonly serverMode: ServerMode;
  readonly outcome: OutcomeDecision;
}

export type Change = { readonly type: 'upsert'; readonly object: MeshObject } | { readonly type: 'delete'; readonly ref: ObjectRef };

interface PortTally {
  strict: number;
  permissive: number;
  disable: number;
  /** Services whose in-namespace sidecar clients would not send Istio mTLS to a sidecar endpoint. */
  inconsistent: string[];
  sidecarWorkloads: number;
  workloads: number;
}

export class MtlsEngine {
  private snapshotValue: Snapshot;
  private peerAuthentications!: PeerAuthenticationIndex;
  private destinationRules!: DestinationRuleIndex;
  private registry!: ServiceRegistry;
  private readonly namespaceCache = new Map<string, { rollup: NamespaceRollup; tally: PortTally }>();
  private readonly namespaceModeCache = new Map<string, ModeDecision>();
  private policyListsStale = false;
  /** Objects replaced or removed by policy changes since the snapshot was last rebuilt, by formatted ref. */
  private readonly objectEdits = new Map<string, MeshObject | undefined>();
  private readonly editedKinds = new Set<string>();
  /** Index of each object (by formatted ref) in snapshotValue.objects; built on the first edit. */
  private objectPositions: Map<string, number> | undefined;

  constructor(snapshot: Snapshot) {
    this.snapshotValue = snapshot;
    this.reindex();
  }

  private reindex(): void {
    const s = this.snapshotValue;
    this.objectPositions = undefined;
    this.peerAuthentications = new PeerAuthenticationIndex(s.peerAuthentications);
    this.destinationRules = new DestinationRuleIndex(s.destinationRules, s.meshConfig.rootNamespace, s.meshConfig.defaultDestinationRuleExportTo);
    this.registry = new ServiceRegistry(s.services, s.serviceEntries, s.workloads);
    this.invalidateAll();
  }

  private invalidateAll(): void {
    this.namespaceCache.clear();
    this.namespaceModeCache.clear();
  }

  /** The snapshot including every applied change. */
  get snapshot(): Snapshot {
    if (this.policyListsStale) {
      this.snapshotValue = {
        ...this.snapshotValue,
        ...this.editedObjects(),
        // Only the edited kinds get new lists, so indexes keyed on the other list survive the edit.
        ...(this.editedKinds.has('PeerAuthentication') ? { peerAuthentications: this.peerAuthentications.all() } : {}),
        ...(this.editedKinds.has('DestinationRule') ? { destinationRules: this.destinationRules.all() } : {}),
      };
      this.editedKinds.clear();
      this.objectEdits.clear();
      this.policyListsStale = false;
    }
    return this.snapshotValue;
  }

  /**
   * `objects` and `objectsByKind` with the pending policy edits: replaced in place (load order kept), new
   * ones appended, deleted ones removed. Positions are indexed once, so an edit costs a copy, not a scan.
   */
  private editedObjects(): Pick<Snapshot, 'objects' | 'objectsByKind'> {
    const { objects: current, objectsByKind: currentByKind } = this.snapshotValue;
    if (!this.objectPositions) this.objectPositions = new Map(current.map((o, i) => [formatRef(o), i]));
    const positions = this.objectPositions;
    let objects: (MeshObject | undefined)[] = current.slice();
    const byKind = new Map(currentByKind);
    let removed = false;
    for (const [key, edited] of this.objectEdits) {
      const at = positions.get(key);
      const previous = at === undefined ? undefined : objects[at];
      if (at !== undefined) objects[at] = edited;
      else if (edited) {
        positions.set(key, objects.length);
        objects.push(edited);
      }
      if (!edited) {
        positions.delete(key);
        removed = true;
      }
      const kind = (edited ?? previous)?.kind;
      if (!kind) continue;
      const list = (byKind.get(kind) ?? []).filter((o) => o !== previous);
      if (edited) list.push(edited);
      byKind.set(kind, list);
    }
    if (removed) {
      objects = objects.filter((o) => o !== undefined);
      this.objectPositions = undefined;
    }
    return { objects: objects as MeshObject[], objectsByKind: byKind };
  }

  get meshConfig() {
    return this.snapshotValue.meshConfig;
  }

  get services(): ServiceRegistry {
    return this.registry;
  }

  /**
   * Applies one change. PeerAuthentication and DestinationRule changes update their index and drop only
   * the cached roll-ups they can affect; other kinds rebuild the snapshot's indexes.
   */
  apply(change: Change): void {
    const ref = change.type === 'upsert' ? change.object : change.ref;
    const root = this.meshConfig.rootNamespace;
    if (ref.kind === 'PeerAuthentication' && (change.type === 'delete' || 'portLevelMtls' in change.object)) {
      if (change.type === 'upsert') this.peerAuthentications.upsert(change.object as PeerAuthentication);
      else this.peerAuthentications.remove(ref.namespace, ref.name);
      this.recordPolicyEdit(change);
        // Roll-ups only ask about their own namespace (the probe client lives there), so a namespace
      // policy touches one cache entry; a root policy touches them all.
      if (ref.namespace === root) {
        this.namespaceCache.clear();
        this.namespaceModeCache.clear();
      } else {
        this.namespaceModeCache.delete(ref.namespace);
        this.namespaceCache.delete(ref.namespace);
      }
      return;
    }
    if (ref.kind === 'DestinationRule' && (change.type === 'delete' || 'host' in change.object)) {
      if (change.type === 'upsert') this.destinationRules.upsert(change.object as DestinationRule);
      else this.destinationRules.remove(ref.namespace, ref.name);
      this.recordPolicyEdit(change);
        this.namespaceCache.clear();
      return;
    }
    const key = (o: ObjectRef & { apiVersion?: string }) => formatRef(o);
    const objects = this.snapshot.objects.filter((o) => key(o) !== key(ref));
    if (change.type === 'upsert') objects.push(change.object);
    const policies = this.snapshot;
    this.snapshotValue = buildSnapshot(
      objects.filter((o) => o.kind !== 'PeerAuthentication' && o.kind !== 'DestinationRule').concat(policies.peerAuthentications, policies.destinationRules),
      [],
    );
    this.reindex();
  }

  private recordPolicyEdit(change: Change): void {
    const ref = change.type === 'upsert' ? change.object : change.ref;
    this.objectEdits.set(formatRef(ref), change.type === 'upsert' ? change.object : undefined);
    this.editedKinds.add(ref.kind);
    this.policyListsStale = true;
  }

  // ---- server side -------------------------------------------------------------------------

  serverMode(target: { namespace: string; podLabels: Workload['podLabels'] }, targetPort?: number): ModeDecision {
    return resolveServerMode(this.peerAuthentications, this.meshConfig.rootNamespace, target, targetPort);
  }

  /** PeerAuthentications of a namespace in load order, from the index (no scan of the whole list). */
  peerAuthenticationsIn(namespace: string): readonly PeerAuthentication[] {
    return this.peerAuthentications.inNamespace(namespace);
  }

  /** Selector-less PeerAuthentications of a namespace, oldest first: Istio uses only the first (§1.3). */
  namespaceWidePolicies(namespace: string): readonly PeerAuthentication[] {
    const group = this.peerAuthentications.forNamespace(namespace);
    return group.namespaceWide ? [group.namespaceWide, ...group.ignoredDuplicates] : [];
  }

  namespaceMode(namespace: string): ModeDecision {
    let cached = this.namespaceModeCache.get(namespace);
    if (!cached) {
      cached = resolveNamespaceMode(this.peerAuthentications, this.meshConfig.rootNamespace, namespace);
      this.namespaceModeCache.set(namespace, cached);
    }
    return cached;
  }

  /** Ports a workload serves: its container ports and the target ports its Services and ServiceEntries resolve to. */
  workloadPorts(workload: Workload): number[] {
    const ports = new Set(workload.ports.map((p) => p.port));
    for (const { object, selector } of this.registry.selectingObjectsIn(workload.namespace)) {
      if (!selector || !selectorMatches(selector, workload.podLabels)) continue;
      for (const port of object.ports) {
        if (typeof port.targetPort === 'number') ports.add(port.targetPort);
        else {
          const named = workload.ports.find((p) => p.name === port.targetPort);
          if (named) ports.add(named.port);
        }
      }
    }
    return [...ports].sort((a, b) => a - b);
  }

  workloadModes(workload: Workload, ports = this.workloadPorts(workload)): WorkloadModes {
    if (!workload.sidecar) {
      return { workload, workloadMode: undefined, ports: ports.map((targetPort) => ({ targetPort, mode: 'NONE', decision: undefined })) };
    }
    return {
      workload,
      workloadMode: this.serverMode(workload),
      ports: ports.map((targetPort) => {
        const decision = this.serverMode(workload, targetPort);
        return { targetPort, mode: decision.mode, decision };
      }),
    };
  }

  // ---- roll-ups ----------------------------------------------------------------------------

  private kialiInputs(): KialiInputs {
    return {
      meshConfig: this.meshConfig,
      namespaces: this.snapshotValue.namespaces,
      peerAuthenticationsIn: (ns) => this.peerAuthentications.inNamespace(ns),
      destinationRulesWithHost: (host) => this.destinationRules.withHost(host),
    };
  }

  namespaceNames(): string[] {
    return [...this.snapshotValue.namespaces.keys()].sort();
  }

  namespace(name: string): NamespaceRollup {
    return this.namespaceEntry(name).rollup;
  }

  private namespaceEntry(name: string): { rollup: NamespaceRollup; tally: PortTally } {
    const cached = this.namespaceCache.get(name);
    if (cached) return cached;
    const workloads = this.registry.workloadsIn(name).map((w) => this.workloadModes(w));
    const tally: PortTally = { strict: 0, permissive: 0, disable: 0, inconsistent: [], sidecarWorkloads: 0, workloads: workloads.length };
    for (const w of workloads) {
      if (!w.workload.sidecar) continue;
      tally.sidecarWorkloads++;
      const modes = w.ports.length > 0 ? w.ports.map((p) => p.mode) : [w.workloadMode?.mode];
      for (const mode of modes) {
        if (mode === 'STRICT') tally.strict++;
        else if (mode === 'PERMISSIVE') tally.permissive++;
        else if (mode === 'DISABLE') tally.disable++;
      }
    }
    if (tally.strict > 0 && tally.permissive + tally.disable === 0) tally.inconsistent = this.inconsistentServices(name);
    const configured = this.namespaceMode(name);
    const rollup: NamespaceRollup = {
      name,
      status: kialiNamespaceStatus(this.kialiInputs(), name),
      workloads,
      ...rollupFrom(tally, configured, `namespace ${name}`),
    };
    const entry = { rollup, tally };
    this.namespaceCache.set(name, entry);
    return entry;
  }

  /**
   * STRICT only protects when clients send Istio mTLS. Services of the namespace whose sidecar clients in
   * the same namespace would send something else (auto mTLS off without a DR, a DR DISABLE) make it inconsistent.
   */
  private inconsistentServices(namespace: string): string[] {
    const client: Client = { type: 'workload', workload: probeClient(namespace) };
    const broken: string[] = [];
    for (const { hostname, object } of this.registry.hostsIn(namespace)) {
      for (const destination of this.registry.destinations(hostname, object)) {
        const bad = destination.endpoints.some((endpoint) => endpoint.workload?.sidecar && this.decide(client, destination, endpoint).sends !== 'ISTIO_MUTUAL');
        if (bad) broken.push(`${hostname}:${destination.servicePort.port}`);
      }
    }
    return broken;
  }

  mesh(): Rollup & { rootNamespace: string; autoMtls: boolean; status: KialiStatus; minProtocolVersion: string } {
    const total: PortTally = { strict: 0, permissive: 0, disable: 0, inconsistent: [], sidecarWorkloads: 0, workloads: 0 };
    for (const name of this.namespaceNames()) {
      const { tally } = this.namespaceEntry(name);
      total.strict += tally.strict;
      total.permissive += tally.permissive;
      total.disable += tally.disable;
      total.sidecarWorkloads += tally.sidecarWorkloads;
      total.workloads += tally.workloads;
      total.inconsistent.push(...tally.inconsistent);
    }
    const root = this.meshConfig.rootNamespace;
    const configured = resolveNamespaceMode(this.peerAuthentications, root, root);
    return {
      rootNamespace: root,
      autoMtls: this.meshConfig.enableAutoMtls,
      minProtocolVersion: this.meshConfig.minProtocolVersion,
      status: kialiMeshStatus(this.kialiInputs()),
      ...rollupFrom(total, configured, 'the mesh'),
    };
  }

  // ---- client side and edges ---------------------------------------------------------------

  decide(client: Client, destination: Destination, endpoint: Endpoint): ClientDecision {
    return decideClient(
      {
        meshConfig: this.meshConfig,
        destinationRules: this.destinationRules,
        namespaceMode: (ns) => this.namespaceMode(ns),
        serverMode: (e) => (e.workload ? this.serverMode(e.workload, e.targetPort) : { mode: 'PERMISSIVE', decidedBy: null, explanation: [] }),
        // Destinations the registry does not hold (synthetic ones from checks) count as visible.
        exportedTo: (d, namespace) => {
          const object = this.registry.find(d.hostname)?.object;
          return object === undefined || isExportedTo(object.exportTo, object.namespace, namespace);
        },
      },
      client,
      destination,
      endpoint,
    );
  }

  edge(client: Client, destination: Destination, endpoint: Endpoint): EdgeResult {
    const decision = this.decide(client, destination, endpoint);
    const workload = endpoint.workload;
    // A MESH_EXTERNAL host whose endpoints are in-mesh pods still reaches their sidecars.
    const server = workload?.sidecar ? this.serverMode(workload, endpoint.targetPort) : undefined;
    const serverMode: ServerMode = server ? server.mode : 'NONE';
    return { client, destination, endpoint, decision, server, serverMode, outcome: edgeOutcome(decision.sends, serverMode, destination.http) };
  }

  findWorkload(namespace: string, name: string): Workload | undefined {
    return this.registry.workloadsIn(namespace).find((w) => w.name === name);
  }
}

function rollupFrom(tally: PortTally, configured: ModeDecision, scope: string): Rollup {
  const explanation: string[] = [...configured.explanation];
  const kinds = [tally.strict > 0, tally.permissive > 0, tally.disable > 0].filter(Boolean).length;
  let mode: RollupMode;
  if (tally.sidecarWorkloads === 0) mode = configured.mode;
  else if (kinds > 1) mode = 'MIXED';
  else mode = tally.strict > 0 ? 'STRICT' : tally.disable > 0 ? 'DISABLE' : 'PERMISSIVE';

  let lock: Lock;
  if (tally.workloads > 0 && tally.sidecarWorkloads === 0) {
    lock = 'none';
    explanation.push(`no workload in ${scope} has a sidecar, so nothing enforces mTLS`);
  } else if (mode === 'STRICT' && tally.inconsistent.length === 0) {
    lock = 'full';
    explanation.push(tally.sidecarWorkloads > 0 ? `every sidecar port in ${scope} is STRICT` : `${scope} is STRICT`);
  } else if (mode === 'DISABLE') {
    lock = 'none';
    explanation.push(`mTLS is disabled for ${scope}`);
  } else {
    lock = 'hollow';
    if (mode === 'STRICT') explanation.push(`STRICT, but in-mesh clients would not send mTLS to ${tally.inconsistent.slice(0, 3).join(', ')}${tally.inconsistent.length > 3 ? ', …' : ''}`);
    else if (mode === 'MIXED') explanation.push(`ports differ in ${scope}: ${tally.strict} STRICT, ${tally.permissive} PERMISSIVE, ${tally.disable} DISABLE`);
    else explanation.push(`mTLS is accepted but not required in ${scope}`);
  }
  return { mode, lock, decidedBy: configured.decidedBy, explanation };
}

/**
 * Service visibility as Istio computes it: an empty exportTo is the mesh default (public; meshConfig
 * defaultServiceExportTo is not read), `.` is the own namespace, `~` nobody; the own namespace is not implied.
 */
function isExportedTo(exportTo: readonly string[], own: string, namespace: string): boolean {
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && own === namespace));
}

/** A sidecar client with no labels: what an ordinary in-mesh caller of the namespace would send. */
function probeClient(namespace: string): Workload {
  return {
    kind: 'Deployment', workloadKind: 'Deployment', apiVersion: 'apps/v1', namespace, name: '(any sidecar client)',
    labels: {}, annotations: {}, creationTimestamp: '', raw: {}, podLabels: {}, serviceAccount: 'default',
    sidecar: true, sidecarReason: 'an in-mesh client', tlsMode: 'istio', ports: [],
  };
}
