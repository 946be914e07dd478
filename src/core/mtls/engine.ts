// The one place that decides effective mTLS. Locks, edges, validations, the CLI and the server all ask it.
// Indexes are built once per snapshot and updated per change; per-namespace roll-ups are cached and
// only the namespaces a change can affect are recomputed.
import { hasSidecar, inMesh } from '../model/dataplane.js';
import { appendAll } from '../model/lists.js';
import { buildSnapshot, changedObjects, isMove, patchSnapshot, PATCHABLE_KINDS, type Snapshot } from '../model/snapshot.js';
import { visibility, visibleIn, type Visibility } from '../model/visibility.js';
import { selectorMatches } from '../model/labels.js';
import type { Change, Dataplane, MeshObject, MtlsMode, ObjectRef, PeerAuthentication, Problem, WaypointRef, Workload } from '../model/types.js';
import { WaypointIndex, type WaypointBinding } from '../model/waypoints.js';
import type { Client, ClientContext, ClientDecision } from './client-decision.js';
import { decideClient, decisionInputs } from './clients.js';
import { DestinationRuleIndex, type DestinationRuleEntry } from './destination-rule-index.js';
import { ServiceRegistry, type Destination, type Endpoint } from './destinations.js';
import { edgeOutcome, serverModeOf, type OutcomeDecision, type ServerMode, type ServerSide } from './edge-outcome.js';
import { rollupFrom, type Lock, type PortTally, type Rollup, type RollupMode } from './locks.js';
import { kialiMeshStatus, kialiNamespaceStatus, type Basic, type KialiInputs, type KialiStatus } from './kiali-status.js';
import { PeerAuthenticationIndex } from './peer-authentication-index.js';
import { probeClient } from './probe-client.js';
import { resolveNamespaceMode, resolveServerMode, type ModeDecision, type ServerTarget } from './server-mode.js';
import { resolveZtunnelMode } from './ztunnel-mode.js';


export interface PortMode {
  readonly targetPort: number;
  readonly mode: MtlsMode | 'NONE';
  readonly decision: ModeDecision | undefined;
}

export interface WorkloadModes {
  readonly workload: Workload;
  /** The waypoint an ambient workload is bound to (engine.waypointOf). */
  readonly waypoint: WaypointRef | undefined;
  /** Workload-level mode (no port), as its sidecar or ztunnel enforces it; undefined outside the mesh. */
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
  /** How the endpoint's sidecar or ztunnel decided its port's mode; undefined without either. */
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
  readonly waypoints: WaypointIndex;
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
  private readonly waypointIndex: WaypointIndex;
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
    this.waypointIndex =
      inherited?.waypoints ?? new WaypointIndex(snapshot.objectsByKind.get('Gateway') ?? [], snapshot.objectsByKind.get('GatewayClass') ?? [], snapshot.namespaces);
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
      waypoints: this.waypointIndex,
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
      waypoints: this.waypointIndex,
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

  /** Server modes per target and port that differ from the namespace's: every caller of an endpoint asks the same question. */
  private readonly serverModes = new WeakMap<ServerTarget, Map<number | undefined, ModeDecision>>();

  /** The mode a sidecar enforces for the target's port (the workload as a whole without a port). */
  serverMode(target: ServerTarget, targetPort?: number): ModeDecision {
    const remembered = this.serverModes.get(target)?.get(targetPort);
    if (remembered) return remembered;
    const namespaceMode = (ns: string) => this.namespaceMode(ns);
    const decision = resolveServerMode(this.peerAuthentications, this.meshConfig.rootNamespace, target, targetPort, namespaceMode);
    // Most workloads end at their namespace's decision, which is cached already: only the others are kept per workload.
    if (decision === namespaceMode(target.namespace)) return decision;
    let byPort = this.serverModes.get(target);
    if (!byPort) this.serverModes.set(target, (byPort = new Map()));
    byPort.set(targetPort, decision);
    return decision;
  }

  /** The mode ztunnel enforces for an ambient workload's port: STRICT or PERMISSIVE, for plaintext only. */
  ztunnelMode(target: ServerTarget, targetPort?: number): ModeDecision {
    return resolveZtunnelMode(this.peerAuthentications, this.meshConfig.rootNamespace, target, targetPort);
  }

  /** The mode the workload's data plane enforces on a port; undefined outside the mesh. */
  enforcedMode(workload: Workload, targetPort?: number): ModeDecision | undefined {
    return ENFORCED_MODE[workload.dataplane]?.(this, workload, targetPort);
  }

  /** Whether istiod tells ztunnel the workload takes HBONE: ambient, or a sidecar that terminates HBONE. */
  takesHbone(workload: Workload): boolean {
    return TAKES_HBONE[workload.dataplane](this, workload);
  }

  /** Waypoints of the mesh and what binds to them. */
  get waypoints(): WaypointIndex {
    return this.waypointIndex;
  }

