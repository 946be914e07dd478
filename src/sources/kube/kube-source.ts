// The Kubernetes API as a ConfigSource. Discovery picks the version of every kind the engine reads; one
// informer per kind lists and watches cluster-wide (one per namespace when the credential may not list
// cluster-wide); their events update a store, and batches of changes are announced to whoever follows
// the source. Namespaces the credential may not read are left out and named, with the API server's reason.
// Writes take the text the console edits: a server-side dry run first, so admission errors come back placed
// in that text, then the write with the version it was based on.
import type { KubeConfig } from '@kubernetes/client-node';
import { formatRef, isRecord, keyOf, type Change, type ObjectRef, type RefKey, type SourceContents } from '../../core/index.js';
import { checkDocument } from '../../documents/check-document.js';
import { resourceVersionOf } from '../../documents/object-document.js';
import { objectYaml, placeCauses, type RawObject } from '../../documents/object-yaml.js';
import { atMostAtOnce } from '../at-most-at-once.js';
import type { ConfigSource, ConnectionState, ResourceStatus, SourceEvent, SourceStatus, WriteRefusal, WriteRequest, WriteResult } from '../config-source.js';
import { readOnlyRefusal } from '../config-source.js';
import { AccessReviewer, type AccessCheck, type AccessDecision } from './access-review.js';
import { describeError } from './api-error.js';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import { ClusterStore, type Scope } from './cluster-store.js';
import { discoverKinds, type DiscoveredKinds } from './discovery.js';
import { Informer, type FirstList, type InformerSink, type InformerState, type InformerTarget } from './informer.js';
import { WATCHED_KINDS, type ServedKind } from './kinds.js';
import { configFor, describeCluster, type Credential } from './kube-config.js';
import { kubeTransport, type KubeTransport } from './transport.js';
import { performWrite, SourceWriteError, type KubeWriteRequest, type KubeWriteResult } from './writes.js';

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
  /** Refuse every write, e.g. `meshlock serve --view-only`. */
  readonly viewOnly?: boolean;
}

