// A ConfigSource (the Kubernetes API) as a TextSource, so the console's YAML editor works on cluster objects
// as it does on files: each object is shown as YAML generated from the live object; Save is a replace that
// names the object's resourceVersion, after a server-side dry run whose admission errors are placed in the
// YAML; Create and Delete are what they say; and a conflict carries the object as it is now, so the editor
// can offer "reload" and "re-apply my change".
import { formatRef, isRecord, type Change, type ObjectRef } from '../core/index.js';
import { SourceWriteError, type AccessCheck, type ConfigSource, type RawObject, type SourceStatus, type WriteRequest } from './config-source.js';
import { checkDocument } from './files/file-source.js';
import type { LoadedSource } from './files/load.js';
import { PositionResolver } from './files/positions.js';
import { objectYaml, placeCauses } from './object-yaml.js';
import type { ObjectDocument, TextChange, TextSource, TextWriteResult, WriteRefusal } from './text-source.js';

export interface ConfigTextSourceOptions {
  /** Refuse every write, e.g. `meshlock serve --view-only`. */
  readonly viewOnly?: boolean;
  /** How long a write waits for the source's engine to include it before answering (default 2 s). */
  readonly settleMs?: number;
}

/** A change event names at most this many objects; more (or a resync) names none: everything may have changed. */
const NAMED_CHANGES = 100;
const NO_TEXTS: ReadonlyMap<string, string> = new Map();
/** Asked for the console as a whole: may this identity change Istio policy (cluster-wide, else in some namespace)? */
const ANY_POLICY: AccessCheck = { verb: 'update', apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' };
/** Namespaces asked at most when the answer cluster-wide is no; each answer is kept 30 s by the source. */
const NAMESPACES_ASKED = 50;

const refOfChange = (change: Change): ObjectRef => (change.type === 'upsert' ? change.object : change.ref);

function versionOf(raw: RawObject | undefined): string | undefined {
  const metadata = raw?.metadata;
  return isRecord(metadata) && typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
}

/** resourceVersions are etcd revisions in practice; a later one also means "the save has landed". */
function atLeast(seen: string, wanted: string): boolean {
  if (seen === wanted) return true;
  return /^\d+$/.test(seen) && /^\d+$/.test(wanted) && BigInt(seen) > BigInt(wanted);
}

export class ConfigTextSource implements TextSource {
  readonly readOnlyReason: string | undefined;
  private readonly source: ConfigSource;
  private readonly settleMs: number;
  private loaded: LoadedSource;
  private readonly listeners = new Set<(change: TextChange) => void>();
  private readonly statusListeners = new Set<(status: SourceStatus) => void>();
  private readonly unsubscribe: () => void;

  /** `source` must be ready: its snapshot is read at once. */
  constructor(source: ConfigSource, options: ConfigTextSourceOptions = {}) {
    this.source = source;
    this.readOnlyReason = options.viewOnly ? 'the console was started with --view-only' : undefined;
    this.settleMs = options.settleMs ?? 2_000;
    this.loaded = this.read();
    this.unsubscribe = source.subscribe((event) => {
      if (event.type === 'status') {
        for (const listener of this.statusListeners) listener(event.status);
        return;
      }
      this.loaded = this.read();
      const files = event.changes.length <= NAMED_CHANGES ? event.changes.map((c) => formatRef(refOfChange(c))) : [];
      for (const listener of [...this.listeners]) listener({ files });
    });
  }

  get description(): string {
    return this.source.status().source;
  }

  current(): LoadedSource {
    return this.loaded;
  }

  onChange(listener: (change: TextChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SourceStatus {
    return this.source.status();
  }

  onStatus(listener: (status: SourceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  document(ref: ObjectRef): ObjectDocument | undefined {
    const raw = this.source.object(ref);
    return raw && { text: objectYaml(raw), version: versionOf(raw) ?? '' };
  }

  async writeAccess(ref?: ObjectRef): Promise<string | undefined> {
    if (this.readOnlyReason) return this.readOnlyReason;
    const refused = (reason: string) => `the API server does not allow edits with this identity (${reason})`;
    if (ref) {
      const apiVersion = this.source.object(ref)?.apiVersion;
      const check: AccessCheck = { verb: 'update', apiVersion: typeof apiVersion === 'string' ? apiVersion : '', kind: ref.kind, ...(ref.namespace ? { namespace: ref.namespace } : {}), name: ref.name };
      const decision = await this.source.access(check);
      return decision.allowed ? undefined : refused(decision.reason);
    }
    const clusterWide = await this.source.access(ANY_POLICY);
    if (clusterWide.allowed) return undefined;
    // RBAC often grants edits per namespace (a RoleBinding): then the console is not read-only, and each
    // object's own check decides its edit buttons.
    const namespaces = [...this.loaded.snapshot.namespaces.keys()].slice(0, NAMESPACES_ASKED);
    const decisions = await Promise.all(namespaces.map((namespace) => this.source.access({ ...ANY_POLICY, namespace })));
    return decisions.some((d) => d.allowed) ? undefined : refused(clusterWide.reason);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.listeners.clear();
    this.statusListeners.clear();
  }

  update(ref: ObjectRef, text: string, version: string): Promise<TextWriteResult> {
    if (this.readOnlyReason) return Promise.resolve({ ok: false, code: 'read-only', message: `read-only: ${this.readOnlyReason}` });
    const checked = checkDocument(text, ref);
    if ('code' in checked) return Promise.resolve({ ok: false, ...checked });
    return this.write({ op: 'replace', object: forWrite(checked.object.raw, ref.namespace, version) }, ref, text);
  }

  create(text: string): Promise<TextWriteResult> {
    if (this.readOnlyReason) return Promise.resolve({ ok: false, code: 'read-only', message: `read-only: ${this.readOnlyReason}` });
    const checked = checkDocument(text);
    if ('code' in checked) return Promise.resolve({ ok: false, ...checked });
    const ref: ObjectRef = { kind: checked.object.kind, namespace: checked.object.namespace, name: checked.object.name };
    return this.write({ op: 'create', object: forWrite(checked.object.raw, ref.namespace) }, ref, text);
  }

  remove(ref: ObjectRef, version: string): Promise<TextWriteResult> {
    if (this.readOnlyReason) return Promise.resolve({ ok: false, code: 'read-only', message: `read-only: ${this.readOnlyReason}` });
    const apiVersion = this.source.object(ref)?.apiVersion;
    if (typeof apiVersion !== 'string') return Promise.resolve({ ok: false, code: 'not-found', message: `${formatRef(ref)} does not exist` });
    return this.write({ op: 'delete', target: { apiVersion, ...ref }, resourceVersion: version }, ref, undefined);
  }

  private read(): LoadedSource {
    return { snapshot: this.source.snapshot(), files: [], texts: NO_TEXTS, positions: new PositionResolver(NO_TEXTS), engine: this.source.engine() };
  }

  /** A dry run first, so admission errors come back placed in the text before anything is stored. */
  private async write(request: WriteRequest, ref: ObjectRef, text: string | undefined): Promise<TextWriteResult> {
    try {
      if (request.op !== 'delete') await this.source.write({ ...request, dryRun: true });
      const result = await this.source.write(request);
      await this.settle(ref, request.op === 'delete' ? undefined : versionOf(result.object));
      return { ok: true, ref, file: formatRef(ref) };
    } catch (error) {
      if (error instanceof SourceWriteError) return { ok: false, ...refusalOf(error, text) };
      throw error;
    }
  }

  /**
   * The console answers a save with the object as the new snapshot has it, so a write returns once the
   * engine includes it (the source applies its own writes in its next batch), or after `settleMs`.
   */
  private settle(ref: ObjectRef, version: string | undefined): Promise<void> {
    if (this.reflects(ref, version)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, this.settleMs);
      const off = this.onChange(() => {
        if (this.reflects(ref, version)) done();
      });
    });
  }

  /** Whether the current snapshot has `ref` at `version` or later; with no version, whether it is gone. */
  private reflects(ref: ObjectRef, version: string | undefined): boolean {
    const found = this.loaded.snapshot.objectsByKind.get(ref.kind)?.find((o) => o.namespace === ref.namespace && o.name === ref.name);
    if (version === undefined) return found === undefined;
    const seen = versionOf(found?.raw);
    return seen !== undefined && atLeast(seen, version);
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
      return { code: 'conflict', message: error.message, ...(current ? { current: { text: objectYaml(current), version: versionOf(current) ?? '' } } : {}) };
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
