// The Kubernetes API as a ConfigSource. Discovery picks the version of every kind the engine reads; one
// informer per kind lists and watches cluster-wide (one per namespace when the credential may not list
// cluster-wide); their events update a store, and batches of changes update the engine incrementally.
// Namespaces the credential may not read are left out and named, with the API server's reason.
import type { KubeConfig } from '@kubernetes/client-node';
import { buildSnapshot, formatRef, MtlsEngine, type Change, type ObjectRef, type Problem, type Snapshot } from '../../core/index.js';
import type {
  AccessCheck,
  AccessDecision,
  ConfigSource,
  ConnectionState,
  RawObject,
  ResourceStatus,
  SourceEvent,
  SourceStatus,
  WriteRequest,
  WriteResult,
} from '../config-source.js';
import { discoverIstio, type IstioDiscovery } from '../istio-discovery.js';
import { AccessReviewer } from './access-review.js';
import { describeError } from './api-error.js';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import { ClusterStore, type Scope } from './cluster-store.js';
import { discoverKinds, type DiscoveredKinds } from './discovery.js';
import { Informer, type FirstList, type InformerSink, type InformerState, type InformerTarget } from './informer.js';
import { WATCHED_KINDS, type ServedKind } from './kinds.js';
import { configFor, describeCluster, type Credential } from './kube-config.js';
import { kubeTransport, type KubeTransport } from './transport.js';
import { performWrite } from './writes.js';

export interface KubeSourceOptions {
  readonly kubeConfig: KubeConfig;
  /** Whose identity reads and writes (default: the kubeconfig's own user or service account). */
  readonly credential?: Credential;
  /** false: list once and stop, for one-shot commands (default true). */
  readonly watch?: boolean;
  /** Read only these namespaces, one informer per kind and namespace (default: the whole cluster). */
  readonly namespaces?: readonly string[];
  /** The namespace istiod runs in when no ConfigMap `istio` says otherwise (default istio-system). */
  readonly istioNamespace?: string;
  /** Uniform in [0, 1): jitter of reconnect delays and watch timeouts; tests pass a seeded generator. */
  readonly random?: () => number;
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Objects per list page (default 500, as kubectl). */
  readonly pageSize?: number;
  /** Events arriving within this window are applied to the engine together (default 20 ms). */
  readonly batchMs?: number;
  /** Give up the first sync after this many failed tries (default: never, for a server). */
  readonly maxListAttempts?: number;
  /** How often a Namespace that can only be read with GET is read again (default 60 s). */
  readonly pollMs?: number;
  /** Server-side watch timeout; default 5 to 10 minutes, varied per watch as client-go does. */
  readonly watchTimeoutSeconds?: number;
  /** Initial lists running at once when reading namespace by namespace (default 8). */
  readonly listConcurrency?: number;
}

/** Consecutive failures after which the state is `error` rather than `reconnecting`. */
const ERROR_AFTER_FAILURES = 3;
/** Kinds whose changes the engine applies incrementally; any other change rebuilds its indexes. */
const INCREMENTAL_KINDS = new Set(['PeerAuthentication', 'DestinationRule']);
const MESH_CONFIG_MAP = 'istio';

const refOfChange = (change: Change): ObjectRef => (change.type === 'upsert' ? change.object : change.ref);

function refOfRaw(raw: RawObject): ObjectRef {
  const metadata = (typeof raw.metadata === 'object' && raw.metadata !== null ? raw.metadata : {}) as Record<string, unknown>;
  const kind = String(raw.kind ?? '');
  return { kind, namespace: kind === 'Namespace' ? '' : String(metadata.namespace ?? ''), name: String(metadata.name ?? '') };
}

/** resourceVersions are etcd revisions in practice; compare them as numbers when both are. */
function isOlder(version: string, than: string | undefined): boolean {
  return than !== undefined && /^\d+$/.test(version) && /^\d+$/.test(than) && BigInt(version) < BigInt(than);
}

