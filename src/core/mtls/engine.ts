// The one place that decides effective mTLS. Locks, edges, validations, the CLI and the server all ask it.
// Indexes are built once per snapshot and updated per change; per-namespace roll-ups are cached and
// only the namespaces a change can affect are recomputed.
import { hasSidecar } from '../model/dataplane.js';
import { buildSnapshot, changedObjects, isMove, patchSnapshot, PATCHABLE_KINDS, type Snapshot } from '../model/snapshot.js';
import { serviceVisibleIn } from '../model/visibility.js';
import { selectorMatches } from '../model/labels.js';
import type { Change, MeshObject, MtlsMode, ObjectRef, PeerAuthentication, Problem, Workload } from '../model/types.js';
import { decideClient, type Client, type ClientDecision } from './client-decision.js';
import { DestinationRuleIndex } from './destination-rule-index.js';
import { ServiceRegistry, type Destination, type Endpoint } from './destinations.js';
import { edgeOutcome, type OutcomeDecision, type ServerMode } from './edge-outcome.js';
import { rollupFrom, type Lock, type PortTally, type Rollup, type RollupMode } from './locks.js';
import { kialiMeshStatus, kialiNamespaceStatus, type KialiInputs, type KialiStatus } from './kiali-status.js';
import { PeerAuthenticationIndex } from './peer-authentication-index.js';
import { probeClient } from './probe-client.js';
import { resolveNamespaceMode, resolveServerMode, type ModeDecision } from './server-mode.js';


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

export type { Change, Lock, Rollup, RollupMode };

/** What a new engine may take over from the one it was derived from. */
interface Inherited {
  readonly registry: ServiceRegistry;
  readonly peerAuthentications: PeerAuthenticationIndex;
  readonly destinationRules: DestinationRuleIndex;
  readonly namespaceCache: ReadonlyMap<string, NamespaceEntry>;
  readonly namespaceModeCache: ReadonlyMap<string, ModeDecision>;
}

interface NamespaceEntry {
  readonly rollup: NamespaceRollup;
  readonly tally: PortTally;
}

/**
 * An engine answers about one snapshot and never changes: `with(changes)` gives a new engine for the next
 * revision, so a request that holds one engine reads one consistent world. Policy changes reuse the
 * indexes and roll-ups the change cannot affect; other changes rebuild.
 */
export class MtlsEngine {
  readonly snapshot: Snapshot;
  private readonly peerAuthentications: PeerAuthenticationIndex;
  private readonly destinationRules: DestinationRuleIndex;
  private readonly registry: ServiceRegistry;
  /** Memoised answers about this snapshot (filled on first use, never invalidated: the snapshot is fixed). */
  private readonly namespaceCache: Map<string, NamespaceEntry>;
  private readonly namespaceModeCache: Map<string, ModeDecision>;

  constructor(snapshot: Snapshot, inherited?: Inherited) {
    this.snapshot = snapshot;
    const config = snapshot.meshConfig;
    this.registry = inherited?.registry ?? new ServiceRegistry(snapshot.services, snapshot.serviceEntries, snapshot.workloads);
    this.peerAuthentications = inherited?.peerAuthentications ?? new PeerAuthenticationIndex(snapshot.peerAuthentications);
    this.destinationRules =
      inherited?.destinationRules ?? new DestinationRuleIndex(snapshot.destinationRules, config.rootNamespace, config.defaultDestinationRuleExportTo);
    this.namespaceCache = new Map(inherited?.namespaceCache);
    this.namespaceModeCache = new Map(inherited?.namespaceModeCache);
  }