  /**
   * The waypoint bound to an ambient workload by its pod's or namespace's `istio.io/use-waypoint`, whatever
   * traffic the waypoint takes (edges say which connections actually pass it).
   */
  waypointOf(workload: Workload): WaypointBinding {
    if (workload.dataplane !== 'ambient') return { waypoint: undefined, requested: workload.waypoint, reason: `${workload.namespace}/${workload.name} is not in ambient` };
    return this.waypointIndex.bind(workload.podLabels, workload.namespace);
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
    // A list kept in order rather than a Set sorted at the end: a workload serves a handful of ports, and
    // this runs for every workload (a sort copies the list each time).
    const ports: number[] = [];
    for (const { port } of workload.ports) addPort(ports, port);
    for (const { object, selector } of this.registry.selectingObjectsIn(workload.namespace)) {
      if (!selector || !selectorMatches(selector, workload.podLabels)) continue;
      for (const port of object.ports) {
        const target = typeof port.targetPort === 'number' ? port.targetPort : workload.ports.find((p) => p.name === port.targetPort)?.port;
        if (target !== undefined) addPort(ports, target);
      }
    }
    return ports;
  }

  workloadModes(workload: Workload, ports = this.workloadPorts(workload)): WorkloadModes {
    if (!inMesh(workload)) {
      return { workload, waypoint: undefined, workloadMode: undefined, ports: ports.map((targetPort) => ({ targetPort, mode: 'NONE', decision: undefined })) };
    }
    return {
      workload,
      waypoint: this.waypointOf(workload).waypoint,
      workloadMode: this.enforcedMode(workload),
      ports: ports.map((targetPort) => {
        const decision = this.enforcedMode(workload, targetPort);
        return { targetPort, mode: decision?.mode ?? 'NONE', decision };
      }),
    };
  }

  // ---- roll-ups ----------------------------------------------------------------------------

  private kialiInputsValue: KialiInputs | undefined;
  private kialiMeshValue: Basic | undefined;

  private kialiInputs(): KialiInputs {
    this.kialiInputsValue ??= {
      meshConfig: this.meshConfig,
      namespaces: this.snapshot.namespaces,
      peerAuthenticationsIn: (ns) => this.peerAuthentications.inNamespace(ns),
      destinationRulesWithHost: (host) => this.destinationRules.withHost(host),
    };
    return this.kialiInputsValue;
  }