export class KubeSource implements ConfigSource {
  readonly description: string;
  private readonly transport: KubeTransport;
  private readonly options: KubeSourceOptions;
  private readonly random: () => number;
  private readonly store = new ClusterStore();
  private readonly informers = new Map<string, Informer>();
  private readonly states = new Map<string, { readonly target: InformerTarget; readonly state: InformerState }>();
  private readonly reviewer: AccessReviewer;
  private discovered: DiscoveredKinds = { served: [], missing: [] };
  /** Kinds read one namespace at a time because the credential may not list them cluster-wide. */
  private readonly perNamespace = new Set<string>();
  /** Kinds that cannot be read at all, and why. */
  private readonly unreadable = new Map<string, string>();
  private readonly forbidden = new Map<string, string>();
  private engineValue: MtlsEngine | undefined;
  /** Problems buildSnapshot itself found at the last rebuild (a mesh config that does not parse). */
  private builtProblems: readonly Problem[] = [];
  private readonly pending = new Map<string, Change>();
  private flushTimer: NodeJS.Timeout | undefined;
  private rebuildNeeded = false;
  private readonly listeners = new Set<(event: SourceEvent) => void>();
  private readonly readyPromise: Promise<void>;
  private stateValue: ConnectionState = 'syncing';
  private lastError: { message: string; at: string } | null = null;
  private lastSyncTime: string | null = null;
  private discoveryFailures = 0;
  private started = false;
  private closed = false;
  private wakeDiscovery: (() => void) | undefined;
  private rejectClosed!: (error: Error) => void;
  private readonly closedPromise: Promise<never>;

  constructor(options: KubeSourceOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
    const config = configFor(options.kubeConfig, options.credential ?? { type: 'kubeconfig' });
    this.transport = kubeTransport(config);
    this.description = describeCluster(options.kubeConfig) + (options.credential?.type === 'token' ? ' as the signed-in user' : '');
    this.reviewer = new AccessReviewer(this.transport, (group, kind) => this.servedKind(group, kind));
    this.closedPromise = new Promise<never>((_resolve, reject) => (this.rejectClosed = reject));
    this.closedPromise.catch(() => undefined);
    this.readyPromise = this.start();
    this.readyPromise.catch((error: unknown) => this.recordError(error));
  }

  ready(): Promise<void> {
    return Promise.race([this.readyPromise, this.closedPromise]);
  }

  engine(): MtlsEngine {
    if (!this.engineValue) throw new Error(`the cluster at ${this.description} is not synced yet; await ready() first`);
    return this.engineValue;
  }

  snapshot(): Snapshot {
    const snapshot = this.engine().snapshot;
    return { ...snapshot, problems: [...this.store.problems(this.hidden()), ...this.builtProblems] };
  }

  /** istiod's namespace, root namespace, trust domain, revisions and root certificate, as read. */
  istio(): IstioDiscovery {
    return discoverIstio(this.snapshot());
  }

  object(ref: ObjectRef): RawObject | undefined {
    if (this.forbidden.has(ref.kind === 'Namespace' ? ref.name : ref.namespace)) return undefined;
    return this.store.get(ref);
  }