/** Consecutive failures after which the state is `error` rather than `reconnecting`. */
const ERROR_AFTER_FAILURES = 3;
const MESH_CONFIG_MAP = 'istio';
/** Asked for the console as a whole: may this identity change Istio policy (cluster-wide, else in some namespace)? */
const ANY_POLICY: AccessCheck = { verb: 'update', apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' };
/** Namespaces asked at most when the answer cluster-wide is no; each answer is kept 30 s by the reviewer. */
const NAMESPACES_ASKED = 50;

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
  readonly readOnlyReason: string | undefined;
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
  /** Set once the first complete read is done: before that the store is the whole truth and nothing is announced. */
  private synced = false;
  private contentsValue: SourceContents | undefined;
  private readonly pending = new Map<RefKey, Change>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** The hidden namespaces changed: followers must read everything again. */
  private resetNeeded = false;
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
    this.readOnlyReason = options.viewOnly ? 'the console was started with --view-only' : undefined;
    this.reviewer = new AccessReviewer(this.transport, (group, kind) => this.servedKind(group, kind));
    this.closedPromise = new Promise<never>((_resolve, reject) => (this.rejectClosed = reject));
    this.closedPromise.catch(() => undefined);
    this.readyPromise = this.start();
    this.readyPromise.catch((error: unknown) => this.recordError(error));
  }

  ready(): Promise<void> {
    return Promise.race([this.readyPromise, this.closedPromise]);
  }

  contents(): SourceContents {
    if (!this.synced) throw new Error(`the cluster at ${this.description} is not synced yet; await ready() first`);
    if (!this.contentsValue) {
      const hidden = this.hidden();
      this.contentsValue = { objects: this.store.objects(hidden), problems: this.store.problems(hidden) };
    }
    return this.contentsValue;
  }

  /** The object as the API server holds it, with its resourceVersion. */
  object(ref: ObjectRef): RawObject | undefined {
    if (this.forbidden.has(ref.kind === 'Namespace' ? ref.name : ref.namespace)) return undefined;
    return this.store.get(ref);
  }

  subscribe(listener: (event: SourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A raw write with its precondition; the store has the result at once (read-your-writes). */
  async writeObject(request: KubeWriteRequest): Promise<KubeWriteResult> {
    const result = await performWrite(this.transport, (group, kind) => this.servedKind(group, kind), request);
    if (!result.dryRun) this.echo(request, result);
    return result;
  }

  /** The console's writes: text in, a dry run first so admission errors are placed in that text. */
  async write(request: WriteRequest): Promise<WriteResult> {
    if (this.readOnlyReason) return readOnlyRefusal(this.readOnlyReason);
    let raw: KubeWriteRequest;
    let text: string | undefined;
    let ref: ObjectRef;
    if (request.op === 'delete') {
      ref = request.ref;
      const apiVersion = this.object(request.ref)?.apiVersion;
      if (typeof apiVersion !== 'string') return { ok: false, code: 'not-found', message: `${formatRef(request.ref)} does not exist` };
      raw = { op: 'delete', target: { apiVersion, ...request.ref }, resourceVersion: request.version };
    } else {
      const checked = checkDocument(request.text, request.op === 'replace' ? request.ref : undefined);
      if ('problems' in checked) return { ok: false, code: 'invalid', message: checked.message, problems: checked.problems };
      text = request.text;
      const { kind, namespace, name } = checked.object;
      ref = { kind, namespace, name };
      raw = request.op === 'replace' ? { op: 'replace', object: forWrite(checked.object.raw, namespace, request.version) } : { op: 'create', object: forWrite(checked.object.raw, namespace) };
      if (request.op === 'create' && this.object({ kind, namespace, name })) return { ok: false, code: 'conflict', message: `${formatRef({ kind, namespace, name })} already exists` };
    }
    try {
      if (raw.op !== 'delete') await this.writeObject({ ...raw, dryRun: true });
      if (request.dryRun) return { ok: true, ref, file: formatRef(ref) };
      await this.writeObject(raw);
      this.flushNow();
      return { ok: true, ref, file: formatRef(ref) };
    } catch (error) {
      if (error instanceof SourceWriteError) return { ok: false, ...refusalOf(error, text) };
      throw error;
    }
  }

  access(check: AccessCheck): Promise<AccessDecision> {
    return this.reviewer.review(check);
  }

  async writeAccess(ref?: ObjectRef): Promise<string | undefined> {
    if (this.readOnlyReason) return this.readOnlyReason;
    const refused = (reason: string) => `the API server does not allow edits with this identity (${reason})`;
    if (ref) {
      const apiVersion = this.object(ref)?.apiVersion;
      const check: AccessCheck = { verb: 'update', apiVersion: typeof apiVersion === 'string' ? apiVersion : '', kind: ref.kind, ...(ref.namespace ? { namespace: ref.namespace } : {}), name: ref.name };
      const decision = await this.access(check);
      return decision.allowed ? undefined : refused(decision.reason);
    }
    const clusterWide = await this.access(ANY_POLICY);
    if (clusterWide.allowed) return undefined;
    // RBAC often grants edits per namespace (a RoleBinding): then the console is not read-only, and each
    // object's own check decides its edit buttons.
    const namespaces = this.store.namespaceNames().filter((ns) => !this.forbidden.has(ns)).slice(0, NAMESPACES_ASKED);
    const decisions = await Promise.all(namespaces.map((namespace) => this.access({ ...ANY_POLICY, namespace })));
    return decisions.some((d) => d.allowed) ? undefined : refused(clusterWide.reason);
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
    this.synced = true;
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
    // Once the source is closed, the namespaces not started yet are skipped.
    await atMostAtOnce(namespaces, this.options.listConcurrency ?? 8, async (ns) => {
      if (!this.closed) await start(ns);
    });
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
        if (this.forbidden.delete(ns)) this.resetNeeded = true;
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
    this.resetNeeded = true;
    this.scheduleFlush();
    this.emit({ type: 'status', status: this.status() });
  }

  /** After our own write, the store has the result at once; the watch event for it is then a no-op. */
  private echo(request: KubeWriteRequest, result: KubeWriteResult): void {
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

  // ---- announcing changes ------------------------------------------------------------------

  private hidden(): ReadonlySet<string> {
    return new Set(this.forbidden.keys());
  }

  private enqueue(changes: readonly Change[]): void {
    // Before the first complete read the store is the whole truth; followers read it once.
    if (!this.synced || changes.length === 0) return;
    for (const change of changes) this.pending.set(keyOf(change.type === 'upsert' ? change.object : change.ref), change);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed || !this.synced) return;
    this.flushTimer = setTimeout(() => this.flush(), this.options.batchMs ?? 20);
  }

  /** Announces what is pending now, not after the batch window (a write answers once it is announced). */
  private flushNow(): void {
    clearTimeout(this.flushTimer);
    this.flush();
  }

  /** Events arriving within the batch window are announced as one batch: one revision, not one each. */
  private flush(): void {
    this.flushTimer = undefined;
    if (!this.synced) return;
    const hidden = this.hidden();
    const changes = [...this.pending.values()].filter((c) => {
      const ref = refOfChange(c);
      return !hidden.has(ref.kind === 'Namespace' ? ref.name : ref.namespace);
    });
    this.pending.clear();
    this.contentsValue = undefined;
    if (this.resetNeeded) {
      this.resetNeeded = false;
      this.emit({ type: 'reset' });
    } else if (changes.length > 0) this.emit({ type: 'changes', changes, problems: this.contents().problems });
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
    if (!this.synced) return this.discoveryFailures >= ERROR_AFTER_FAILURES ? 'error' : 'syncing';
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

/** The object to send: the edited document, in its namespace, with the version it was based on. */
function forWrite(raw: RawObject, namespace: string, version?: string): RawObject {
  const metadata: Record<string, unknown> = { ...(isRecord(raw.metadata) ? raw.metadata : {}) };
  if (namespace) metadata.namespace = namespace;
  if (version === undefined) delete metadata.resourceVersion;
  else metadata.resourceVersion = version;
  return { ...raw, metadata };
}

function refusalOf(error: SourceWriteError, text: string | undefined): WriteRefusal {
  switch (error.code) {
    case 'conflict': {
      const current = error.current;
      return { code: 'conflict', message: error.message, ...(current ? { current: { text: objectYaml(current), version: resourceVersionOf(current) ?? '', line: 1, readOnlyReason: undefined } } : {}) };
    }
    case 'already-exists':
      return { code: 'conflict', message: error.message };
    case 'forbidden':
      return { code: 'forbidden', message: error.message };
    case 'not-found':
      return { code: 'not-found', message: error.message };
    case 'invalid':
    case 'unsupported':
      return { code: 'invalid', message: error.message, problems: text === undefined ? [] : placeCauses(text, error.causes, error.message) };
    case 'unavailable':
      return { code: 'unavailable', message: error.message };
  }
}