  /**
   * The engine of the snapshot with `changes` applied; this one is left as it was. PeerAuthentication and
   * DestinationRule changes patch the snapshot and keep every cached roll-up they cannot affect (a namespace
   * policy touches its namespace, a root-namespace policy or any DestinationRule all of them); other kinds
   * rebuild the snapshot and its indexes.
   */
  with(changes: readonly Change[]): MtlsEngine {
    if (changes.length === 0) return this;
    // Documents that only moved in their file (an edit above them) change spans, nothing the engine reads.
    const moves: Change[] = [];
    const real: Change[] = [];
    for (const change of changes) (isMove(this.snapshot, change) ? moves : real).push(change);
    const policyOnly = real.every((c) => PATCHABLE_KINDS.has(refOfChange(c).kind) && (c.type === 'delete' || isNormalisedPolicy(c.object)));
    if (!policyOnly) {
      return new MtlsEngine(buildSnapshot(changedObjects(this.snapshot.objects, changes), this.snapshot.inputProblems));
    }
    const root = this.meshConfig.rootNamespace;
    const paChanges = real.filter((c) => refOfChange(c).kind === 'PeerAuthentication');
    const drChanges = real.filter((c) => refOfChange(c).kind === 'DestinationRule');
    const namespaceCache = new Map(this.namespaceCache);
    const namespaceModeCache = new Map(this.namespaceModeCache);
    // Roll-ups only ask about their own namespace (the probe client lives there), so a namespace policy
    // touches one cache entry; a root policy, or any DestinationRule (clients anywhere may use it), all.
    if (real.some((c) => refOfChange(c).kind === 'DestinationRule')) namespaceCache.clear();
    for (const change of real.filter((c) => refOfChange(c).kind === 'PeerAuthentication')) {
      const namespace = refOfChange(change).namespace;
      if (namespace === root) {
        namespaceCache.clear();
        namespaceModeCache.clear();
      } else {
        namespaceCache.delete(namespace);
        namespaceModeCache.delete(namespace);
      }
    }
    return new MtlsEngine(patchSnapshot(this.snapshot, real, moves), {
      registry: this.registry,
      peerAuthentications: paChanges.length > 0 ? this.peerAuthentications.with(paChanges) : this.peerAuthentications,
      destinationRules: drChanges.length > 0 ? this.destinationRules.with(drChanges) : this.destinationRules,
      namespaceCache,
      namespaceModeCache,
    });
  }

  /** This engine with the loader's problems replaced (a file that no longer parses, or parses again). */
  withInputProblems(problems: readonly Problem[]): MtlsEngine {
    const s = this.snapshot;
    if (problems === s.inputProblems) return this;
    const derived = s.problems.slice(s.inputProblems.length);
    return new MtlsEngine({ ...s, inputProblems: problems, problems: [...problems, ...derived] }, this.inherited());
  }

  private inherited(): Inherited {
    return {
      registry: this.registry,
      peerAuthentications: this.peerAuthentications,
      destinationRules: this.destinationRules,
      namespaceCache: this.namespaceCache,
      namespaceModeCache: this.namespaceModeCache,
    };
  }

  get meshConfig() {
    return this.snapshot.meshConfig;
  }

  get services(): ServiceRegistry {
    return this.registry;
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
    if (!hasSidecar(workload)) {
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
      namespaces: this.snapshot.namespaces,
      peerAuthenticationsIn: (ns) => this.peerAuthentications.inNamespace(ns),
      destinationRulesWithHost: (host) => this.destinationRules.withHost(host),
    };
  }

  namespaceNames(): string[] {
    return [...this.snapshot.namespaces.keys()].sort();
  }

  namespace(name: string): NamespaceRollup {
    return this.namespaceEntry(name).rollup;
  }

  private namespaceEntry(name: string): NamespaceEntry {
    const cached = this.namespaceCache.get(name);
    if (cached) return cached;
    const workloads = this.registry.workloadsIn(name).map((w) => this.workloadModes(w));
    const tally: PortTally = { strict: 0, permissive: 0, disable: 0, inconsistent: [], sidecarWorkloads: 0, workloads: workloads.length };
    for (const w of workloads) {
      if (!hasSidecar(w.workload)) continue;
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
    const client = probeClient(namespace);
    const broken: string[] = [];
    for (const { hostname, object } of this.registry.hostsIn(namespace)) {
      for (const destination of this.registry.destinations(hostname, object)) {
        const bad = destination.endpoints.some((endpoint) => endpoint.workload !== undefined && hasSidecar(endpoint.workload) && this.decide(client, destination, endpoint).sends !== 'ISTIO_MUTUAL');
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
          return object === undefined || serviceVisibleIn(object, namespace);
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
    const server = workload !== undefined && hasSidecar(workload) ? this.serverMode(workload, endpoint.targetPort) : undefined;
    const serverMode: ServerMode = server ? server.mode : 'NONE';
    return { client, destination, endpoint, decision, server, serverMode, outcome: edgeOutcome(decision.sends, serverMode, destination.http) };
  }

  findWorkload(namespace: string, name: string): Workload | undefined {
    return this.registry.workloadsIn(namespace).find((w) => w.name === name);
  }
}




const refOfChange = (change: Change): ObjectRef => (change.type === 'upsert' ? change.object : change.ref);

/** A policy object the loader understood (a PeerAuthentication or DestinationRule of Istio's API group). */
const isNormalisedPolicy = (object: MeshObject): boolean => (object.kind === 'PeerAuthentication' ? 'portLevelMtls' in object : 'host' in object);