  /** Kiali's mesh-wide status, which every namespace's status starts from: once per engine, not per namespace. */
  private kialiMesh(): Basic {
    this.kialiMeshValue ??= kialiMeshStatus(this.kialiInputs());
    return this.kialiMeshValue;
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
    const tally: PortTally = { strict: 0, permissive: 0, disable: 0, inconsistent: [], meshWorkloads: 0, workloads: workloads.length };
    for (const w of workloads) {
      if (!inMesh(w.workload)) continue;
      tally.meshWorkloads++;
      if (w.ports.length === 0) countMode(tally, w.workloadMode?.mode);
      for (const port of w.ports) countMode(tally, port.mode);
    }
    if (tally.strict > 0 && tally.permissive + tally.disable === 0) tally.inconsistent = this.inconsistentServices(name);
    const configured = this.namespaceMode(name);
    const rollup: NamespaceRollup = {
      name,
      status: kialiNamespaceStatus(this.kialiInputs(), name, this.kialiMesh()),
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
    const total: PortTally = { strict: 0, permissive: 0, disable: 0, inconsistent: [], meshWorkloads: 0, workloads: 0 };
    for (const name of this.namespaceNames()) {
      const { tally } = this.namespaceEntry(name);
      total.strict += tally.strict;
      total.permissive += tally.permissive;
      total.disable += tally.disable;
      total.meshWorkloads += tally.meshWorkloads;
      total.workloads += tally.workloads;
      appendAll(total.inconsistent, tally.inconsistent);
    }
    const root = this.meshConfig.rootNamespace;
    const configured = resolveNamespaceMode(this.peerAuthentications, root, root);
    return {
      rootNamespace: root,
      autoMtls: this.meshConfig.enableAutoMtls,
      minProtocolVersion: this.meshConfig.minProtocolVersion,
      status: this.kialiMesh(),
      ...rollupFrom(total, configured, 'the mesh'),
    };
  }

  // ---- client side and edges ---------------------------------------------------------------

  /** What client decisions read of this engine; made once, as decisions are asked per caller and endpoint. */
  private clientContextValue: ClientContext | undefined;

  private get clientContext(): ClientContext {
    this.clientContextValue ??= {
      meshConfig: this.meshConfig,
      destinationRules: this.destinationRules,
      namespaceMode: (ns) => this.namespaceMode(ns),
      serverMode: (e) => (e.workload ? this.serverMode(e.workload, e.targetPort) : { mode: 'PERMISSIVE', decidedBy: null, explanation: [] }),
      exportedTo: (d, namespace) => visibleIn(this.visibilityOf(d), namespace),
      takesHbone: (w) => this.takesHbone(w),
      serviceWaypoint: (d) => {
        const object = this.registry.find(d.hostname)?.object;
        return object ? this.waypointIndex.forService(object) : { waypoint: undefined, requested: undefined, reason: `${d.hostname} is not a known Service` };
      },
      workloadWaypoint: (w) => this.waypointIndex.forWorkload(w.podLabels, w.namespace),
      entryEndpointWaypoint: (d) => {
        const object = this.registry.find(d.hostname)?.object;
        return object?.kind === 'ServiceEntry' ? this.waypointIndex.forEntryEndpoint(object) : undefined;
      },
    };
    return this.clientContextValue;
  }

  /** Who sees each destination's Service or ServiceEntry (exportTo): every caller of it asks. */
  private readonly destinationVisibility = new WeakMap<Destination, Visibility>();

  private visibilityOf(destination: Destination): Visibility {
    let seen = this.destinationVisibility.get(destination);
    if (!seen) {
      const object = this.registry.find(destination.hostname)?.object;
      // Destinations the registry does not hold (synthetic ones from checks) count as visible.
      seen = object === undefined ? visibility([], destination.namespace) : visibility(object.exportTo, object.namespace);
      this.destinationVisibility.set(destination, seen);
    }
    return seen;
  }

  decide(client: Client, destination: Destination, endpoint: Endpoint): ClientDecision {
    return decideClient(this.clientContext, client, destination, endpoint);
  }

  /** What the decision towards the destination reads of each client: equal inputs, equal decisions (clients.ts). */
  decisionInputs(destination: Destination): (client: Client) => string | DestinationRuleEntry {
    return decisionInputs(this.clientContext, destination);
  }

  /** Every caller reads the same decision inputs of a destination here and in `other`: the same Services and DestinationRules. */
  sameDecisionInputs(other: MtlsEngine): boolean {
    return this.registry === other.registry && this.destinationRules === other.destinationRules;
  }

  edge(client: Client, destination: Destination, endpoint: Endpoint): EdgeResult {
    const decision = this.decide(client, destination, endpoint);
    const workload = endpoint.workload;
    // A MESH_EXTERNAL host whose endpoints are in-mesh pods still reaches their sidecars or ztunnels.
    const server = workload ? this.enforcedMode(workload, endpoint.targetPort) : undefined;
    const side: ServerSide = workload && server ? SERVER_SIDE[workload.dataplane](this, workload, server.mode) : { dataplane: 'none' };
    const outcome = edgeOutcome({ sends: decision.sends, hbone: decision.hbone }, side, destination.http);
    return { client, destination, endpoint, decision, server, serverMode: serverModeOf(side), outcome };
  }

  findWorkload(namespace: string, name: string): Workload | undefined {
    return this.registry.workloadsIn(namespace).find((w) => w.name === name);
  }
}




/** Which component enforces a workload's port mode: its sidecar (PeerAuthentication as Envoy filter chains) or ztunnel. */
const ENFORCED_MODE: Readonly<Record<Dataplane, ((engine: MtlsEngine, workload: Workload, port?: number) => ModeDecision) | undefined>> = {
  sidecar: (engine, workload, port) => engine.serverMode(workload, port),
  ambient: (engine, workload, port) => engine.ztunnelMode(workload, port),
  none: undefined,
};

/** Whether istiod tells ztunnel a workload takes HBONE (workloads.go setTunnelProtocol). */
const TAKES_HBONE: Readonly<Record<Dataplane, (engine: MtlsEngine, workload: Workload) => boolean>> = {
  ambient: () => true,
  // The injector labels pods `networking.istio.io/tunnel: http` only with ISTIO_META_ENABLE_HBONE in the mesh config.
  sidecar: (engine, workload) => engine.meshConfig.sidecarHbone && workload.workloadKind !== 'WorkloadEntry',
  none: () => false,
};

/** The endpoint's data plane for the compatibility matrix (edge-outcome.ts). */
const SERVER_SIDE: Readonly<Record<Dataplane, (engine: MtlsEngine, workload: Workload, mode: MtlsMode) => ServerSide>> = {
  sidecar: (engine, workload, mode) => ({ dataplane: 'sidecar', mode, hbone: engine.takesHbone(workload) }),
  ambient: (_engine, _workload, mode) => ({ dataplane: 'ambient', mode }),
  none: () => ({ dataplane: 'none' }),
};

const refOfChange = (change: Change): ObjectRef => (change.type === 'upsert' ? change.object : change.ref);

/** A policy object the loader understood (a PeerAuthentication or DestinationRule of Istio's API group). */
const isNormalisedPolicy = (object: MeshObject): boolean => (object.kind === 'PeerAuthentication' ? 'portLevelMtls' in object : 'host' in object);

/** Adds `port` to an ascending list of ports unless it is there already. */
function addPort(ports: number[], port: number): void {
  let at = ports.length;
  while (at > 0 && ports[at - 1]! > port) at--;
  if (at > 0 && ports[at - 1] === port) return;
  ports.push(port);
  for (let i = ports.length - 1; i > at; i--) ports[i] = ports[i - 1]!;
  ports[at] = port;
}

/** One port's (or a port-less workload's) enforced mode in a namespace's tally. */
function countMode(tally: PortTally, mode: string | undefined): void {
  if (mode === 'STRICT') tally.strict++;
  else if (mode === 'PERMISSIVE') tally.permissive++;
  else if (mode === 'DISABLE') tally.disable++;
}
