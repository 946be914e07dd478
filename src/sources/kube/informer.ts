// List-then-watch for one kind in one scope, the way client-go's reflector does it: list (paged) to get the
// complete set and a resourceVersion, then watch from that version with bookmarks so the version keeps
// moving even when nothing changes. A lost watch resumes from the last version seen; 410 Gone (the server
// no longer has that version) means list again. Failures wait an exponential, jittered delay.
import { field, isRecord } from '../../core/index.js';
import type { RawObject } from '../../documents/object-yaml.js';
import { apiError, describeError } from './api-error.js';
import type { Backoff } from './backoff.js';
import type { Scope } from './cluster-store.js';
import { collectionPath, objectPath, type ServedKind } from './kinds.js';
import type { KubeTransport } from './transport.js';

export interface InformerTarget extends Scope {
  /** Unique per source, for status and logs: "Pod", "Pod@shop", "ConfigMap:name=istio". */
  readonly id: string;
  readonly served: ServedKind;
  /**
   * Read one named object with GET and poll it instead of watching: a Namespace the credential may get but
   * not list (RBAC grants `get` on a namespace through a RoleBinding inside it).
   */
  readonly poll: boolean;
}

/** listing/retrying/watching as usual; listed = one-shot done; forbidden = 403, not retried. */
export type InformerPhase = 'listing' | 'watching' | 'retrying' | 'listed' | 'forbidden' | 'failed' | 'stopped';

export interface InformerState {
  readonly phase: InformerPhase;
  /** True once a list succeeded. */
  readonly synced: boolean;
  readonly failures: number;
  readonly error: string | undefined;
  readonly resourceVersion: string | undefined;
}

export interface InformerSink {
  /** A complete, fresh set of the objects the target covers. */
  relisted(target: InformerTarget, items: readonly RawObject[]): void;
  upserted(target: InformerTarget, object: RawObject): void;
  deleted(target: InformerTarget, object: RawObject): void;
  stateChanged(target: InformerTarget, state: InformerState): void;
}

export interface InformerOptions {
  /** false: list once and stop (the CLI). */
  readonly watch: boolean;
  readonly pageSize: number;
  /** Server-side timeout of one watch; varied per watch so informers do not reconnect in step. */
  readonly watchTimeoutSeconds: () => number;
  readonly pollMs: number;
  /** A watch that ends sooner than this without any event counts as a failure (a server closing at once). */
  readonly minWatchMs: number;
  readonly backoff: Backoff;
  /** Lists tried before giving up on the first sync; undefined retries for ever (the server). */
  readonly maxListAttempts: number | undefined;
}

/** A misbehaving server that always returns a continue token must not keep a list going for ever. */
const MAX_PAGES = 100_000;

type ListOutcome =
  | { readonly type: 'ok'; readonly items: RawObject[]; readonly resourceVersion: string | undefined }
  | { readonly type: 'forbidden'; readonly reason: string }
  | { readonly type: 'error'; readonly error: unknown };

type WatchOutcome =
  | { readonly type: 'gone'; readonly ms: number }
  | { readonly type: 'forbidden'; readonly reason: string }
  | { readonly type: 'ended'; readonly error: unknown; readonly events: number; readonly ms: number };

export type FirstList = 'synced' | 'forbidden';

export class Informer {
  readonly target: InformerTarget;
  /** Settles once: after the first successful list, or on 403; rejects when maxListAttempts runs out. */
  readonly firstList: Promise<FirstList>;
  private readonly transport: KubeTransport;
  private readonly sink: InformerSink;
  private readonly options: InformerOptions;
  private resourceVersion: string | undefined;
  private stopped = false;
  private synced = false;
  private stopWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private settle!: (value: FirstList) => void;
  private fail!: (error: unknown) => void;

  constructor(target: InformerTarget, transport: KubeTransport, sink: InformerSink, options: InformerOptions) {
    this.target = target;
    this.transport = transport;
    this.sink = sink;
    this.options = options;
    this.firstList = new Promise<FirstList>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    // Nobody may be waiting when a long-running source fails later; that must not be an unhandled rejection.
    this.firstList.catch(() => undefined);
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    // Whoever waits for the first list must not wait for ever (a no-op once it has settled).
    this.fail(new Error(`${this.target.id}: stopped`));
    this.stopWatch?.();
    this.wake?.();
  }