  subscribe(listener: (event: SourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async write(request: WriteRequest): Promise<WriteResult> {
    const result = await performWrite(this.transport, (group, kind) => this.servedKind(group, kind), request);
    if (!result.dryRun) this.echo(request, result);
    return result;
  }

  access(check: AccessCheck): Promise<AccessDecision> {
    return this.reviewer.review(check);
  }

  status(): SourceStatus {
    return {
      source: this.description,
      state: this.stateValue,
      lastError: this.lastError,
      lastSyncTime: this.lastSyncTime,
      forbiddenNamespaces: [...this.forbidden].sort(([a], [b]) => (a < b ? -1 : 1)).map(([namespace, reason]) => ({ namespace, reason })),
      resources: WATCHED_KINDS.map((kind) => this.resourceStatus(kind.kind)),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.flushTimer);
    this.wakeDiscovery?.();
    for (const informer of this.informers.values()) informer.stop();
    this.informers.clear();
    this.rejectClosed(new Error(`the source for ${this.description} was closed`));
  }

  // ---- start-up ----------------------------------------------------------------------------

  private async start(): Promise<void> {
    this.discovered = await this.discover();
    const namespaceKind = this.servedKind('', 'Namespace');
    // Namespaces first: a kind that cannot be listed cluster-wide falls back to one list per namespace.
    if (namespaceKind) await this.startKind(namespaceKind);
    await Promise.all(this.discovered.served.filter((k) => k.kind !== 'Namespace').map((k) => this.startKind(k)));
    if (this.closed) throw new Error(`the source for ${this.description} was closed`);
    this.started = true;
    this.rebuild();
    this.updateState();
  }

  private async discover(): Promise<DiscoveredKinds> {
    const backoff = this.newBackoff();
    for (;;) {
      try {
        return await discoverKinds(this.transport, WATCHED_KINDS);
      } catch (error) {
        this.discoveryFailures++;
        this.recordError(error);
        this.updateState();
        const attempts = this.options.maxListAttempts;
        if (this.closed || (attempts !== undefined && this.discoveryFailures >= attempts)) {
          throw new Error(`cannot read the API server at ${this.transport.server}: ${describeError(error)}`, { cause: error });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff.next());
          this.wakeDiscovery = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  private async startKind(served: ServedKind): Promise<void> {
    const namespaces = this.options.namespaces;
    if (namespaces) {
      if (served.kind === 'Namespace') await this.startEach(namespaces, (ns) => this.startInformer(this.target(served, undefined, { equals: true, value: ns }, true)));
      else {
        this.perNamespace.add(served.kind);
        await this.startEach(namespaces, (ns) => this.startNamespaced(served, ns));
      }
    } else {
      const name = served.kind === 'ConfigMap' ? { equals: true, value: MESH_CONFIG_MAP } : undefined;
      const outcome = await this.startInformer(this.target(served, undefined, name));
      if (outcome === 'forbidden') await this.fallBack(served);
    }
    if (served.kind === 'ConfigMap') await this.readIstioNamespaces();
  }

  /**
   * Only the mesh's own ConfigMaps are read: `istio` anywhere (the mesh config, which also names istiod's
   * namespace), and the rest of istiod's namespace (revisions' `istio-<rev>`, `istio-ca-root-cert`).
   * Reading every ConfigMap of a large cluster would cost far more memory than the mesh.
   */
  private async readIstioNamespaces(): Promise<void> {
    const served = this.servedKind('', 'ConfigMap');
    if (!served) return;
    const namespaces = new Set([this.options.istioNamespace ?? 'istio-system']);
    for (const ref of this.store.refs({ kind: 'ConfigMap', namespace: undefined, name: { equals: true, value: MESH_CONFIG_MAP } })) namespaces.add(ref.namespace);
    const allowed = this.options.namespaces;
    const wanted = [...namespaces].filter((ns) => allowed === undefined || allowed.includes(ns));
    await Promise.all(wanted.map((ns) => this.startInformer(this.target(served, ns, { equals: false, value: MESH_CONFIG_MAP }))));
  }

  /** Switches a kind the credential may not list cluster-wide to one informer per namespace. */
  private async fallBack(served: ServedKind): Promise<void> {
    const clusterWide = [...this.informers.values()].find((i) => i.target.kind === served.kind && i.target.namespace === undefined && !i.target.poll);
    const reason = clusterWide ? (this.states.get(clusterWide.target.id)?.state.error ?? 'forbidden') : 'forbidden';
    if (clusterWide) this.stopInformer(clusterWide.target, true);
    if (served.kind === 'Namespace') {
      if (this.options.namespaces === undefined) this.unreadable.set('Namespace', reason);
      return;
    }
    // Mesh ConfigMaps live in istiod's namespace: reading ConfigMaps namespace by namespace would ask every
    // namespace of the cluster for one that is not there.
    const namespaces =
      served.kind === 'ConfigMap'
        ? [this.options.istioNamespace ?? 'istio-system']
        : (this.options.namespaces ?? (this.unreadable.has('Namespace') ? [] : this.store.namespaceNames()));
    if (namespaces.length === 0) {
      this.unreadable.set(served.kind, `${reason}; and no namespace to read it from one by one (the namespaces cannot be listed)`);
      return;
    }
    // New namespaces get informers of their own for these kinds (ConfigMaps stay with istiod's namespace).
    if (served.kind !== 'ConfigMap') this.perNamespace.add(served.kind);
    await this.startEach(namespaces, (ns) => this.startNamespaced(served, ns));
  }

  private async startNamespaced(served: ServedKind, namespace: string): Promise<void> {
    const name = served.kind === 'ConfigMap' ? { equals: true, value: MESH_CONFIG_MAP } : undefined;
    const target = this.target(served, namespace, name);
    // A namespace is hidden when its workloads or policies cannot be read; a ConfigMap it may not show does not matter.
    if ((await this.startInformer(target)) === 'forbidden' && served.kind !== 'ConfigMap') this.forbid(namespace, this.states.get(target.id)?.state.error ?? 'forbidden');
  }

  /** Runs `start` for each namespace, a bounded number at a time: thousands of lists at once would be a flood. */
  private async startEach(namespaces: readonly string[], start: (namespace: string) => Promise<unknown>): Promise<void> {
    const queue = [...namespaces];
    const worker = async () => {
      for (let ns = queue.shift(); ns !== undefined && !this.closed; ns = queue.shift()) await start(ns);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.listConcurrency ?? 8, queue.length) }, worker));
  }

  private target(served: ServedKind, namespace: string | undefined, name: Scope['name'], poll = false): InformerTarget {
    const id = `${served.kind}${namespace !== undefined ? `@${namespace}` : ''}${name ? `:name${name.equals ? '=' : '!='}${name.value}` : ''}`;
    return { id, kind: served.kind, served, namespace, name, poll };
  }

  private startInformer(target: InformerTarget): Promise<FirstList> {
    const running = this.informers.get(target.id);
    if (running) return running.firstList;
    const timeout = this.options.watchTimeoutSeconds;
    const informer = new Informer(target, this.transport, this.sink, {
      watch: this.options.watch ?? true,
      pageSize: this.options.pageSize ?? 500,
      watchTimeoutSeconds: timeout !== undefined ? () => timeout : () => 300 + Math.floor(this.random() * 300),
      pollMs: this.options.pollMs ?? 60_000,
      minWatchMs: 1_000,
      backoff: this.newBackoff(),
      maxListAttempts: this.options.maxListAttempts,
    });
    this.informers.set(target.id, informer);
    if (this.closed) informer.stop();
    else informer.start();
    return informer.firstList;
  }

  private stopInformer(target: InformerTarget, dropObjects: boolean): void {
    this.informers.get(target.id)?.stop();
    this.informers.delete(target.id);
    this.states.delete(target.id);
    if (dropObjects) this.enqueue(this.store.relist(target, []));
  }

  private newBackoff(): Backoff {
    return new Backoff({
      initialMs: this.options.backoff?.initialMs ?? DEFAULT_BACKOFF.initialMs,
      maxMs: this.options.backoff?.maxMs ?? DEFAULT_BACKOFF.maxMs,
      random: this.random,
    });
  }

  private servedKind(group: string, kind: string): ServedKind | undefined {
    return this.discovered.served.find((k) => k.group === group && k.kind === kind);
  }

  // ---- events from informers ---------------------------------------------------------------

  private readonly sink: InformerSink = {
    relisted: (target, items) => {
      this.enqueue(this.store.relist(target, items));
      this.react(target.kind);
    },
    upserted: (target, object) => {
      const change = this.store.upsert(object);
      if (change) this.enqueue([change]);
      this.react(target.kind);
    },
    deleted: (target, object) => {
      const change = this.store.remove(refOfRaw(object));
      if (change) this.enqueue([change]);
      this.react(target.kind);
    },
    stateChanged: (target, state) => {
      if (!this.informers.has(target.id)) return;
      this.states.set(target.id, { target, state });
      if (state.error !== undefined && state.phase !== 'forbidden') this.recordError(state.error);
      if (state.phase === 'forbidden' && state.synced && this.started) {
        // Access taken away while running: a namespace read alone is hidden; a cluster-wide kind falls back.
        if (target.namespace !== undefined && this.perNamespace.has(target.kind)) this.forbid(target.namespace, state.error ?? 'forbidden');
        else if (target.namespace === undefined && !target.poll) void this.fallBack(target.served);
      }
      this.updateState();
    },
  };

  /** Namespaces and mesh ConfigMaps that appear later need informers of their own. */
  private react(kind: string): void {
    if (!this.started || this.closed) return;
    if (kind === 'ConfigMap') void this.readIstioNamespaces();
    if (kind !== 'Namespace' || this.perNamespace.size === 0 || this.options.namespaces) return;
    const now = new Set(this.store.namespaceNames());
    for (const informer of [...this.informers.values()]) {
      const ns = informer.target.namespace;
      if (ns !== undefined && this.perNamespace.has(informer.target.kind) && !now.has(ns)) {
        this.stopInformer(informer.target, true);
        if (this.forbidden.delete(ns)) this.rebuildNeeded = true;
      }
    }
    for (const kind of this.perNamespace) {
      const served = this.discovered.served.find((k) => k.kind === kind);
      if (!served) continue;
      for (const ns of now) if (!this.informers.has(this.target(served, ns, served.kind === 'ConfigMap' ? { equals: true, value: MESH_CONFIG_MAP } : undefined).id)) void this.startNamespaced(served, ns);
    }
  }

  private forbid(namespace: string, reason: string): void {
    if (this.forbidden.get(namespace) === reason) return;
    this.forbidden.set(namespace, reason);
    this.rebuildNeeded = true;
    this.scheduleFlush();
    this.emit({ type: 'status', status: this.status() });
  }

  /** After our own write, the store has the result at once; the watch event for it is then a no-op. */
  private echo(request: WriteRequest, result: WriteResult): void {
    if (request.op === 'delete') {
      const ref = { kind: request.target.kind, namespace: request.target.namespace, name: request.target.name };
      if (this.store.versionOf(ref) === request.resourceVersion) {
        const change = this.store.remove(ref);
        if (change) this.enqueue([change]);
      }
      return;
    }
    const object = result.object;
    if (!object || typeof object.kind !== 'string') return;
    const version = String((object.metadata as Record<string, unknown> | undefined)?.resourceVersion ?? '');
    if (isOlder(version, this.store.versionOf(refOfRaw(object)))) return;
    const change = this.store.upsert(object);
    if (change) this.enqueue([change]);
  }

  // ---- engine updates ----------------------------------------------------------------------

  private hidden(): ReadonlySet<string> {
    return new Set(this.forbidden.keys());
  }

  private enqueue(changes: readonly Change[]): void {
    // Before the first snapshot the store is the whole truth; the engine is built from it once.
    if (!this.engineValue || changes.length === 0) return;
    for (const change of changes) this.pending.set(formatRef(refOfChange(change)), change);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed || !this.engineValue) return;
    this.flushTimer = setTimeout(() => this.flush(), this.options.batchMs ?? 20);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const engine = this.engineValue;
    if (!engine) return;
    const hidden = this.hidden();
    const changes = [...this.pending.values()].filter((c) => {
      const ref = refOfChange(c);
      return !hidden.has(ref.kind === 'Namespace' ? ref.name : ref.namespace);
    });
    this.pending.clear();
    const rebuilds = changes.filter((c) => !INCREMENTAL_KINDS.has(refOfChange(c).kind)).length;
    // The engine rebuilds its indexes for every non-policy change, so several of them are one rebuild here;
    // a mesh ConfigMap change must also keep the chosen ConfigMap first.
    const rebuild = this.rebuildNeeded || rebuilds > 1 || changes.some((c) => refOfChange(c).kind === 'ConfigMap' && refOfChange(c).name === MESH_CONFIG_MAP);
    if (rebuild) this.rebuild();
    else for (const change of changes) engine.apply(change);
    if (changes.length > 0 || rebuild) this.emit({ type: 'changes', changes });
  }

  private rebuild(): void {
    const hidden = this.hidden();
    const storeProblems = this.store.problems(hidden);
    const snapshot = buildSnapshot(this.store.objects(hidden, this.meshConfigMap()), storeProblems);
    const known = new Set(storeProblems);
    this.builtProblems = snapshot.problems.filter((p) => !known.has(p));
    this.engineValue = new MtlsEngine(snapshot);
    this.rebuildNeeded = false;
  }

  /** The `istio` ConfigMap of istiod's namespace, else the first one found: the engine reads the first. */
  private meshConfigMap(): ObjectRef | undefined {
    const found = this.store.refs({ kind: 'ConfigMap', namespace: undefined, name: { equals: true, value: MESH_CONFIG_MAP } });
    const preferred = this.options.istioNamespace ?? 'istio-system';
    return found.find((r) => r.namespace === preferred) ?? found.sort((a, b) => (a.namespace < b.namespace ? -1 : 1))[0];
  }

  // ---- status ------------------------------------------------------------------------------

  private emit(event: SourceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One failing listener must not stop the source from delivering later changes to the others.
      }
    }
  }

  private recordError(error: unknown): void {
    this.lastError = { message: typeof error === 'string' ? error : describeError(error), at: new Date().toISOString() };
  }

  private computeState(): ConnectionState {
    const states = [...this.states.values()].map((s) => s.state);
    if (states.some((s) => s.phase === 'failed' || (s.phase === 'retrying' && s.failures >= ERROR_AFTER_FAILURES))) return 'error';
    if (!this.engineValue) return this.discoveryFailures >= ERROR_AFTER_FAILURES ? 'error' : 'syncing';
    if (states.some((s) => s.phase === 'retrying' || s.phase === 'listing')) return 'reconnecting';
    return 'connected';
  }

  private updateState(): void {
    const next = this.computeState();
    if (next === this.stateValue) return;
    if (next === 'connected') this.lastSyncTime = new Date().toISOString();
    this.stateValue = next;
    this.emit({ type: 'status', status: this.status() });
  }

  private resourceStatus(kind: string): ResourceStatus {
    const missing = this.discovered.missing.find((m) => m.kind === kind);
    const served = this.discovered.served.find((k) => k.kind === kind);
    if (missing || !served) return { kind, apiVersion: null, state: 'absent', objects: 0, message: missing?.reason ?? null };
    const unreadable = this.unreadable.get(kind);
    if (unreadable !== undefined) return { kind, apiVersion: served.apiVersion, state: 'forbidden', objects: 0, message: unreadable };
    const states = [...this.states.values()].filter((s) => s.target.kind === kind).map((s) => s.state);
    const readable = states.filter((s) => s.phase !== 'forbidden');
    let state: ResourceStatus['state'];
    if (states.length > 0 && readable.length === 0) state = 'forbidden';
    else if (readable.some((s) => s.phase === 'failed' || (s.phase === 'retrying' && s.failures >= ERROR_AFTER_FAILURES))) state = 'error';
    else if (readable.some((s) => !s.synced)) state = 'syncing';
    else if (readable.some((s) => s.phase === 'retrying' || s.phase === 'listing')) state = 'reconnecting';
    else state = 'connected';
    const message = states.find((s) => s.error !== undefined && s.phase !== 'watching' && s.phase !== 'listed')?.error ?? null;
    return { kind, apiVersion: served.apiVersion, state, objects: this.store.count(kind), message };
  }
}