  private report(phase: InformerPhase, error?: unknown): void {
    this.sink.stateChanged(this.target, {
      phase,
      synced: this.synced,
      failures: this.options.backoff.failures,
      error: error === undefined ? undefined : describeError(error),
      resourceVersion: this.resourceVersion,
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    let needList = true;
    let listAttempts = 0;
    /** 410s that came at once after a fresh list: one is normal after a reconnect, a run of them is a loop. */
    let quickGones = 0;
    while (!this.stopped) {
      if (needList) {
        this.report('listing');
        const listed = await this.list().catch((error: unknown): ListOutcome => ({ type: 'error', error }));
        if (this.stopped) break;
        if (listed.type === 'forbidden') {
          this.report('forbidden', new Error(listed.reason));
          this.settle('forbidden');
          return;
        }
        if (listed.type === 'error') {
          listAttempts++;
          if (!this.synced && this.options.maxListAttempts !== undefined && listAttempts >= this.options.maxListAttempts) {
            this.report('failed', listed.error);
            this.fail(listed.error);
            return;
          }
          const delay = this.options.backoff.next();
          this.report('retrying', listed.error);
          await this.sleep(delay);
          continue;
        }
        listAttempts = 0;
        this.resourceVersion = listed.resourceVersion;
        this.synced = true;
        this.options.backoff.reset();
        this.sink.relisted(this.target, listed.items);
        this.settle('synced');
        needList = false;
        if (!this.options.watch) {
          this.report('listed');
          return;
        }
        if (this.target.poll) {
          this.report('watching');
          await this.sleep(this.options.pollMs);
          needList = true;
          continue;
        }
      }
      this.report('watching');
      const outcome = await this.watchOnce();
      if (this.stopped) break;
      if (outcome.type === 'forbidden') {
        this.report('forbidden', new Error(outcome.reason));
        return;
      }
      if (outcome.type === 'gone') {
        // The version we hold was compacted away: only a new list can give a consistent state.
        needList = true;
        quickGones = outcome.ms < this.options.minWatchMs ? quickGones + 1 : 0;
        if (quickGones > 1) await this.sleep(this.options.backoff.next());
        continue;
      }
      quickGones = 0;
      const worked = outcome.events > 0 || outcome.ms >= this.options.minWatchMs;
      // A watch that worked for a while starts a new count: one drop after hours is not the fifth failure.
      if (worked) this.options.backoff.reset();
      if (outcome.error === null && worked) continue;
      const delay = this.options.backoff.next();
      this.report('retrying', outcome.error ?? new Error('the watch closed at once'));
      await this.sleep(delay);
    }
    this.report('stopped');
  }

  /** Items get the kind and apiVersion that built-in lists leave out of each item. */
  private withKind(item: unknown): RawObject {
    const object = isRecord(item) ? item : {};
    return { apiVersion: this.target.served.apiVersion, kind: this.target.served.kind, ...object };
  }

  private async list(): Promise<ListOutcome> {
    const { served, namespace, name } = this.target;
    if (this.target.poll && name) {
      const response = await this.transport.request('GET', objectPath(served, '', name.value));
      if (response.status === 404) return { type: 'ok', items: [], resourceVersion: undefined };
      if (response.status === 403) return { type: 'forbidden', reason: apiError(403, response.body, `get ${name.value}`).message };
      if (response.status !== 200) return { type: 'error', error: apiError(response.status, response.body, `get ${served.plural} ${name.value}`) };
      return { type: 'ok', items: [this.withKind(response.body)], resourceVersion: undefined };
    }
    const path = collectionPath(served, namespace);
    const fieldSelector = this.fieldSelector();
    const items: RawObject[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.transport.request('GET', path, { query: { limit: String(this.options.pageSize), continue: token, fieldSelector } });
      if (response.status === 403) return { type: 'forbidden', reason: apiError(403, response.body, `list ${path}`).message };
      if (response.status !== 200) return { type: 'error', error: apiError(response.status, response.body, `list ${path}`) };
      const listed = field(response.body, 'items');
      for (const item of Array.isArray(listed) ? listed : []) items.push(this.withKind(item));
      const version = field(response.body, 'metadata', 'resourceVersion');
      const next = field(response.body, 'metadata', 'continue');
      if (typeof next !== 'string' || next === '') return { type: 'ok', items, resourceVersion: typeof version === 'string' ? version : undefined };
      token = next;
    }
    return { type: 'error', error: new Error(`list ${path} did not end after ${MAX_PAGES} pages`) };
  }

  private fieldSelector(): string | undefined {
    const name = this.target.name;
    return name ? `metadata.name${name.equals ? '=' : '!='}${name.value}` : undefined;
  }

  private watchOnce(): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve) => {
      const started = performance.now();
      const timeoutSeconds = this.options.watchTimeoutSeconds();
      let events = 0;
      let ended = false;
      let stop: (() => void) | undefined;
      const finish = (outcome: WatchOutcome) => {
        if (ended) return;
        ended = true;
        clearTimeout(watchdog);
        this.stopWatch = undefined;
        stop?.();
        resolve(outcome);
      };
      const elapsed = () => performance.now() - started;
      // The server ends the watch at timeoutSeconds; a connection that silently died would not, so the
      // client gives up a little later on its own.
      const watchdog = setTimeout(() => finish({ type: 'ended', error: new Error('the watch went silent'), events, ms: elapsed() }), (timeoutSeconds + 30) * 1000);
      const onEvent = (type: string, object: unknown) => {
        if (ended) return;
        events++;
        if (type === 'ERROR') {
          if (field(object, 'code') === 410) finish({ type: 'gone', ms: elapsed() });
          else finish({ type: 'ended', error: apiError(Number(field(object, 'code') ?? 500), object, `watch ${this.target.id}`), events, ms: elapsed() });
          return;
        }
        const version = field(object, 'metadata', 'resourceVersion');
        if (typeof version === 'string') this.resourceVersion = version;
        if (type === 'ADDED' || type === 'MODIFIED') this.sink.upserted(this.target, this.withKind(object));
        else if (type === 'DELETED') this.sink.deleted(this.target, this.withKind(object));
      };
      const onEnd = (end: { error: Error | null; statusCode: number | undefined }) => {
        if (end.statusCode === 410) finish({ type: 'gone', ms: elapsed() });
        else if (end.statusCode === 403) finish({ type: 'forbidden', reason: `watch ${this.target.id} is forbidden` });
        else finish({ type: 'ended', error: end.error, events, ms: elapsed() });
      };
      this.transport
        .watch(
          collectionPath(this.target.served, this.target.namespace),
          { resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds), fieldSelector: this.fieldSelector() },
          onEvent,
          onEnd,
        )
        .then(
          (stopper) => {
            stop = stopper;
            this.stopWatch = () => finish({ type: 'ended', error: null, events, ms: elapsed() });
            if (ended || this.stopped) stopper();
          },
          (error: unknown) => finish({ type: 'ended', error, events, ms: elapsed() }),
        );
    });
  }
}
